"""URI-references and absolute URIs as docs/cloudevents.md checks them, the same as the TypeScript
package's src/cloudevents/uri-reference.ts: the characters of RFC 3986, ``%`` only as a
percent-encoding. A full RFC 3986 grammar would differ between the two languages' URI libraries."""

import re

_URI_REFERENCE_FORM = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+")
_SCHEME_FORM = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def is_uri_reference(value: str) -> bool:
    """Whether a value is a URI-reference: one or more characters of RFC 3986, ``%`` only before
    two hex digits."""
    return _URI_REFERENCE_FORM.fullmatch(value) is not None


def is_absolute_uri(value: str) -> bool:
    """Whether a value is an absolute URI: a URI-reference that starts with a scheme."""
    return _SCHEME_FORM.match(value) is not None and is_uri_reference(value)
