// A producer that imports only `wrap` from the package root: no event domain should be bundled.
export { wrap } from "protoevents";
