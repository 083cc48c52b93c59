/**
 * The CloudEvents context attribute names the CloudEvents binding maps
 * envelope fields to: an attribute may not take one as its key.
 *
 * @internal
 */
export const reservedAttributeKeys: ReadonlySet<string> = new Set([
  "specversion",
  "id",
  "source",
  "type",
  "datacontenttype",
  "dataschema",
  "subject",
  "time",
  "data",
  "traceparent",
  "tracestate",
  "traceid",
  "partitionkey",
  "correlationid",
  "causationid",
]);

// CloudEvents extension attribute names: lower-case ASCII letters and digits, at most 20
// characters recommended (CloudEvents 1.0.2, "Attribute Naming Convention").
const attributeKeyForm = /^[a-z0-9]{1,20}$/;

/**
 * Says what is wrong with an attribute key `wrap` was given, or returns
 * `undefined` for a valid one: 1 to 20 characters of `a-z` and `0-9`, the
 * form of a CloudEvents extension attribute name, and none of
 * {@link reservedAttributeKeys}. Decoding accepts any key.
 *
 * @internal
 */
export function attributeKeyProblem(key: string): string | undefined {
  if (!attributeKeyForm.test(key)) return "is not 1 to 20 characters of a-z and 0-9 (a CloudEvents extension attribute name)";
  if (reservedAttributeKeys.has(key)) return "is a CloudEvents context attribute name, which the CloudEvents binding maps an envelope field to";
  return undefined;
}
