// The README of the npm package, the page npm shows: the repository README is written for
// contributors (Quick start is `npm run build`), so the package gets the part written for its
// users, marked in README.md, with links that resolve from npm and the organisation's names.
import type { PackageNames } from "../lib/package-names.js";

/** The markers around the part of README.md that the npm package's README shows. */
export const npmReadmeMarkers = { start: "<!-- npm-readme:start -->", end: "<!-- npm-readme:end -->" } as const;

/** Thrown when README.md lacks the markers, or has them out of order. */
export class NpmReadmeError extends Error {
  override readonly name = "NpmReadmeError";
}

/**
 * A link target as a reader of the package page reaches it: a relative path becomes the file in
 * the repository (`<repository>/blob/HEAD/<path>`, `raw` for an image), `#anchor` the repository
 * README's heading. Absolute addresses and `mailto:` stay as they are.
 */
export function absoluteLink(target: string, repository: string, image: boolean): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) return target;
  if (target.startsWith("#")) return `${repository}${target}`;
  const path = target.replace(/^\.\//, "");
  return `${repository}/${image ? "raw" : "blob"}/HEAD/${path}`;
}

/**
 * The npm package's README from the repository's README.md: a title and the package's
 * description, the marked users' part with every link made absolute and the organisation's
 * names put in place of `protoevents` (the npm name in install lines, import specifiers and
 * subpaths, the Python import name in Python imports), then where to find the repository, the
 * Python package and the license.
 *
 * @throws {NpmReadmeError} when README.md has no marked part.
 */
export function npmReadme(readme: string, names: PackageNames, manifest: { readonly description: string; readonly license: string }): string {
  const start = readme.indexOf(npmReadmeMarkers.start);
  const end = readme.indexOf(npmReadmeMarkers.end);
  if (start < 0 || end < start) {
    throw new NpmReadmeError(`README.md: the npm package's README is the part between ${npmReadmeMarkers.start} and ${npmReadmeMarkers.end}, and they are missing or out of order`);
  }
  const { repository } = names.project;
  const part = readme
    .slice(start + npmReadmeMarkers.start.length, end)
    .trim()
    .replace(/(!?)\[([^\]]*)\]\(([^)\s]+)\)/g, (_, bang: string, text: string, target: string) => `${bang}[${text}](${absoluteLink(target, repository, bang === "!")})`)
    .replace(/(["'`\s])protoevents(?=\/)|(["'])protoevents(?=["'])|(npm install )protoevents(?=\s)/g, (_, ...lead: (string | undefined)[]) => `${lead.slice(0, 3).join("")}${names.npm}`)
    .replace(/\b(from|import) protoevents(?=[\s.])/g, `$1 ${names.pythonImport}`);
  return [
    `# ${names.npm}`,
    "",
    manifest.description,
    "",
    part,
    "",
    "## Links",
    "",
    `- Repository, schemas and docs: ${repository}`,
    `- Issues: ${names.project.issues}`,
    `- The Python package with the same schemas and the same bytes: \`pip install ${names.pythonDistribution}\``,
    `- License: ${manifest.license} (the \`LICENSE\` file in this package)`,
    "",
  ].join("\n");
}
