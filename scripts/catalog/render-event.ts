import type { CatalogEvent } from "./catalog-model.js";
import { describeMaxAge, describeMaxBytes, maxAgeText } from "./describe-limits.js";
import { docComment } from "./doc-comment.js";
import { commentHtml, html, type Html } from "./html.js";
import { renderPage } from "./render-layout.js";
import { enumTable, fieldsTable, typeAnchor } from "./render-fields.js";
import { describeChange } from "./version-diff.js";

/** Where the page of an event is and what it links to. */
export interface EventPageContext {
  /** The module folder relative to the repository root, e.g. `proto`. */
  readonly moduleDir: string;
  /** Whether the catalog has an envelope page. */
  readonly hasEnvelope: boolean;
}

/**
 * Renders the page of one event version: identity and owner, its limits, the
 * message's comment, import lines, fields and the types they use, an example payload,
 * the envelope it travels in, deprecations and the changes from the previous
 * version.
 */
export function renderEventPage(event: CatalogEvent, context: EventPageContext): string {
  const toRoot = "../../";
  const { message } = event.schema;
  const linked = new Set(event.types.map((t) => t.typeName));
  const fromEventPage = (page: string): string => `${toRoot}${page}`;
  const partitionKey = event.schema.partitionKey;
  const main = html`<p class="crumbs"><a href="${toRoot}index.html">Events</a> › ${event.name} › ${event.version}</p>
<h1><code>${event.name}</code> <span class="version">${event.version}</span></h1>
${message.deprecated ? html`<p class="banner deprecated" id="deprecation"><strong>Deprecated.</strong> Producers should stop emitting this event version; consumers keep reading it until it is gone from the streams.${event.versions.length > 1 ? html` See the other versions below.` : ""}</p>` : ""}
<p class="summary">${event.summary}</p>
<dl class="facts">
  <dt>Message</dt><dd><code>${message.typeName}</code></dd>
  <dt>Domain</dt><dd>${event.domain}</dd>
  <dt>Owner</dt><dd>${event.schema.owner || "—"}</dd>
  <dt>Partition key</dt><dd>${partitionKey === "" ? "— (the producer passes the aggregate id)" : html`<code>${partitionKey}</code>`}</dd>
  <dt>Limits</dt><dd class="limits">${limits(event)}</dd>
  <dt>Source</dt><dd><code>${context.moduleDir === "." ? "" : `${context.moduleDir}/`}${event.file}</code></dd>
  <dt>Versions</dt><dd class="versions">${event.versions.map((v) =>
    v.version === event.version ? html`<strong>${v.version}</strong> ` : html`<a href="${fromEventPage(v.page)}">${v.version}</a> `,
  )}</dd>
</dl>
${event.comment.replace(/\s+/g, " ") === event.summary ? "" : html`<section id="description"><h2>Description</h2>${commentHtml(event.comment)}</section>`}
<section id="imports">
<h2>Use it</h2>
<p>TypeScript, from the npm package <code>${event.names.npm}</code>:</p>
<pre class="code"><code>${event.imports.typescript}</code></pre>
<p>Python, from the PyPI package <code>${event.names.pythonDistribution}</code>:</p>
<pre class="code"><code>${event.imports.python}</code></pre>
</section>
<section id="fields">
<h2>Fields</h2>
${fieldsTable(message, linked)}
${deprecatedFields(event)}
</section>
${event.types.length === 0 ? "" : html`<section id="types"><h2>Types used</h2>${event.types.map((type) => html`<div class="type-def" id="${typeAnchor(type.typeName)}">
<h3><code>${type.typeName}</code> <span class="kind">${type.kind}</span></h3>
${commentHtml(docComment(type))}
${type.kind === "message" ? fieldsTable(type, linked) : enumTable(type)}
</div>`)}</section>`}
<section id="example">
<h2>Example payload</h2>
<p>The payload in proto3 JSON, as <code>toJson</code> (TypeScript) and <code>MessageToJson</code> (Python) print it:</p>
<pre class="code json"><code>${JSON.stringify(event.payload, null, 2)}</code></pre>
</section>
${envelopeSection(event, context, toRoot)}
<section id="changes">
<h2>${event.previous === undefined ? "History" : `Changes from ${event.previous.version}`}</h2>
${changesList(event, fromEventPage)}
</section>`;
  return renderPage({ title: `${event.name} ${event.version}`, catalogTitle: event.names.catalogTitle, toRoot, main });
}

// The limits the event declares (docs/limits.md), or "none".
function limits(event: CatalogEvent): Html {
  const { maxAge, maxBytes } = event.schema.limits;
  const parts = [
    ...(maxAge === undefined ? [] : [html`kept for ${describeMaxAge(maxAge)} (<code>${maxAgeText(maxAge)}</code>)`]),
    ...(maxBytes === undefined ? [] : [html`at most ${describeMaxBytes(maxBytes)} a message (<code>max_bytes: ${maxBytes}</code>)`]),
  ];
  return parts.length === 0 ? html`none` : html`${parts.map((part, i) => html`${i > 0 ? "; " : ""}${part}`)}`;
}

function deprecatedFields(event: CatalogEvent): Html {
  const fields = event.schema.message.fields.filter((f) => f.deprecated);
  if (fields.length === 0) return html``;
  return html`<p class="banner deprecated">Deprecated fields: ${fields.map((f, i) => html`${i > 0 ? ", " : ""}<code>${f.name}</code>`)}. Producers should stop setting them; they keep their numbers.</p>`;
}

function envelopeSection(event: CatalogEvent, context: EventPageContext, toRoot: string): Html {
  if (event.envelope === undefined) return html``;
  const key = event.schema.partitionKey;
  return html`<section id="envelope">
<h2>Envelope</h2>
<p>The event travels in ${context.hasEnvelope ? html`<a href="${toRoot}envelope.html"><code>protoevents.v1.Envelope</code></a>` : html`<code>protoevents.v1.Envelope</code>`}
with <code>event_name</code> = <code>"${event.name}"</code> and <code>event_version</code> = <code>"${event.version}"</code>, which consumers use to pick this schema;
${key === "" ? html`the producer passes <code>aggregate_id</code> itself` : html`<code>aggregate_id</code> is the payload's <code>${key}</code>, the partition key`}.
<code>wrap</code> fills the id and timestamp; <code>payload</code> holds the encoded message (base64 in JSON).</p>
<pre class="code json"><code>${JSON.stringify(event.envelope, null, 2)}</code></pre>
</section>`;
}

function changesList(event: CatalogEvent, fromEventPage: (page: string) => string): Html {
  const { previous } = event;
  if (previous === undefined) return html`<p>First version of <code>${event.name}</code>.</p>`;
  const link = html`<a href="${fromEventPage(previous.page)}">${previous.version}</a>`;
  if (previous.changes.length === 0) return html`<p>No field changed since ${link}.</p>`;
  return html`<p>Compared with ${link}:</p>
<ul class="changes">${previous.changes.map((c) => html`<li class="change ${c.kind}">${describeChange(c)}</li>`)}</ul>`;
}
