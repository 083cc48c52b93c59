import type { DescEnum, DescMessage } from "@bufbuild/protobuf";
import { docComment } from "./doc-comment.js";
import { fieldTypeParts } from "./field-type.js";
import { commentHtml, html, type Html } from "./html.js";

/** The anchor of a message or enum on a page, e.g. `type-order.v1.Money`. */
export function typeAnchor(typeName: string): string {
  return `type-${typeName}`;
}

/**
 * Renders a message's fields as a table (number, name, JSON name, type,
 * comment, deprecation) followed by its reserved numbers and names. Types in
 * `linked` become links to their anchors on the page.
 */
export function fieldsTable(message: DescMessage, linked: ReadonlySet<string>): Html {
  const rows = [...message.fields]
    .sort((a, b) => a.number - b.number)
    .map((field) => {
      const type = fieldTypeParts(field).map((part) =>
        part.typeName !== undefined && linked.has(part.typeName) ? html`<a href="#${typeAnchor(part.typeName)}">${part.text}</a>` : html`${part.text}`,
      );
      return html`<tr id="field-${message.typeName}.${field.name}" class="${field.deprecated ? "deprecated" : ""}">
  <td class="num">${field.number}</td>
  <td><code>${field.name}</code>${field.deprecated ? html` <span class="badge deprecated">deprecated</span>` : ""}${field.oneof !== undefined ? html` <span class="badge">oneof ${field.oneof.name}</span>` : ""}</td>
  <td><code>${field.jsonName}</code></td>
  <td class="type"><code>${type}</code></td>
  <td>${commentHtml(docComment(field))}</td>
</tr>`;
    });
  return html`<table class="fields">
<thead><tr><th>#</th><th>Field</th><th>JSON</th><th>Type</th><th>Description</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${reservedLine(message)}`;
}

/** Renders an enum's values as a table. */
export function enumTable(type: DescEnum): Html {
  const rows = type.values.map(
    (value) => html`<tr class="${value.deprecated ? "deprecated" : ""}">
  <td class="num">${value.number}</td>
  <td><code>${value.name}</code>${value.deprecated ? html` <span class="badge deprecated">deprecated</span>` : ""}</td>
  <td>${commentHtml(docComment(value))}</td>
</tr>`,
  );
  return html`<table class="fields">
<thead><tr><th>#</th><th>Value</th><th>Description</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${reservedLine(type)}`;
}

function reservedLine(type: DescMessage | DescEnum): Html {
  const exclusive = type.kind === "message";
  const ranges = type.proto.reservedRange.map((r) => {
    const start = r.start ?? 0;
    const end = (r.end ?? 0) - (exclusive ? 1 : 0);
    return start === end ? String(start) : `${start} to ${end}`;
  });
  const names = type.proto.reservedName.map((n) => `"${n}"`);
  if (ranges.length === 0 && names.length === 0) return html``;
  return html`<p class="reserved">Reserved, never to be reused: ${[...ranges, ...names].join(", ")}.</p>`;
}
