/** The import that declares `(protoevents.v1.event)`, as a .proto file writes it. */
export const optionsImport = "protoevents/v1/options.proto";

// buf's compile error for a name it cannot resolve, in its text format `file:line:col:message`.
const unresolved = /^(?<file>[^\s:][^:]*):(?<line>\d+):(?<column>\d+):cannot find `\.?(?<name>protoevents\.v1\.[A-Za-z_][A-Za-z0-9_.]*)` in this scope$/;

/**
 * Reads buf's text output (of `buf lint` or `buf build`) and returns one hint
 * per `cannot find protoevents.v1.… in this scope` error: buf's file:line:col
 * and the import that declares the name. Other lines give no hint.
 */
export function optionsImportHints(bufOutput: string): string[] {
  const hints: string[] = [];
  for (const line of bufOutput.split(/\r?\n/)) {
    const groups = unresolved.exec(line.trim())?.groups;
    if (groups === undefined) continue;
    hints.push(
      `${groups["file"]}:${groups["line"]}:${groups["column"]}: ${groups["name"]} is declared in ${optionsImport}, which the file does not import\n` +
        `    fix: add \`import "${optionsImport}";\` below the package line of ${groups["file"]}`,
    );
  }
  return [...new Set(hints)];
}
