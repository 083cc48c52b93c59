"""The rule for the attribute keys ``wrap`` accepts, the same as in TypeScript."""

import re

RESERVED_ATTRIBUTE_KEYS = frozenset(
    {
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
    }
)
"""The CloudEvents context attribute names the CloudEvents binding maps envelope fields to: an
attribute may not take one as its key."""

# CloudEvents extension attribute names: lower-case ASCII letters and digits, at most 20
# characters recommended (CloudEvents 1.0.2, "Attribute Naming Convention").
_ATTRIBUTE_KEY_FORM = re.compile("[a-z0-9]{1,20}")


def attribute_key_problem(key: str) -> str | None:
    """Says what is wrong with an attribute key ``wrap`` was given, or returns ``None`` for a valid
    one: 1 to 20 characters of ``a-z`` and ``0-9``, the form of a CloudEvents extension attribute
    name, and none of ``RESERVED_ATTRIBUTE_KEYS``. Decoding accepts any key."""
    if _ATTRIBUTE_KEY_FORM.fullmatch(key) is None:
        return "is not 1 to 20 characters of a-z and 0-9 (a CloudEvents extension attribute name)"
    if key in RESERVED_ATTRIBUTE_KEYS:
        return "is a CloudEvents context attribute name, which the CloudEvents binding maps an envelope field to"
    return None
