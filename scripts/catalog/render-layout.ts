import { html, type Html } from "./html.js";

/** What every catalog page needs: its title, the catalog's, its depth and its content. */
export interface PageInput {
  readonly title: string;
  /** The catalog's title, from protoevents.names.yaml. */
  readonly catalogTitle: string;
  /** The path from the page to the catalog root, "" or "../../". */
  readonly toRoot: string;
  readonly main: Html;
  /** Scripts of assets/ the page loads, e.g. `search.js`. */
  readonly scripts?: readonly string[];
}

/**
 * Wraps a page's content in the catalog's layout: header with navigation,
 * the local stylesheet, footer. Everything is relative, so the catalog opens
 * from disk as well as from a server, with no network.
 */
export function renderPage({ title, catalogTitle, toRoot, main, scripts = [] }: PageInput): string {
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${catalogTitle}</title>
<link rel="stylesheet" href="${toRoot}assets/catalog.css">
</head>
<body>
<header class="top">
  <a class="brand" href="${toRoot}index.html">${catalogTitle}</a>
  <nav><a href="${toRoot}index.html">Events</a><a href="${toRoot}envelope.html">Envelope</a></nav>
</header>
<main>
${main}
</main>
<footer>Generated from the .proto files by <code>npm run build</code>: edit the schemas, not this page.</footer>
${scripts.map((s) => html`<script src="${toRoot}assets/${s}"></script>\n`)}</body>
</html>
`.value}`;
}
