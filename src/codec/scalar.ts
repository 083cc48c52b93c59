/**
 * Scalar types, numbered as protobuf-es's ScalarType (protobuf's own numbers). A const enum, so
 * that the codecs' switches compare with constants (esbuild and tsc inline it across modules),
 * not with properties of ScalarType.
 *
 * @internal
 */
export const enum Scalar {
  DOUBLE = 1,
  FLOAT = 2,
  INT64 = 3,
  UINT64 = 4,
  INT32 = 5,
  FIXED64 = 6,
  FIXED32 = 7,
  BOOL = 8,
  STRING = 9,
  BYTES = 12,
  UINT32 = 13,
  SFIXED32 = 15,
  SFIXED64 = 16,
  SINT32 = 17,
  SINT64 = 18,
}
