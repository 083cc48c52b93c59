// The release's reading of registries and changesets: environment variables, the npm token
// entry, and the PEP 503 page that tells which versions an index has, served over real HTTP.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pendingChangesets } from "../../scripts/release/changesets.js";
import {
  defaultNpmRegistry,
  defaultPipIndex,
  npmAuthEnv,
  pypiHasVersion,
  readRegistries,
  registryEnvKeys,
} from "../../scripts/release/registries.js";

describe("readRegistries", () => {
  it("falls back to npmjs.org and pypi.org when nothing is set", () => {
    const registries = readRegistries({});
    expect(registries).toEqual({
      npmRegistry: defaultNpmRegistry,
      npmToken: undefined,
      twineRepositoryUrl: undefined,
      twineCredentials: false,
      twineEnv: {},
      pipIndex: defaultPipIndex,
      oidc: false,
    });
  });

  it("sees trusted publishing only when the CI offers both OIDC variables", () => {
    const github = { ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.example/", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t" };
    expect(readRegistries(github).oidc).toBe(true);
    expect(readRegistries({ ...github, ACTIONS_ID_TOKEN_REQUEST_TOKEN: "" }).oidc).toBe(false);
    expect(readRegistries({ ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.example/" }).oidc).toBe(false);
  });

  it("reads the tools' own variables and adds the trailing slash", () => {
    const env = {
      NPM_CONFIG_REGISTRY: "http://127.0.0.1:4873",
      NPM_TOKEN: "t0k",
      TWINE_REPOSITORY_URL: "http://127.0.0.1:8080/",
      TWINE_USERNAME: "u",
      TWINE_PASSWORD: "p",
      PIP_INDEX_URL: "http://127.0.0.1:8080/simple",
    };
    const registries = readRegistries(env);
    expect(registries.npmRegistry).toBe("http://127.0.0.1:4873/");
    expect(registries.npmToken).toBe("t0k");
    expect(registries.twineCredentials).toBe(true);
    expect(registries.twineEnv).toEqual({ TWINE_REPOSITORY_URL: "http://127.0.0.1:8080/", TWINE_USERNAME: "u", TWINE_PASSWORD: "p" });
    expect(registries.pipIndex).toBe("http://127.0.0.1:8080/simple/");
    expect(Object.keys(env).every((key) => registryEnvKeys.includes(key))).toBe(true);
  });

  it("needs both TWINE_USERNAME and TWINE_PASSWORD for credentials", () => {
    expect(readRegistries({ TWINE_USERNAME: "u" }).twineCredentials).toBe(false);
    expect(readRegistries({ TWINE_USERNAME: "u", TWINE_PASSWORD: "" }).twineCredentials).toBe(false);
  });
});

describe("npmAuthEnv", () => {
  it("scopes the token to the registry's host and path, as .npmrc does", () => {
    expect(npmAuthEnv("http://127.0.0.1:4873/", "abc")).toEqual({ "npm_config_//127.0.0.1:4873/:_authToken": "abc" });
    expect(npmAuthEnv("https://npm.example.com/api/npm", "abc")).toEqual({ "npm_config_//npm.example.com/api/npm/:_authToken": "abc" });
  });
});

describe("pypiHasVersion", () => {
  let server: Server;
  let index: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === "/simple/protoevents/") {
        response.writeHead(200, { "content-type": "text/html" });
        response.end(
          '<html><body><a href="/packages/protoevents-0.2.0-py3-none-any.whl">protoevents-0.2.0-py3-none-any.whl</a>' +
            '<a href="/packages/protoevents-0.3.0.tar.gz">protoevents-0.3.0.tar.gz</a></body></html>',
        );
      } else if (request.url === "/simple/acme-events/") {
        response.writeHead(200, { "content-type": "text/html" });
        response.end('<html><body><a href="/packages/acme_events-1.0.0-py3-none-any.whl">acme_events-1.0.0-py3-none-any.whl</a></body></html>');
      } else if (request.url === "/simple/broken/") {
        response.writeHead(500);
        response.end();
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    index = `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("finds a version by its wheel or its sdist, and nothing else", async () => {
    const registries = readRegistries({ PIP_INDEX_URL: index });
    expect(await pypiHasVersion(registries, "protoevents", "0.2.0")).toBe(true);
    expect(await pypiHasVersion(registries, "protoevents", "0.3.0")).toBe(true);
    expect(await pypiHasVersion(registries, "protoevents", "0.2")).toBe(false);
    expect(await pypiHasVersion(registries, "protoevents", "0.2.1")).toBe(false);
  });

  it("asks for the page of the normalized name and matches the normalized file names", async () => {
    const registries = readRegistries({ PIP_INDEX_URL: index });
    expect(await pypiHasVersion(registries, "Acme.Events", "1.0.0")).toBe(true);
    expect(await pypiHasVersion(registries, "acme_events", "1.0.0")).toBe(true);
    expect(await pypiHasVersion(registries, "acme-events", "1.0.1")).toBe(false);
  });

  it("says no for a package the index does not know, and throws when the index fails", async () => {
    const registries = readRegistries({ PIP_INDEX_URL: index });
    expect(await pypiHasVersion(registries, "other", "0.1.0")).toBe(false);
    await expect(pypiHasVersion(registries, "broken", "0.1.0")).rejects.toThrow(/answered 500/);
  });
});

describe("pendingChangesets", () => {
  const dir = mkdtempSync(join(tmpdir(), "protoevents-changesets-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists the Markdown files of .changeset/ except its README", () => {
    mkdirSync(join(dir, ".changeset"));
    for (const name of ["README.md", "config.json", "brave-fox.md", "calm-owl.md"]) writeFileSync(join(dir, ".changeset", name), "");
    expect(pendingChangesets(dir)).toEqual(["brave-fox.md", "calm-owl.md"]);
  });
});
