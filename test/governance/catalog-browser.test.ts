// The event catalog in real headless Chromium (Debian's, driven by playwright-core):
// the index lists every event, the search filters, every link resolves, nothing is
// fetched from the network, and the catalog also works opened from disk. The features
// are checked on the catalog of the framework's fixture module; the catalog of the
// repository's proto/ is checked generically, whatever events it holds.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCatalog } from "../../scripts/catalog/build-catalog.js";
import { buildImage } from "../../scripts/schema/buf-image.js";
import { launchChromium } from "../../scripts/catalog/chromium.js";
import { imageEvents } from "../../scripts/schema/image-events.js";
import { loadPackageNames } from "../../scripts/lib/package-names.js";
import { serveFolder, type StaticServer } from "./static-server.js";
import { repoRoot, writeFixtureWorkspace } from "./workspace.js";

const tempDir = mkdtempSync(join(tmpdir(), "protoevents-catalog-"));
const fixtureWorkspace = join(tempDir, "workspace");
/** The served folder: the fixture catalog in fixture/, the repository's in repository/. */
const siteDir = join(tempDir, "site");
const repositoryImage = buildImage(".", repoRoot);
mkdirSync(fixtureWorkspace);
writeFixtureWorkspace(fixtureWorkspace);
const fixtureImage = buildImage(".", fixtureWorkspace);
/** The fixture events by name, sorted as the index lists them. */
const fixtureEvents = [...new Set(imageEvents(fixtureImage).events.map((e) => e.name))].sort();
/** The fixture events whose owner is `framework-tests`. */
const ownedByFrameworkTests = [...new Set(imageEvents(fixtureImage).events.filter((e) => e.owner === "framework-tests").map((e) => e.name))].sort();

let server: StaticServer;
let opened: Promise<{ browser: Browser; page: Page }> | undefined;
/** Requests that left the catalog's own origin. */
const offsite: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  writeCatalog(fixtureWorkspace, join(siteDir, "fixture"), fixtureImage);
  writeCatalog(repoRoot, join(siteDir, "repository"), repositoryImage);
  server = await serveFolder(siteDir);
});

