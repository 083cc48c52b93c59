// What the framework's own name may still look like in an adopter's packed artifacts. The proto
// package `protoevents.v1` (the event option, the envelope) keeps its name on the wire and in the
// descriptors; what must be gone is `protoevents` as an npm specifier or as a Python module.

/**
 * The bare npm specifiers of the package `protoevents` in JavaScript or declaration text:
 * `"protoevents"` and `"protoevents/<subpath>"` in single or double quotes, the quotes of
 * import, export, require and import types. A proto name such as `"protoevents.v1.Envelope"`
 * is no specifier, nor is a mention in a doc comment's backticks.
 */
export function npmSpecifierLeftovers(code: string): string[] {
  return [...code.matchAll(/(["'])protoevents(?:\/[^"'\s]*)?\1/g)].map((m) => m[0]);
}

/**
 * The references to the Python module `protoevents` in Python source, stubs or docs: import
 * statements of it, and module paths such as `protoevents.user.v1`, `protoevents._wrap` or
 * `protoevents.v1.envelope_pb2`. Proto names (`protoevents.v1.Envelope`,
 * `(protoevents.v1.event)`), proto file paths (`protoevents/v1/options.proto`) and
 * identifiers that contain the word (`protoevents_dot_v1_dot_options__pb2`) are not modules.
 */
export function pythonModuleLeftovers(code: string): string[] {
  const imports = code.matchAll(/^[ \t]*(?:from[ \t]+protoevents(?:\.[\w.]*)?[ \t]+import\b|import[ \t]+protoevents\b)/gm);
  const paths = code.matchAll(/(?<![\w./])protoevents(?:\.(?!v\d+\b)[\w<]+|\.v\d+\.\w+_pb2\b)/g);
  return [...imports, ...paths].map((m) => m[0].trim());
}
