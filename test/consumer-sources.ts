// Writes the sources of the consumer project that test/package.test.ts installs the packed
// package into, from whatever events the package holds: one wrap and unwrap per event, type
// narrowing that compiles only if `unwrap`'s union is exact, and the app bundles.
import { createRegistry, type DescFile, type DescMessage, type JsonObject } from "@bufbuild/protobuf";
import { examplePayload } from "../scripts/catalog/example-payload.js";
import { events } from "../gen/ts/registry.js";

/** One event of the package as the consumer imports it. */
export interface ConsumerEvent {
  readonly name: string;
  readonly version: string;
  readonly schema: DescMessage;
  /** The subpath it is exported from, e.g. `user/v1`. */
  readonly subpath: string;
  /** The generated type's name, e.g. `UserCreated` (its schema is `UserCreatedSchema`). */
  readonly typeName: string;
  /** The catalog's example payload, canonical JSON. */
  readonly payload: JsonObject;
}

/** The event timestamp every consumer envelope carries. */
export const recordedAt = 1_700_000_000_000;

/** Every event of the package, with what the consumer needs to import and wrap it. */
export function consumerEvents(): ConsumerEvent[] {
  const registry = createRegistry(...events.map((e) => e.schema.file));
  return events.map((entry) => ({
    name: entry.name,
    version: entry.version,
    schema: entry.schema,
    subpath: entry.schema.file.proto.package.replaceAll(".", "/"),
    // protoc-gen-es names a message's type after its path in the package: Outer_Inner.
    typeName: entry.schema.typeName.slice(entry.schema.file.proto.package.length + 1).replaceAll(".", "_"),
    payload: examplePayload(entry.schema, registry),
  }));
}

function imports(npm: string, consumer: readonly ConsumerEvent[]): string[] {
  return consumer.map((e, i) => `import { events as events${i}, ${e.typeName}Schema as schema${i}, type ${e.typeName} as Payload${i} } from "${npm}/${e.subpath}";`);
}

/**
 * The consumer service, for `.ts` (ESM) or `.cts` (CJS): it wraps each event's example payload,
 * encodes it with its own @bufbuild/protobuf, decodes and unwraps it with every event (the
 * `registry` subpath) and with its subpath's `events`, and assigns each narrowed payload to its generated type, which
 * compiles only when `unwrap` narrows exactly.
 */
export function consumerSource(format: "esm" | "cjs", npm: string, consumer: readonly ConsumerEvent[]): string {
  const resolve = format === "esm" ? "import.meta.resolve" : "require.resolve";
  const first = consumer[0];
  if (first === undefined) throw new Error("the package has no event");
  return [
    `// ${format === "esm" ? "An ES module" : "A CommonJS"} service that depends on the packed package; written by test/consumer-sources.ts.`,
    'import { fromBinary, fromJson, toBinary } from "@bufbuild/protobuf";',
    `import { EnvelopeSchema, NotAnEventError, ProtoeventsError, UnknownEventError, unwrap, wrap, type UnwrappedEvent } from "${npm}";`,
    `import { events as allEvents } from "${npm}/registry";`,
    ...imports(npm, consumer),
    "",
    "type AnyEvent = UnwrappedEvent<(typeof allEvents)[number]>;",
    "",
    "function installedPath(url: string): string {",
    '  return url.slice(url.lastIndexOf("/node_modules/") + "/node_modules/".length);',
    "}",
    "",
    "/** The narrowed payload's type name: each branch assigns the payload to its generated type. */",
    "function narrowed(evt: AnyEvent): string {",
    ...consumer.flatMap((e, i) => [
      `  if (evt.name === ${JSON.stringify(e.name)} && evt.version === ${JSON.stringify(e.version)}) {`,
      `    const payload: Payload${i} = evt.payload;`,
      "    return payload.$typeName;",
      "  }",
    ]),
    '  return "none";',
    "}",
    "",
    "function errorOf(action: () => unknown): string {",
    "  try {",
    "    action();",
    '    return "no error";',
    "  } catch (error) {",
    "    if (!(error instanceof ProtoeventsError)) throw error;",
    "    return `${error.code} ${[UnknownEventError, NotAnEventError].filter((c) => error instanceof c).map((c) => c.name).join(\",\")}`;",
    "  }",
    "}",
    "",
    `console.log(\`resolved \${installedPath(${resolve}("${npm}"))} \${installedPath(${resolve}("${npm}/${first.subpath}"))}\`);`,
    ...consumer.flatMap((e, i) => [
      `{`,
      `  const sent = wrap(schema${i}, fromJson(schema${i}, ${JSON.stringify(e.payload)}), { eventId: "evt-${i}", timestamp: ${recordedAt} });`,
      "  const bytes = toBinary(EnvelopeSchema, sent);",
      "  const evt = unwrap(fromBinary(EnvelopeSchema, bytes), allEvents);",
      `  const sameSchema = allEvents.some((entry) => entry.schema === schema${i});`,
      `  const fromSubpath = unwrap(sent, events${i});`,
      "  console.log(`${evt.name} ${evt.version} ${narrowed(evt)} bytes=${bytes.length} root-registry-shares-schema=${sameSchema} subpath-events=${fromSubpath.name} ${fromSubpath.version}`);",
      "}",
    ]),
    'console.log(`unknown event: ${errorOf(() => unwrap({ ...wrap(schema0, {}), eventName: "no.such.event" }, allEvents))}`);',
    "console.log(`wrap a message that is not an event: ${errorOf(() => wrap(EnvelopeSchema, {}))}`);",
    "",
  ].join("\n");
}

