import type { CatalogEvent, CatalogModel } from "./catalog-model.js";
import { html } from "./html.js";
import { renderPage } from "./render-layout.js";

/**
 * Renders the catalog's index: one row per event name with its versions,
 * domain, description and owner, and a search box that filters the rows by
 * every word typed (names, domains, descriptions, owners, messages, fields).
 */
export function renderIndex(model: CatalogModel): string {
  const byName = new Map<string, CatalogEvent[]>();
  for (const event of model.events) byName.set(event.name, [...(byName.get(event.name) ?? []), event]);
  const domains = new Set(model.events.map((e) => e.domain));
  const rows = [...byName.values()].map((versions) => {
    const latest = versions[versions.length - 1] as CatalogEvent;
    const search = [
      latest.name,
      latest.domain,
      ...versions.flatMap((v) => [v.version, v.summary, v.schema.owner, v.schema.message.typeName, ...v.schema.message.fields.map((f) => f.name)]),
    ]
      .join(" ")
      .toLowerCase();
    return html`<tr data-event="${latest.name}" data-search="${search}">
  <td><a class="event-name" href="${latest.page}"><code>${latest.name}</code></a>${latest.schema.message.deprecated ? html` <span class="badge deprecated">deprecated</span>` : ""}</td>
  <td class="versions">${versions.map((v) => html`<a class="version${v.schema.message.deprecated ? " deprecated" : ""}" href="${v.page}">${v.version}</a> `)}</td>
  <td>${latest.domain}</td>
  <td>${latest.summary}</td>
  <td>${latest.schema.owner || "—"}</td>
</tr>`;
  });
  const main = html`<h1>Event catalog</h1>
<p class="lead">${byName.size} events in ${model.events.length} schema versions across ${domains.size} domains. Every event travels in the same <a href="envelope.html">envelope</a>; its name never changes, and a breaking change gets a new version.</p>
<div class="search">
  <label for="search">Search</label>
  <input id="search" type="search" placeholder="event, domain, owner, field…" autocomplete="off" autofocus>
  <span id="search-count" aria-live="polite">${byName.size} events</span>
</div>
<table id="events" class="events">
<thead><tr><th>Event</th><th>Versions</th><th>Domain</th><th>Description</th><th>Owner</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p id="no-match" hidden>No event matches the search.</p>`;
  return renderPage({ title: "Events", catalogTitle: model.names.catalogTitle, toRoot: "", main, scripts: ["search.js"] });
}
