// The core both code generators share (protoc-gen-protoevents.ts for TypeScript,
// protoc-gen-protoevents-py.ts for Python): the files to generate grouped by proto package,
// each package's events read and checked once, with the same errors for both languages.
import { ScalarType, type DescFile } from "@bufbuild/protobuf";
import { eventSchemasInFile, findEventOption, type EventSchema } from "../schema/event-schemas.js";
import { domainAndVersion, domainProblem, eventPackagePrefix } from "./package-layout.js";

/** One proto package of the files to generate: its files, and the events they declare. */
export interface EventPackage {
  /** The proto package, e.g. `user.v1` or `acme.user.v1`. */
  readonly name: string;
  readonly files: readonly DescFile[];
  readonly events: readonly EventSchema[];
}

/** What the generators build on: every package of the files to generate, and the event packages' prefix. */
export interface EventPackages {
  /** The packages in the order their first file came. */
  readonly packages: readonly EventPackage[];
  /** Every event of every package, in that order. */
  readonly events: readonly EventSchema[];
  /** What precedes `<domain>.<version>` in the event packages (proto.prefix), `""` for none. */
  readonly prefix: string;
}

/**
 * Groups `files` (those to generate) by proto package and reads their events, with the event
 * option found among `allFiles` (the imports included).
 *
 * @throws {Error} naming the file and message when the event option is not among the inputs, a
 *   file has no package, an event has no name or no versioned package, a partition key names no
 *   string field, two events share a name and version, the event packages disagree on their
 *   prefix, or a domain is a name the package's own modules take or no Python import can name.
 */
export function collectEventPackages(files: readonly DescFile[], allFiles: readonly DescFile[]): EventPackages {
  const option = findEventOption(allFiles);
  if (option === undefined) {
    throw new Error("protoevents/v1/options.proto is not among the inputs: the event option is unknown");
  }
  const byName = new Map<string, { files: DescFile[]; events: EventSchema[] }>();
  for (const file of files) {
    if (file.proto.package === "") throw new Error(`${file.name}.proto: every proto file needs a package`);
    const entry = byName.get(file.proto.package) ?? { files: [], events: [] };
    entry.files.push(file);
    entry.events.push(...eventSchemasInFile(file, option).map(validate));
    byName.set(file.proto.package, entry);
  }
  const packages = [...byName].map(([name, { files: packageFiles, events }]) => ({ name, files: packageFiles, events }));
  const events = packages.flatMap((p) => p.events);
  checkUniqueNames(events);
  const eventPackageNames = packages.filter((p) => p.events.length > 0).map((p) => p.name);
  const prefix = eventPackagePrefix(eventPackageNames);
  for (const name of eventPackageNames) {
    const domain = domainAndVersion(name, prefix)?.domain;
    const problem = domain === undefined ? undefined : domainProblem(domain);
    if (problem !== undefined) throw new Error(`package ${name}: its domain "${domain}" ${problem}`);
  }
  return { packages, events, prefix };
}

function validate(event: EventSchema): EventSchema {
  const where = `${event.message.file.name}.proto: ${event.message.typeName}`;
  if (event.name === "") throw new Error(`${where}: the (protoevents.v1.event) option needs a name`);
  if (event.version === "") {
    throw new Error(`${where}: events live in versioned packages (e.g. "user.v1"), not "${event.message.file.proto.package}"`);
  }
  if (event.partitionKey !== "") {
    const field = event.message.fields.find((f) => f.name === event.partitionKey);
    if (field?.fieldKind !== "scalar" || field.scalar !== ScalarType.STRING) {
      throw new Error(`${where}: partition_key "${event.partitionKey}" must name a string field of the message`);
    }
  }
  return event;
}

function checkUniqueNames(events: readonly EventSchema[]): void {
  const seen = new Map<string, EventSchema>();
  for (const event of events) {
    const key = `${event.name} ${event.version}`;
    const other = seen.get(key);
    if (other !== undefined) {
      throw new Error(`event "${event.name}" ${event.version} is declared twice: ${other.message.typeName} and ${event.message.typeName}`);
    }
    seen.set(key, event);
  }
}
