import { ScalarType, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { closestMatch } from "./edit-distance.js";
import type { Finding } from "./lint-finding.js";
import type { LintInput } from "./lint-input.js";
import { sourcePosition } from "../schema/source-position.js";

/**
 * Rule `event-partition-key`: an event's `partition_key` names a string field
 * of the event message, as the .proto declares it (`invoice_id`, not the JSON
 * name `invoiceId`). `wrap` reads the aggregate id from that field, and the
 * code generators refuse any other key.
 */
export function checkPartitionKeys({ current }: LintInput): Finding[] {
  const { option } = current;
  const keyField = option?.message?.fields.find((f) => f.name === "partition_key");
  if (option === undefined || keyField === undefined) return [];
  const findings: Finding[] = [];
  for (const { partitionKey: key, message } of current.events) {
    if (key === "") continue;
    const field = message.fields.find((f) => f.name === key);
    if (field !== undefined && isStringField(field)) continue;
    findings.push({
      rule: "event-partition-key",
      position: sourcePosition(message, [7, option.number, keyField.number]),
      message:
        field === undefined
          ? `partition_key "${key}" of ${message.typeName} names no field of the message`
          : `partition_key "${key}" of ${message.typeName} names ${describeField(field)}: the partition key is a string field`,
      fix: suggestKey(key, message),
    });
  }
  return findings;
}

/** A singular string field, the only kind `wrap` reads an aggregate id from. */
function isStringField(field: DescField): boolean {
  return field.fieldKind === "scalar" && field.scalar === ScalarType.STRING;
}

function describeField(field: DescField): string {
  switch (field.fieldKind) {
    case "scalar":
      return `a field of type ${ScalarType[field.scalar].toLowerCase()}`;
    case "enum":
      return `a field of enum type ${field.enum.typeName}`;
    case "message":
      return `a field of message type ${field.message.typeName}`;
    case "list":
      return "a repeated field";
    case "map":
      return "a map field";
  }
}

/** `invoiceId` gives `invoice_id`; a name without capitals stays as it is. */
function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

function suggestKey(key: string, message: DescMessage): string {
  const strings = message.fields.filter((f) => isStringField(f) && f.name !== key).map((f) => f.name);
  const snake = snakeCase(key);
  if (snake !== key && strings.includes(snake)) {
    return `did you mean "${snake}"? partition_key takes the field's name as the .proto declares it, in snake_case, not its JSON name "${key}"`;
  }
  const closest = closestMatch(snake, strings);
  const inSnakeCase = snake !== key ? ` (in snake_case "${key}" is "${snake}", which is no string field either)` : "";
  if (closest === undefined) {
    return `add a string field that holds the aggregate id to ${message.name} and name it in partition_key, or remove partition_key and pass the aggregate id to wrap${inSnakeCase}`;
  }
  return `did you mean "${closest}"?${inSnakeCase} partition_key names the string field of ${message.name} that holds the aggregate id`;
}
