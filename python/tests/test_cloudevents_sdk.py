"""The official CloudEvents Python SDK (PyPI ``cloudevents`` 2.2.0) and protoevents.cloudevents read
each other's Kafka messages, binary and structured JSON.

The SDK is installed in the latest test venv only (requirements/test.txt): conftest.py leaves this
file out in the others.
"""

from datetime import datetime, timezone
from typing import Any

import pytest
from cloudevents.core.base import BaseCloudEvent, EventFactory
from cloudevents.core.bindings import kafka
from cloudevents.core.formats.base import Format
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from protoevents_fixtures.fixture.v1 import AccountOpened
from protoevents_fixtures.registry import events as fixture_events

from protoevents import ContentType, Envelope, encode_envelope, unwrap, wrap
from protoevents.cloudevents import EventMessage, from_message, to_binary_message, to_structured_json_message

TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
PAYLOAD = AccountOpened(id="a-1", name="Ädä Lovelace", email="ada@example.com", opened_at=5)


class RawData(Format):
    """Binary mode's data as the bytes they are: the SDK's JSON format would hand a protobuf
    payload that happens to be UTF-8 over as a string."""

    def read(self, event_factory: EventFactory | None, data: str | bytes) -> BaseCloudEvent:
        raise NotImplementedError

    def write(self, event: BaseCloudEvent) -> bytes:
        raise NotImplementedError

    def write_data(self, data: dict[str, Any] | str | bytes | None, datacontenttype: str | None) -> bytes:
        assert isinstance(data, bytes)
        return data

    def read_data(self, body: bytes, datacontenttype: str | None) -> dict[str, Any] | str | bytes | None:
        return body

    def get_content_type(self) -> str:
        return "application/octet-stream"


def envelope(content_type: ContentType = ContentType.PROTOBUF) -> Envelope:
    return wrap(
        PAYLOAD,
        source="https://example.com/accounts",
        content_type=content_type,
        timestamp=1714564800123,
        event_id="e-1",
        traceparent=TRACEPARENT,
        correlation_id="corr-1",
        attributes={"tenantid": "acme"},
    )


def kafka_message(message: EventMessage) -> kafka.KafkaMessage:
    return kafka.KafkaMessage(headers={name: value.encode("utf-8") for name, value in message.headers.items()}, key=None, value=message.value)


def assert_attributes(event: BaseCloudEvent) -> None:
    assert (event.get_specversion(), event.get_id(), event.get_source()) == ("1.0", "e-1", "https://example.com/accounts")
    assert (event.get_type(), event.get_subject()) == ("fixture.account.opened.v1", "a-1")
    assert event.get_time() == datetime(2024, 5, 1, 12, 0, 0, 123000, tzinfo=timezone.utc)
    extensions = {name: event.get_extension(name) for name in ("partitionkey", "traceparent", "correlationid", "tenantid")}
    assert extensions == {"partitionkey": "a-1", "traceparent": TRACEPARENT, "correlationid": "corr-1", "tenantid": "acme"}


def test_the_sdk_reads_our_binary_message() -> None:
    written = envelope()
    event = kafka.from_binary(kafka_message(to_binary_message(written)), RawData())
    assert_attributes(event)
    assert event.get_datacontenttype() == "application/protobuf"
    assert event.get_data() == written.payload


def test_the_sdk_reads_our_structured_json_message() -> None:
    written = envelope()
    event = kafka.from_structured(kafka_message(to_structured_json_message(written)), JSONFormat())
    assert_attributes(event)
    assert event.get_data() == written.payload


def test_the_sdk_reads_our_structured_json_message_with_a_json_payload() -> None:
    event = kafka.from_structured(kafka_message(to_structured_json_message(envelope(ContentType.JSON))), JSONFormat())
    assert_attributes(event)
    assert event.get_datacontenttype() == "application/json"
    assert event.get_data() == {"id": "a-1", "name": "Ädä Lovelace", "email": "ada@example.com", "openedAt": "5"}


def sdk_event() -> CloudEvent:
    return CloudEvent(
        attributes={
            "id": "e-2",
            "source": "urn:example:accounts",
            "type": "fixture.account.opened.v1",
            "datacontenttype": "application/protobuf",
            "partitionkey": "a-1",
            "tenantid": "acme",
        },
        data=PAYLOAD.SerializeToString(),
    )


def assert_read_back(read: Envelope, event: CloudEvent) -> None:
    sent = event.get_time()
    assert sent is not None
    assert (read.event_id, read.source, read.event_name, read.event_version) == ("e-2", "urn:example:accounts", "fixture.account.opened", "v1")
    assert (read.aggregate_id, read.content_type, dict(read.attributes)) == ("a-1", "application/protobuf", {"tenantid": "acme"})
    # The SDK adds `time` with microseconds; the envelope keeps milliseconds, floored.
    assert read.timestamp == int(sent.timestamp() * 1_000_000) // 1000
    assert unwrap(read, fixture_events).payload == PAYLOAD


def test_we_read_the_sdks_binary_message() -> None:
    event = sdk_event()
    message = kafka.to_binary_event(event)
    assert "ce_datacontenttype" not in message.headers and message.headers["content-type"] == b"application/protobuf"
    assert_read_back(from_message(list(message.headers.items()), message.value), event)


def test_we_read_the_sdks_structured_json_message() -> None:
    event = sdk_event()
    message = kafka.to_structured_event(event)
    assert message.headers == {"content-type": b"application/cloudevents+json"}
    assert_read_back(from_message(message.headers, message.value), event)


@pytest.mark.parametrize("mode", ["binary", "structured-json"])
def test_a_round_trip_through_the_sdk_keeps_the_envelope(mode: str) -> None:
    written = envelope()
    if mode == "binary":
        event = kafka.from_binary(kafka_message(to_binary_message(written)), RawData())
        message = kafka.to_binary(event, RawData())
    else:
        event = kafka.from_structured(kafka_message(to_structured_json_message(written)), JSONFormat())
        message = kafka.to_structured(event, JSONFormat())
    assert encode_envelope(from_message(message.headers, message.value)) == encode_envelope(written)
