import { describe, expect, it } from "vitest";
import { frameworkPackageNames, type PackageNames } from "../../scripts/lib/package-names.js";
import { absoluteLink, npmReadme, NpmReadmeError } from "../../scripts/release/npm-readme.js";

const acme: PackageNames = {
  ...frameworkPackageNames,
  npm: "@acme/events",
  pythonDistribution: "acme-events",
  pythonImport: "acme_events",
  project: { ...frameworkPackageNames.project, repository: "https://git.acme.example/events", issues: "https://git.acme.example/events/issues" },
};
const manifest = { description: "Acme's events.", license: "Apache-2.0" };

// A contributors' README in the shape of the repository's: a build part, the marked users' part, more.
const readme = `# protoevents

## Quick start
npm run build

<!-- npm-readme:start -->
## Using the npm package

\`\`\`sh
npm install protoevents @bufbuild/protobuf
\`\`\`

\`\`\`ts
import { wrap } from "protoevents";
import { events } from 'protoevents/shop/v1';
\`\`\`

Each subpath \`protoevents/<domain>/<version>\`; the envelope is \`protoevents.v1.Envelope\`.
See [the contract](docs/decoding.md), [bytes](./docs/bytes.md#keys), [Releasing](#releasing),
[buf](https://buf.build) and ![the catalog](docs/catalog.png).

\`\`\`python
from protoevents import DecodeLimits
from protoevents.shop.v1 import OrderPlaced
\`\`\`
<!-- npm-readme:end -->
## Releasing
`;

describe("npmReadme", () => {
  const page = npmReadme(readme, acme, manifest);

  it("shows the marked part under the package's name and description, then the links", () => {
    expect(page.startsWith("# @acme/events\n\nAcme's events.\n\n## Using the npm package\n")).toBe(true);
    expect(page).not.toContain("Quick start");
    expect(page).not.toContain("## Releasing");
    expect(page).toContain("- Repository, schemas and docs: https://git.acme.example/events\n");
    expect(page).toContain("`pip install acme-events`");
    expect(page).toContain("- License: Apache-2.0");
  });

  it("makes every relative link absolute in the repository, images as raw files", () => {
    expect(page).toContain("[the contract](https://git.acme.example/events/blob/HEAD/docs/decoding.md)");
    expect(page).toContain("[bytes](https://git.acme.example/events/blob/HEAD/docs/bytes.md#keys)");
    expect(page).toContain("[Releasing](https://git.acme.example/events#releasing)");
    expect(page).toContain("[buf](https://buf.build)");
    expect(page).toContain("![the catalog](https://git.acme.example/events/raw/HEAD/docs/catalog.png)");
  });

  it("puts the npm name in install lines, specifiers and subpaths, the Python name in Python imports, and leaves proto names", () => {
    expect(page).toContain("npm install @acme/events @bufbuild/protobuf");
    expect(page).toContain('import { wrap } from "@acme/events";');
    expect(page).toContain("import { events } from '@acme/events/shop/v1';");
    expect(page).toContain("Each subpath `@acme/events/<domain>/<version>`");
    expect(page).toContain("`protoevents.v1.Envelope`");
    expect(page).toContain("from acme_events import DecodeLimits\nfrom acme_events.shop.v1 import OrderPlaced");
  });

  it("refuses a README without the marked part", () => {
    expect(() => npmReadme("# x\n", acme, manifest)).toThrow(NpmReadmeError);
    expect(() => npmReadme("<!-- npm-readme:end --> <!-- npm-readme:start -->", acme, manifest)).toThrow("missing or out of order");
  });
});

describe("absoluteLink", () => {
  it.each([
    ["mailto:team@acme.example", "mailto:team@acme.example"],
    ["//cdn.example/x.png", "//cdn.example/x.png"],
    ["HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"],
    ["testdata/vectors/README.md", "https://r.example/x/blob/HEAD/testdata/vectors/README.md"],
  ])("%s -> %s", (target, expected) => {
    expect(absoluteLink(target, "https://r.example/x", false)).toBe(expected);
  });
});
