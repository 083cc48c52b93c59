import type { DescEnum, DescMessage, JsonObject } from "@bufbuild/protobuf";
import type { EventSchema } from "../schema/event-schemas.js";
import type { ImageEvents } from "../schema/image-events.js";
import { frameworkPackageNames, type PackageNames } from "../lib/package-names.js";
import { domainAndVersion, npmSubpath, pythonModule } from "../codegen/package-layout.js";
import { compareVersions } from "../schema/schema-version.js";
import { docComment, firstSentence } from "./doc-comment.js";
import { envelopeTypeName, exampleEnvelope } from "./example-envelope.js";
import { examplePayload } from "./example-payload.js";
import { referencedTypes } from "./field-type.js";
import { diffMessages, type FieldChange } from "./version-diff.js";

/** One event at one version, as its catalog page shows it. */
export interface CatalogEvent {
  readonly schema: EventSchema;
  /** The event's name, e.g. `user.created`. */
  readonly name: string;
  /** The version, e.g. `v1`. */
  readonly version: string;
  /** The domain, the first segment of the package, e.g. `user`. */
  readonly domain: string;
  /** A one-line description: the option's, else the first sentence of the message comment. */
  readonly summary: string;
  /** The message's leading comment. */
  readonly comment: string;
  /** The page, relative to the catalog root, e.g. `events/user.created/v1.html`. */
  readonly page: string;
  /** The .proto file, relative to the module root. */
  readonly file: string;
  /** Messages and enums the fields refer to, transitively, declared in the module. */
  readonly types: readonly (DescMessage | DescEnum)[];
  /** An example payload in canonical JSON. */
  readonly payload: JsonObject;
  /** The example payload in an example envelope, in canonical JSON; undefined without envelope.proto. */
  readonly envelope: JsonObject | undefined;
  /** The import lines of the generated code, from the packages `names` gives. */
  readonly imports: { readonly typescript: string; readonly python: string };
  /** The names of the npm and PyPI packages that carry the event, and the catalog's title. */
  readonly names: PackageNames;
  /** The previous version of the same event and what changed since, undefined for the first version. */
  readonly previous: { readonly version: string; readonly page: string; readonly changes: readonly FieldChange[] } | undefined;
  /** All versions of the event, oldest first, with their pages. */
  readonly versions: readonly { readonly version: string; readonly page: string }[];
}

/** Everything the catalog shows. */
export interface CatalogModel {
  /** Every event at every version, by name, then version. */
  readonly events: readonly CatalogEvent[];
  /** The envelope message, undefined when the module does not declare it. */
  readonly envelope: DescMessage | undefined;
  /** The names of the npm and PyPI packages, and the catalog's title. */
  readonly names: PackageNames;
}

/** The page of an event version, relative to the catalog root. */
function eventPage(name: string, version: string): string {
  return `events/${name.replace(/[^a-z0-9._-]/gi, "_")}/${version}.html`;
}

/**
 * Builds the catalog's model from a module's image: every named event, with
 * its comments, examples, import lines and the changes from its previous
 * version. The import lines name the packages of `names`.
 */
export function buildCatalogModel(source: ImageEvents, names: PackageNames = frameworkPackageNames): CatalogModel {
  const { registry } = source.image;
  const found = registry.getMessage(envelopeTypeName);
  const envelope = found !== undefined && source.image.files.includes(found.file) ? found : undefined;
  const named = source.events
    .filter((e) => e.name !== "")
    .sort((a, b) => a.name.localeCompare(b.name) || compareVersions(a.version, b.version));
  const events = named.map((schema): CatalogEvent => {
    const sameName = named.filter((e) => e.name === schema.name);
    const index = sameName.indexOf(schema);
    const before = index > 0 ? sameName[index - 1] : undefined;
    const comment = docComment(schema.message);
    return {
      schema,
      name: schema.name,
      version: schema.version,
      domain: domainAndVersion(schema.message.file.proto.package, names.protoPrefix)?.domain ?? schema.message.file.proto.package,
      summary: schema.description !== "" ? schema.description : firstSentence(comment),
      comment,
      page: eventPage(schema.name, schema.version),
      file: schema.message.file.proto.name,
      types: referencedOwnTypes(schema.message, source),
      payload: examplePayload(schema.message, registry),
      envelope: envelope === undefined ? undefined : exampleEnvelope(envelope, schema, registry),
      imports: importLines(schema.message, names),
      names,
      previous:
        before === undefined
          ? undefined
          : { version: before.version, page: eventPage(before.name, before.version), changes: diffMessages(before.message, schema.message) },
      versions: sameName.map((e) => ({ version: e.version, page: eventPage(e.name, e.version) })),
    };
  });
  return { events, envelope, names };
}

function referencedOwnTypes(message: DescMessage, source: ImageEvents): (DescMessage | DescEnum)[] {
  const found: (DescMessage | DescEnum)[] = [];
  const queue: DescMessage[] = [message];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const field of next.fields) {
      for (const type of referencedTypes(field)) {
        if (type === message || found.includes(type) || !source.image.files.includes(type.file)) continue;
        found.push(type);
        if (type.kind === "message") queue.push(type);
      }
    }
  }
  return found;
}

/**
 * The import lines of an event's generated code: the TypeScript subpath of its
 * package and the Python module. A nested message is imported through its
 * top-level message in Python.
 */
function importLines(message: DescMessage, names: PackageNames): CatalogEvent["imports"] {
  const pkg = message.file.proto.package;
  const local = message.typeName.slice(pkg.length + 1);
  const tsName = local.replaceAll(".", "_");
  const top = local.split(".")[0] ?? local;
  return {
    typescript: `import { ${tsName}Schema, type ${tsName} } from "${names.npm}/${npmSubpath(pkg, names.protoPrefix)}";`,
    python: `from ${pythonModule(pkg, names.protoPrefix, names.pythonImport)} import ${top}${top === local ? "" : `  # then ${local}`}`,
  };
}
