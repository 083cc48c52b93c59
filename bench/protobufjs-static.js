// The protobufjs static code that bench/protobufjs-codegen.ts generates at bench time into
// .bench/protobufjs/ (git-ignored), for esbuild to bundle with the benchmark. Plain JavaScript so
// that TypeScript reads its types from protobufjs-static.d.ts beside it: the typecheck of bench/
// then needs no generated file.
export { fixture, protoevents } from "../.bench/protobufjs/static.js";