afterAll(async () => {
  await (await opened?.catch(() => undefined))?.browser.close();
  await server?.close();
  rmSync(tempDir, { recursive: true, force: true });
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

/**
 * Follows every link from a catalog's index, checking that each page answers
 * 200 and each anchor exists; returns the pages seen, relative to the catalog.
 */
async function crawl(page: Page, catalog: string): Promise<string[]> {
  const base = `${server.origin}/${catalog}/`;
  const seen = new Set<string>();
  const queue = [`${base}index.html`];
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
  return [...seen].map((u) => (u.startsWith(base) ? u.slice(base.length) : u));
}

describe("the catalog of the repository's proto/ in Chromium, whatever events it holds", () => {
  const events = imageEvents(repositoryImage).events.filter((e) => e.name !== "");

  it("lists every event with a link to each version, and every link resolves with no request off the site", async () => {
    expect(events.length).toBeGreaterThan(0);
    const page = await openPage();
    await page.goto(`${server.origin}/repository/index.html`);
    expect(await visibleEvents(page)).toEqual([...new Set(events.map((e) => e.name))].sort());
    for (const event of events) {
      const link = page.locator(`#events tr[data-event="${event.name}"] td.versions a`, { hasText: event.version });
      expect(await link.getAttribute("href")).toBe(`events/${event.name}/${event.version}.html`);
    }
    const pages = await crawl(page, "repository");
    expect(pages).toEqual(expect.arrayContaining(["index.html", "envelope.html", ...events.map((e) => `events/${e.name}/${e.version}.html`)]));
    expect(server.missing).toEqual([]);
    expect(offsite).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe("the catalog of the fixture module in Chromium", () => {
  it("lists every event, with a link to each of its versions and the deprecated one marked", async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/fixture/index.html`);
    expect(await page.title()).toBe(`Events · ${loadPackageNames(repoRoot).catalogTitle}`);
    expect(await visibleEvents(page)).toEqual(fixtureEvents);
    const versions = await page.locator('#events tr[data-event="fixture.parcel.shipped"] td.versions a').evaluateAll((links) =>
      links.map((a) => `${a.textContent} ${a.getAttribute("href")}`),
    );
    expect(versions).toEqual(["v1 events/fixture.parcel.shipped/v1.html", "v2 events/fixture.parcel.shipped/v2.html"]);
    expect(await page.locator('#events tr[data-event="fixture.legacy.recorded"] .badge.deprecated').count()).toBe(1);
    expect(await page.locator('#events tr[data-event="fixture.parcel.shipped"] .badge.deprecated').count()).toBe(0);
    expect(await page.locator("#search-count").textContent()).toBe(`${fixtureEvents.length} events`);
  });

  it("filters the events by every word typed into the search box: name, description, owner, field", async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/fixture/index.html`);
    await page.fill("#search", "parcel");
    expect(await visibleEvents(page)).toEqual(["fixture.parcel.shipped"]);
    expect(await page.locator("#search-count").textContent()).toBe(`1 of ${fixtureEvents.length} events`);
    await page.fill("#search", "warehouse");
    expect(await visibleEvents(page)).toEqual(["fixture.parcel.shipped"]);
    await page.fill("#search", "framework-tests");
    expect(ownedByFrameworkTests).toEqual(expect.arrayContaining(["fixture.parcel.shipped", "fixture.scalars.recorded"]));
    expect(ownedByFrameworkTests).not.toContain("fixture.legacy.recorded");
    expect(await visibleEvents(page)).toEqual(ownedByFrameworkTests);
    await page.fill("#search", "framework-tests sfixed32_value");
    expect(await visibleEvents(page)).toEqual(["fixture.scalars.recorded"]);
    await page.fill("#search", "tracking_code");
    expect(await visibleEvents(page)).toEqual(["fixture.parcel.shipped"]);
    await page.fill("#search", "no-such-event");
    expect(await visibleEvents(page)).toEqual([]);
    expect(await page.locator("#no-match").isVisible()).toBe(true);
    await page.fill("#search", "");
    expect(await visibleEvents(page)).toEqual(fixtureEvents);
    expect(await page.locator("#no-match").isVisible()).toBe(false);
  });

  it("takes a search from the address, ?q=", async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/fixture/index.html?q=legacy`);
    expect(await visibleEvents(page)).toEqual(["fixture.legacy.recorded"]);
  });

  it("resolves every link of every page, anchors included, with no request off the site", async () => {
    const page = await openPage();
    const pages = await crawl(page, "fixture");
    expect(pages).toEqual(
      expect.arrayContaining([
        "index.html",
        "envelope.html",
        "events/fixture.legacy.recorded/v1.html",
        "events/fixture.parcel.shipped/v1.html",
        "events/fixture.parcel.shipped/v2.html",
        "events/fixture.scalars.recorded/v1.html",
      ]),
    );
    expect(server.missing).toEqual([]);
    expect(offsite).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("shows an event version: fields, example payload, imports, envelope and changes", async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/fixture/events/fixture.parcel.shipped/v2.html`);
    const fields = await page.locator("#fields table.fields tbody tr").evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll("td")].slice(0, 4).map((td) => td.textContent?.trim()).join(" ")),
    );
    expect(fields).toEqual(["1 parcel_id parcelId string", "4 labels labels repeated string", "12 tracking_code trackingCode string"]);
    const payload = JSON.parse((await page.locator("#example pre").textContent()) ?? "") as Record<string, unknown>;
    expect(Object.keys(payload)).toEqual(["parcelId", "labels", "trackingCode"]);
    const names = loadPackageNames(repoRoot);
    expect(await page.locator("#imports pre").allTextContents()).toEqual([
      `import { ParcelShippedSchema, type ParcelShipped } from "${names.npm}/fixture/v2";`,
      `from ${names.pythonImport}.fixture.v2 import ParcelShipped`,
    ]);
    const envelope = JSON.parse((await page.locator("#envelope pre").textContent()) ?? "") as Record<string, unknown>;
    expect([envelope["eventName"], envelope["eventVersion"], envelope["aggregateId"]]).toEqual(["fixture.parcel.shipped", "v2", payload["parcelId"]]);
    expect(await page.locator("#changes li").allTextContents()).toEqual([
      "removed destination = 2 (Address), number 2 reserved",
      "removed items = 3 (repeated ParcelShipped.Item), number 3 reserved",
      "removed tags = 5 (map<string, string>), number 5 reserved",
      "removed stops = 6 (map<string, Address>), number 6 reserved",
      "removed priority = 7 (Priority), number 7 reserved",
      "removed courier = 8 (string), number 8 reserved",
      "removed postal_service = 9 (string), number 9 reserved",
      "removed note = 10 (string), number 10 reserved",
      "removed weights_grams = 11 (repeated int64), number 11 reserved",
      "added tracking_code = 12 (string)",
    ]);
    await page.click("#changes a");
    expect(page.url()).toBe(`${server.origin}/fixture/events/fixture.parcel.shipped/v1.html`);
    expect(await page.locator("#changes").textContent()).toContain("First version of fixture.parcel.shipped.");
  });

  it("shows a deprecated event with its banner", async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/fixture/events/fixture.legacy.recorded/v1.html`);
    expect(await page.locator("#deprecation").textContent()).toContain("Deprecated.");
  });

  it("works opened from disk, with no server", async () => {
    const page = await openPage();
    await page.goto(pathToFileURL(join(siteDir, "fixture", "index.html")).href);
    await page.fill("#search", "scalars");
    expect(await visibleEvents(page)).toEqual(["fixture.scalars.recorded"]);
    await page.click("#events tr:visible a.event-name");
    expect(await page.locator("h1").textContent()).toBe("fixture.scalars.recorded v1");
    const stylesheet = await page.evaluate("getComputedStyle(document.querySelector('header.top')).backgroundColor");
    expect(stylesheet).toBe("rgb(24, 32, 54)");
    const screenshot = await page.screenshot();
    expect(screenshot.subarray(1, 4).toString()).toBe("PNG");
  });
});
