// RFC 3986 characters, `%` only as a percent-encoding: docs/cloudevents.md says why this and no
// more (a full RFC 3986 grammar would differ between the two languages' URI libraries).
const uriReferenceForm = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/;
const schemeForm = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Whether a value is a URI-reference as docs/cloudevents.md checks it: one
 * or more characters of RFC 3986, `%` only before two hex digits.
 *
 * @internal
 */
export function isUriReference(value: string): boolean {
  return uriReferenceForm.test(value);
}

/**
 * Whether a value is an absolute URI: a URI-reference that starts with a scheme.
 *
 * @internal
 */
export function isAbsoluteUri(value: string): boolean {
  return schemeForm.test(value) && uriReferenceForm.test(value);
}
