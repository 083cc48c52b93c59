import type { DescMessage } from "@bufbuild/protobuf";
import type { CatalogModel } from "./catalog-model.js";
import { docComment } from "./doc-comment.js";
import { commentHtml, html } from "./html.js";
import { renderPage } from "./render-layout.js";
import { fieldsTable } from "./render-fields.js";

/**
 * Renders the envelope's page: its comment and fields, and the events that
 * travel in it.
 */
export function renderEnvelopePage(envelope: DescMessage, model: CatalogModel): string {
  const main = html`<p class="crumbs"><a href="index.html">Events</a> › Envelope</p>
<h1><code>${envelope.typeName}</code></h1>
${commentHtml(docComment(envelope))}
<section id="fields">
<h2>Fields</h2>
${fieldsTable(envelope, new Set())}
</section>
<section id="events-in-envelope">
<h2>Events it carries</h2>
<ul class="event-list">${model.events.map((e) => html`<li><a href="${e.page}"><code>${e.name}</code> ${e.version}</a></li>`)}</ul>
</section>`;
  return renderPage({ title: "Envelope", catalogTitle: model.names.catalogTitle, toRoot: "", main });
}
