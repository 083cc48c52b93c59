"""`wrap` refuses bad metadata with INVALID_METADATA, naming the keyword, as TypeScript does."""

from collections import OrderedDict
from datetime import date, datetime, timezone
from types import MappingProxyType
from typing import Any

import pytest
from protoevents_fixtures.fixture import v1

from protoevents import ErrorCode, InvalidMetadataError, decode_envelope, encode_envelope, wrap

PAYLOAD = v1.ScalarsRecorded(id="s-1")

REFUSED: list[tuple[str, str, dict[str, Any]]] = [
    ("a number as event id", "event_id", {"event_id": 5}),
    ("a lone surrogate in the event id", "event_id", {"event_id": "e-\ud800"}),
    ("a timestamp string of digits", "timestamp", {"timestamp": "123"}),
    ("a timestamp string", "timestamp", {"timestamp": "abc"}),
    ("a boolean timestamp", "timestamp", {"timestamp": True}),
    ("a float timestamp", "timestamp", {"timestamp": 5.0}),
    ("a NaN timestamp", "timestamp", {"timestamp": float("nan")}),
    ("a date without time", "timestamp", {"timestamp": date(2024, 1, 2)}),
    ("a number as aggregate id", "aggregate_id", {"aggregate_id": 7}),
    ("a number as trace id", "trace_id", {"trace_id": 5}),
    ("None as correlation id", "correlation_id", {"correlation_id": None}),
    ("a lone surrogate in the causation id", "causation_id", {"causation_id": "\udc00x"}),
    ("bytes as source", "source", {"source": b"svc"}),
    ("None as content type", "content_type", {"content_type": None}),
    ("a number as content type", "content_type", {"content_type": 1}),
    ("attributes as a string", "attributes", {"attributes": "tenant=acme"}),
    ("attributes as a list of pairs", "attributes", {"attributes": [("tenant", "acme")]}),
    ("an attribute of a number", "attributes", {"attributes": {"tenant": 5}}),
    ("an attribute of None", "attributes", {"attributes": {"tenant": None}}),
    ("an attribute value with a lone surrogate", "attributes", {"attributes": {"tenant": "\ud83d"}}),
    ("a number as attribute key", "attributes", {"attributes": {5: "acme"}}),
    ("a __proto__ attribute key", "attributes", {"attributes": {"__proto__": "acme"}}),
    ("an empty attribute key", "attributes", {"attributes": {"": "acme"}}),
    ("an upper-case attribute key", "attributes", {"attributes": {"Tenant": "acme"}}),
    ("an attribute key with an underscore", "attributes", {"attributes": {"tenant_id": "acme"}}),
    ("an attribute key with a dash", "attributes", {"attributes": {"tenant-id": "acme"}}),
    ("an attribute key with a trailing newline", "attributes", {"attributes": {"tenant\n": "acme"}}),
    ("an attribute key of 21 characters", "attributes", {"attributes": {"abcdefghijklmnopqrstu": "acme"}}),
    ("a non-ASCII attribute key", "attributes", {"attributes": {"tenänt": "acme"}}),
    ("a lone surrogate attribute key", "attributes", {"attributes": {"\ud800": "acme"}}),
    ("the attribute key id", "attributes", {"attributes": {"id": "acme"}}),
    ("the attribute key traceparent", "attributes", {"attributes": {"traceparent": "00-abc"}}),
    ("the attribute key time", "attributes", {"attributes": {"time": "now"}}),
]


@pytest.mark.parametrize(("what", "field", "keywords"), REFUSED, ids=[case[0] for case in REFUSED])
def test_refuses_bad_metadata_naming_the_keyword(what: str, field: str, keywords: dict[str, Any]) -> None:
    with pytest.raises(InvalidMetadataError) as raised:
        wrap(PAYLOAD, **keywords)
    assert raised.value.field == field, what
    assert raised.value.code is ErrorCode.INVALID_METADATA
    assert isinstance(raised.value, ValueError)


def test_quotes_an_untrusted_value_with_lone_surrogates_escaped() -> None:
    with pytest.raises(InvalidMetadataError, match=r'invalid trace_id: "t\\ud800" has a lone surrogate'):
        wrap(PAYLOAD, trace_id="t\ud800")
    with pytest.raises(InvalidMetadataError, match=r'key "a\\"b" is not'):
        wrap(PAYLOAD, attributes={'a"b': "x"})


def test_none_is_the_default_of_event_id_aggregate_id_timestamp_and_attributes() -> None:
    envelope = wrap(PAYLOAD, event_id=None, aggregate_id=None, timestamp=None, attributes=None)
    assert len(envelope.event_id) == 36
    assert envelope.aggregate_id == "s-1"
    assert envelope.timestamp > 0
    assert dict(envelope.attributes) == {}


@pytest.mark.parametrize(
    "attributes",
    [
        {"7": "", "10": "ten", "tenant": "acme", "tenantid": "acme-eu", "abcdefghijklmnopqrst": "20", "constructor": "c", "value": "\U0001f600"},
        MappingProxyType({"tenant": "acme"}),
        OrderedDict([("b", "2"), ("a", "1")]),
    ],
    ids=["keys-of-the-rule", "mapping-proxy", "ordered-dict"],
)
def test_accepts_any_mapping_of_keys_of_the_rule(attributes: Any) -> None:
    envelope = wrap(PAYLOAD, attributes=attributes, timestamp=datetime(2024, 1, 2, tzinfo=timezone.utc))
    assert dict(envelope.attributes) == dict(attributes)
    assert decode_envelope(encode_envelope(envelope)) == envelope
