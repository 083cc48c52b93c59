// The event catalog in real headless Chromium (Debian's, driven by playwright-core):
// the index lists every event, the search filters, every link resolves, nothing
// is fetched from the network, and the catalog also works opened from disk.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCatalog } from "../../scripts/catalog/build-catalog.js";
import { buildImage } from "../../scripts/lib/buf-image.js";
import { imageEvents } from "../../scripts/lib/image-events.js";
import { launchChromium } from "../../scripts/lib/chromium.js";
import { serveFolder, type StaticServer } from "./static-server.js";
import { repoRoot } from "./workspace.js";

const image = buildImage(".", repoRoot);
const events = imageEvents(image).events;
const eventNames = [...new Set(events.map((e) => e.name))].sort();
const outDir = mkdtempSync(join(tmpdir(), "protoevents-catalog-"));

let server: StaticServer;
let opened: Promise<{ browser: Browser; page: Page }> | undefined;
/** Requests that left the catalog's own origin. */
const offsite: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  writeCatalog(repoRoot, outDir, image);
  server = await serveFolder(outDir);
});

afterAll(async () => {
  await (await opened?.catch(() => undefined))?.browser.close();
  await server?.close();
  rmSync(outDir, { recursive: true, force: true });
});

/**
 * The browser tab of the tests, opened by the first test that needs it. Each
 * test asks for it, so a missing Chromium fails every test with the reason.
 */
async function openPage(): Promise<Page> {
  opened ??= (async () => {
    const browser = await launchChromium();
    const page = await browser.newPage();
    page.setDefaultTimeout(5_000);
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(server.origin) || url.startsWith("file:")) return route.continue();
      offsite.push(url);
      return route.abort();
    });
    return { browser, page };
  })();
  return (await opened).page;
}

async function visibleEvents(page: Page): Promise<string[]> {
  return page.locator("#events tbody tr:visible").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-event") ?? ""));
}

describe("event catalog in Chromium", () => {
  it("lists every event, with a link to each of its versions", async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/index.html`);
    expect(await page.title()).toBe("Events · protoevents event catalog");
    expect(await visibleEvents(page)).toEqual(eventNames);
    for (const event of events) {
      const link = page.locator(`#events tr[data-event="${event.name}"] td.versions a`, { hasText: event.version });
      expect(await link.getAttribute("href")).toBe(`events/${event.name}/${event.version}.html`);
    }
    await expect(page.locator("#search-count").textContent()).resolves.toBe(`${eventNames.length} events`);
  });

  it("filters the events by every word typed into the search box", async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/index.html`);
    await page.fill("#search", "order");
    expect(await visibleEvents(page)).toEqual(["order.completed", "order.placed"]);
    expect(await page.locator("#search-count").textContent()).toBe(`2 of ${eventNames.length} events`);
    await page.fill("#search", "identity email changed");
    expect(await visibleEvents(page)).toEqual(["user.email.changed"]);
    await page.fill("#search", "given_name");
    expect(await visibleEvents(page)).toEqual(["user.created"]);
    await page.fill("#search", "no-such-event");
    expect(await visibleEvents(page)).toEqual([]);
    expect(await page.locator("#no-match").isVisible()).toBe(true);
    await page.fill("#search", "");
    expect(await visibleEvents(page)).toEqual(eventNames);
    expect(await page.locator("#no-match").isVisible()).toBe(false);
  });

  it("takes a search from the address, ?q=", async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/index.html?q=admin`);
    expect(await visibleEvents(page)).toEqual(["admin.account.created"]);
  });

  it("resolves every link of every page, anchors included, with no request off the site", async () => {
    const page = await openPage();
    const seen = new Set<string>();
    const queue = [`${server.origin}/index.html`];
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      const [address, fragment] = url.split("#") as [string, string | undefined];
      if (!seen.has(address)) {
        seen.add(address);
        const response = await page.goto(address);
        expect(response?.status(), address).toBe(200);
        const hrefs = await page.locator("a[href]").evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href") ?? ""));
        queue.push(...hrefs.map((href) => new URL(href, address).href));
      }
      if (fragment !== undefined && fragment !== "") {
        await page.goto(address);
        expect(await page.locator(`[id="${fragment}"]`).count(), url).toBe(1);
      }
    }
    const pages = [...seen].map((u) => u.slice(server.origin.length));
    expect(pages).toEqual(expect.arrayContaining(["/index.html", "/envelope.html", ...events.map((e) => `/events/${e.name}/${e.version}.html`)]));
    expect(server.missing).toEqual([]);
    expect(offsite).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("shows an event version: fields, example payload, imports, envelope and changes", async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/events/user.created/v2.html`);
    const fields = await page.locator("#fields table.fields tbody tr").evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll("td")].slice(0, 4).map((td) => td.textContent?.trim()).join(" ")),
    );
    expect(fields).toEqual([
      "1 id id string",
      "3 email email string",
      "4 created_at createdAt int64",
      "5 given_name givenName string",
      "6 family_name familyName string",
    ]);
    const payload = JSON.parse((await page.locator("#example pre").textContent()) ?? "") as Record<string, unknown>;
    expect(Object.keys(payload)).toEqual(["id", "email", "createdAt", "givenName", "familyName"]);
    expect(await page.locator("#imports pre").allTextContents()).toEqual([
      'import { UserCreatedSchema, type UserCreated } from "protoevents/user/v2";',
      "from protoevents.user.v2 import UserCreated",
    ]);
    const envelope = JSON.parse((await page.locator("#envelope pre").textContent()) ?? "") as Record<string, unknown>;
    expect([envelope["eventName"], envelope["eventVersion"], envelope["aggregateId"]]).toEqual(["user.created", "v2", payload["id"]]);
    expect(await page.locator("#changes li").allTextContents()).toEqual([
      "removed name = 2 (string), number 2 reserved",
      "added given_name = 5 (string)",
      "added family_name = 6 (string)",
    ]);
    await page.click("#changes a");
    expect(page.url()).toBe(`${server.origin}/events/user.created/v1.html`);
    expect(await page.locator("#changes").textContent()).toContain("First version of user.created.");
  });

  it("works opened from disk, with no server", async () => {
    const page = await openPage();
    await page.goto(pathToFileURL(join(outDir, "index.html")).href);
    await page.fill("#search", "placed");
    expect(await visibleEvents(page)).toEqual(["order.placed"]);
    await page.click("#events tr:visible a.event-name");
    expect(await page.locator("h1").textContent()).toBe("order.placed v1");
    const stylesheet = await page.evaluate("getComputedStyle(document.querySelector('header.top')).backgroundColor");
    expect(stylesheet).toBe("rgb(24, 32, 54)");
    const screenshot = await page.screenshot();
    expect(screenshot.subarray(1, 4).toString()).toBe("PNG");
  });
});