/** The line the consumer prints for one event, computed the same way in the test process. */
export function expectedConsumerLine(event: ConsumerEvent, bytes: number): string {
  return `${event.name} ${event.version} ${event.schema.typeName} bytes=${bytes} root-registry-shares-schema=true subpath-events=${event.name} ${event.version}`;
}

/**
 * Must compile only when the package holds a single event: it assigns the payload of `unwrap`
 * to the first event's type without checking the name, which a union of two or more rejects.
 */
export function unnarrowedSource(npm: string, consumer: readonly ConsumerEvent[]): string {
  const first = consumer[0];
  if (first === undefined) throw new Error("the package has no event");
  return [
    `import { decodeEnvelope, unwrap } from "${npm}";`,
    `import { events } from "${npm}/registry";`,
    `import type { ${first.typeName} } from "${npm}/${first.subpath}";`,
    "",
    `export function payloadOf(bytes: Uint8Array): ${first.typeName} {`,
    `  const payload: ${first.typeName} = unwrap(decodeEnvelope(bytes), events).payload;`,
    "  return payload;",
    "}",
    "",
  ].join("\n");
}

/** The .proto files a bundle of `files` embeds: them and the files they import, but google's. */
function protoFilesOf(files: readonly DescFile[]): string[] {
  const seen = new Set<string>();
  const visit = (file: DescFile): void => {
    if (seen.has(file.proto.name)) return;
    seen.add(file.proto.name);
    file.dependencies.forEach(visit);
  };
  files.forEach(visit);
  return [...seen].filter((name) => !name.startsWith("google/protobuf/")).sort();
}

/** An app bundle of the consumer: its entry, its source, and the .proto files it must embed. */
export interface BundleCase {
  readonly entry: string;
  readonly source: string;
  readonly protoFiles: readonly string[];
}

/**
 * The app bundles: `wrap` alone (the event option's file: it builds the envelope without its
 * descriptor), `unwrap` of every event (the envelope's file too), one schema of one subpath,
 * and `wrap` with that schema. `framework` holds the envelope's and the event option's files.
 */
export function bundleCases(npm: string, consumer: readonly ConsumerEvent[], framework: { readonly envelope: DescFile; readonly options: DescFile }): BundleCase[] {
  const first = consumer[0];
  if (first === undefined) throw new Error("the package has no event");
  const oneSchema = `export { ${first.typeName}Schema } from "${npm}/${first.subpath}";\n`;
  const both = [framework.envelope, framework.options];
  return [
    { entry: "wrap-only", source: `export { wrap } from "${npm}";\n`, protoFiles: protoFilesOf([framework.options]) },
    // The root's unwrap holds no event: every schema comes from the registry subpath.
    { entry: "unwrap-only", source: `export { decodeEnvelope, unwrap } from "${npm}";\n`, protoFiles: protoFilesOf(both) },
    {
      entry: "unwrap-all",
      source: `export { decodeEnvelope, unwrap } from "${npm}";\nexport { events } from "${npm}/registry";\n`,
      protoFiles: protoFilesOf([...both, ...consumer.map((e) => e.schema.file)]),
    },
    { entry: "one-schema", source: oneSchema, protoFiles: protoFilesOf([first.schema.file]) },
    { entry: "wrap-one-event", source: `export { wrap } from "${npm}";\n${oneSchema}`, protoFiles: protoFilesOf([framework.options, first.schema.file]) },
  ];
}
