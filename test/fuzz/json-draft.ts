// JSON text under construction: a tree whose leaves are literal text, so that a generator can
// write what JSON.stringify never would (`1.0`, `1e3`, a key twice, a lone surrogate escape).
import type { JsonValue } from "@bufbuild/protobuf";

/** A JSON value whose scalars are literal text and whose objects may repeat a key. */
export type JsonDraft =
  | { readonly raw: string }
  | { readonly items: readonly JsonDraft[] }
  | { readonly entries: ReadonlyArray<readonly [string, JsonDraft]> };

/** The draft of a parsed JSON value. */
export function draftOf(value: JsonValue): JsonDraft {
  if (Array.isArray(value)) return { items: value.map(draftOf) };
  if (value !== null && typeof value === "object") return { entries: Object.entries(value).map(([k, v]) => [k, draftOf(v as JsonValue)] as const) };
  return { raw: JSON.stringify(value) };
}

/** The JSON text of a draft, compact. */
export function renderDraft(draft: JsonDraft): string {
  if ("raw" in draft) return draft.raw;
  if ("items" in draft) return `[${draft.items.map(renderDraft).join(",")}]`;
  return `{${draft.entries.map(([k, v]) => `${JSON.stringify(k)}:${renderDraft(v)}`).join(",")}}`;
}

/** An object draft with `key` set to `value`, replacing its first occurrence or appended. */
export function setEntry(entries: ReadonlyArray<readonly [string, JsonDraft]>, key: string, value: JsonDraft): Array<readonly [string, JsonDraft]> {
  const at = entries.findIndex(([k]) => k === key);
  if (at < 0) return [...entries, [key, value]];
  return entries.map((entry, i) => (i === at ? ([key, value] as const) : entry));
}

/** Arrays (or objects) nested `depth` deep, as literal text. */
export function nestedText(depth: number, objects: boolean): string {
  return objects ? '{"a":'.repeat(depth) + "0" + "}".repeat(depth) : "[".repeat(depth) + "]".repeat(depth);
}
