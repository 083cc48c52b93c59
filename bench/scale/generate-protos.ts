// Synthetic event contracts for the scale benchmark: an organisation of many domains,
// each with one version folder of events shaped like the ones adopters write.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const domainWords = [
  "account", "billing", "catalog", "delivery", "invoice", "ledger", "loyalty", "payment", "pricing", "refund",
  "review", "search", "shipment", "stock", "support", "tenant", "ticket", "voucher", "warehouse", "wishlist",
];
const entities = ["item", "request", "profile", "record", "batch"];
const verbs = ["created", "updated", "approved", "rejected", "archived", "restored", "renamed", "closed", "reopened", "sent"];

/** The size of a synthetic organisation. */
export interface ScaleShape {
  /** How many domains. */
  readonly domains: number;
  /** How many event versions in each domain, spread evenly over its version folders. */
  readonly events: number;
  /** How many version folders each domain has (`v1`, `v2`, ...); each holds the same events, evolved. */
  readonly versions: number;
}

/** The name of the i-th synthetic domain (0-based): a word, with a number once the words run out. */
export function domainName(i: number): string {
  const word = domainWords[i % domainWords.length] as string;
  const round = Math.floor(i / domainWords.length);
  return round === 0 ? word : `${word}${round + 1}`;
}

function pascal(snake: string): string {
  return snake
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

/** The snake_case stem of the j-th event of a domain, e.g. `item_created` or `item_created2`. */
function eventStem(j: number): string {
  const pairs = entities.length * verbs.length;
  const entity = entities[Math.floor((j % pairs) / verbs.length)] as string;
  const verb = verbs[j % verbs.length] as string;
  const round = Math.floor(j / pairs);
  return round === 0 ? `${entity}_${verb}` : `${entity}${round + 1}_${verb}`;
}

function eventProto(domain: string, version: number, stem: string): string {
  const message = pascal(stem);
  const [entity = "item", verb = "created"] = stem.split("_");
  const entityType = pascal(entity);
  return `syntax = "proto3";

package ${domain}.v${version};

import "protoevents/v1/options.proto";

// Where a ${entity} of ${domain} stands when it was ${verb}.
enum ${message}State {
  // Not set; a consumer should treat it as unknown.
  ${enumPrefix(message)}_STATE_UNSPECIFIED = 0;
  // Waiting for a decision.
  ${enumPrefix(message)}_STATE_PENDING = 1;
  // In effect.
  ${enumPrefix(message)}_STATE_ACTIVE = 2;
  // No longer in effect.
  ${enumPrefix(message)}_STATE_RETIRED = 3;
}

// A ${entity} of ${domain} was ${verb}.
message ${message} {
  option (protoevents.v1.event) = {
    name: "${domain}.${entity}.${verb}"
    owner: "${domain}-team"
    partition_key: "${entity}_id"
  };

  // One labelled amount attached to the ${entity}. A nested part, not an event.
  message ${entityType}Line {
    // The line's label, e.g. a product or fee name.
    string label = 1;
    // How many units the line holds.
    uint32 quantity = 2;
    // The amount in the currency's minor unit, e.g. cents.
    int64 amount_minor = 3;
  }

  // The ${entity}'s id.
  string ${entity}_id = 1;
  // The tenant the ${entity} belongs to.
  string tenant_id = 2;
  // Who ${verb} it.
  string actor_id = 3;
  // The ${entity}'s state after the change.
  ${message}State state = 4;
  // The ${entity}'s lines, in the order they were added.
  repeated ${entityType}Line lines = 5;
  // Free-form labels, e.g. "priority".
  repeated string tags = 6;
  // Attributes a consumer may show but need not understand.
  map<string, string> attributes = 7;
  // When it was ${verb}, in milliseconds since the Unix epoch.
  int64 occurred_at = 8;
  // Why it was ${verb}, when someone said so.
  optional string reason = 9;${version > 1 ? `
  // The request that caused the change, for tracing across services; added in v${version}.
  string cause_id = 10;` : ""}
}
`;
}

function enumPrefix(message: string): string {
  return message.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

/**
 * Writes the event contracts of `shape` into `protoDir`/<domain>/v<k>/, one file per event
 * version: each version folder of a domain holds the same events (`events / versions` of
 * them, at least one), a later version with one field more. Returns how many files it wrote.
 */
export function generateProtos(protoDir: string, shape: ScaleShape): number {
  const perVersion = Math.max(1, Math.round(shape.events / shape.versions));
  let written = 0;
  for (let i = 0; i < shape.domains; i++) {
    const domain = domainName(i);
    for (let version = 1; version <= shape.versions; version++) {
      const dir = join(protoDir, domain, `v${version}`);
      mkdirSync(dir, { recursive: true });
      for (let j = 0; j < perVersion; j++) {
        const stem = eventStem(j);
        writeFileSync(join(dir, `${stem}.proto`), eventProto(domain, version, stem));
        written++;
      }
    }
  }
  return written;
}
