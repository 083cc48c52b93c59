/** A piece of HTML that is already escaped. */
export class Html {
  constructor(readonly value: string) {}
}

/** What may go into an `html` template: text is escaped, Html is kept, lists are joined, nothing is dropped. */
export type HtmlValue = string | number | Html | readonly HtmlValue[] | undefined | null | false;

/** Escapes text for HTML content and attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function render(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return "";
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/**
 * Template tag that builds HTML: interpolated text is escaped, Html values are
 * inserted as they are, lists are joined and `undefined`, `null` and `false`
 * leave nothing.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i] as HtmlValue) : ""), ""));
}

/**
 * Renders a .proto comment as HTML: blank lines separate paragraphs and
 * `backticks` mark code.
 */
export function commentHtml(comment: string): Html {
  const paragraphs = comment
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  return new Html(
    paragraphs.map((p) => `<p>${escapeHtml(p.replace(/\s*\n\s*/g, " ")).replace(/`([^`]+)`/g, "<code>$1</code>")}</p>`).join(""),
  );
}
