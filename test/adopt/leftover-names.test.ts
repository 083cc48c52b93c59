import { describe, expect, it } from "vitest";
import { npmSpecifierLeftovers, pythonModuleLeftovers } from "./leftover-names.js";

describe("npmSpecifierLeftovers", () => {
  it("finds the package and its subpaths in import, require and declaration text", () => {
    const code = [
      'import { wrap } from "protoevents";',
      "const user = require('protoevents/user/v1');",
      'export type X = typeof import("protoevents/order/v1").events;',
    ].join("\n");
    expect(npmSpecifierLeftovers(code)).toEqual(['"protoevents"', "'protoevents/user/v1'", '"protoevents/order/v1"']);
  });

  it("leaves proto names, other packages, relative paths and doc mentions alone", () => {
    const code = [
      'messageDesc(file_protoevents_v1_envelope, 0); typeName: "protoevents.v1.Envelope";',
      'from "@acme/events/user/v1"; import("./protoevents/v1/envelope_pb.js");',
      "/** Pass a domain's `events` (e.g. from `protoevents/user/v1`). */",
    ].join("\n");
    expect(npmSpecifierLeftovers(code)).toEqual([]);
  });
});

describe("pythonModuleLeftovers", () => {
  it("finds imports of the module and module paths in code and docs", () => {
    const code = [
      "from protoevents import wrap",
      "    from protoevents._errors import NotAnEventError",
      "import protoevents.user.v1.user_created_pb2 as _user_created",
      "_builder.BuildTopDescriptorsAndMessages(DESCRIPTOR, 'protoevents.v1.envelope_pb2', _globals)",
      'Each ``protoevents.<domain>.<version>`` re-exports its messages; see protoevents.registry.',
    ].join("\n");
    expect(pythonModuleLeftovers(code).sort()).toEqual(
      [
        "from protoevents import",
        "from protoevents._errors import",
        "import protoevents",
        "protoevents._errors",
        "protoevents.user",
        "protoevents.v1.envelope_pb2",
        "protoevents.<domain",
        "protoevents.registry",
      ].sort(),
    );
  });

  it("leaves proto names, proto file paths, identifiers and the renamed package alone", () => {
    const code = [
      "from acme_events.v1 import options_pb2 as protoevents_dot_v1_dot_options__pb2",
      "DESCRIPTOR = AddSerializedFile(b'\\x1cprotoevents/v1/options.proto\\x12\\x0eprotoevents.v1')",
      '"""The message has no ``(protoevents.v1.event)`` option; bytes are not a protoevents.v1.Envelope."""',
      "class ProtoeventsError(Exception): ...",
    ].join("\n");
    expect(pythonModuleLeftovers(code)).toEqual([]);
  });
});
