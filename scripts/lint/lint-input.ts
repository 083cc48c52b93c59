import type { ImageEvents } from "../schema/image-events.js";
import type { Finding } from "./lint-finding.js";

/** What the event lint checks: the module now and, when there is one, at the last release. */
export interface LintInput {
  /** The module folder relative to the repository root, e.g. `proto`, for paths in fixes. */
  readonly moduleDir: string;
  /** The first part of every event package (protoevents.names.yaml `proto.prefix`), `""` for none. */
  readonly prefix: string;
  readonly current: ImageEvents;
  readonly release: { readonly tag: string; readonly image: ImageEvents } | undefined;
}

/** A group of lint rules: reads the input, returns its findings. */
export type LintCheck = (input: LintInput) => Finding[];
