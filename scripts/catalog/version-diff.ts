import type { DescField, DescMessage } from "@bufbuild/protobuf";
import { fieldTypeText } from "./field-type.js";

/** One difference between two versions of an event's message, by field. */
export type FieldChange =
  | { readonly kind: "added"; readonly name: string; readonly number: number; readonly type: string }
  | { readonly kind: "removed"; readonly name: string; readonly number: number; readonly type: string; readonly reserved: boolean }
  | { readonly kind: "renamed"; readonly number: number; readonly from: string; readonly to: string }
  | { readonly kind: "renumbered"; readonly name: string; readonly from: number; readonly to: number }
  | { readonly kind: "type-changed"; readonly name: string; readonly number: number; readonly from: string; readonly to: string }
  | { readonly kind: "deprecated"; readonly name: string; readonly number: number };

/**
 * Compares the fields of two versions of a message: a field is matched by
 * number, else by name; types are compared without the package, so
 * `user.v1.Address` and `user.v2.Address` count as the same type.
 */
export function diffMessages(previous: DescMessage, current: DescMessage): FieldChange[] {
  const changes: FieldChange[] = [];
  const matched = new Set<DescField>();
  for (const old of previous.fields) {
    const byNumber = current.fields.find((f) => f.number === old.number);
    const now = byNumber ?? current.fields.find((f) => f.name === old.name);
    if (now === undefined) {
      const reserved = current.proto.reservedRange.some((r) => old.number >= (r.start ?? 0) && old.number < (r.end ?? 0));
      changes.push({ kind: "removed", name: old.name, number: old.number, type: localType(old), reserved });
      continue;
    }
    matched.add(now);
    if (byNumber === undefined) changes.push({ kind: "renumbered", name: old.name, from: old.number, to: now.number });
    else if (now.name !== old.name) changes.push({ kind: "renamed", number: old.number, from: old.name, to: now.name });
    if (localType(old) !== localType(now)) {
      changes.push({ kind: "type-changed", name: now.name, number: now.number, from: localType(old), to: localType(now) });
    }
    if (now.deprecated && !old.deprecated) changes.push({ kind: "deprecated", name: now.name, number: now.number });
  }
  for (const field of current.fields) {
    if (!matched.has(field)) changes.push({ kind: "added", name: field.name, number: field.number, type: localType(field) });
  }
  return changes;
}

/** A change in one line of text, e.g. `added given_name = 5 (string)`. */
export function describeChange(change: FieldChange): string {
  switch (change.kind) {
    case "added":
      return `added ${change.name} = ${change.number} (${change.type})`;
    case "removed":
      return `removed ${change.name} = ${change.number} (${change.type})${change.reserved ? `, number ${change.number} reserved` : ""}`;
    case "renamed":
      return `renamed field ${change.number}: ${change.from} → ${change.to}`;
    case "renumbered":
      return `moved ${change.name} from number ${change.from} to ${change.to}`;
    case "type-changed":
      return `changed the type of ${change.name} = ${change.number}: ${change.from} → ${change.to}`;
    case "deprecated":
      return `deprecated ${change.name} = ${change.number}`;
  }
}

function localType(field: DescField): string {
  const pkg = field.parent.file.proto.package;
  return fieldTypeText(field).replaceAll(`${pkg}.`, "");
}
