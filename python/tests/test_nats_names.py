"""The NATS binding's names and argument checks (docs/nats.md), with no server: the subjects and
streams derived from event names and prefixes, and the options the publisher, the consumer and
``ensure_streams`` refuse before reaching JetStream. Only where nats-py is installed; the server
tests are test/nats/nats-python.test.ts."""

import asyncio
from typing import Any

import pytest

from conftest import NATS_EXTRA_INSTALLED

pytestmark = pytest.mark.skipif(not NATS_EXTRA_INSTALLED, reason="nats-py is installed in the latest test venv only")


def test_subjects_and_streams_follow_the_event_name_and_the_prefixes() -> None:
    from protoevents.nats import dead_letter_msg_id, dead_letter_stream, dead_letter_subject, event_stream, event_subject

    assert event_subject("account.opened") == "events.account.opened"
    assert event_subject("account.opened", "acme.prod") == "acme.prod.account.opened"
    assert event_stream("user_account.created") == "events-user_account-created"
    assert event_stream("user_account.created", "acme") == "acme-user_account-created"
    assert dead_letter_subject("events.account.opened") == "dead-letter.events.account.opened"
    assert dead_letter_subject("events.account.opened", "dlq") == "dlq.events.account.opened"
    assert dead_letter_stream() == "events-dead-letter"
    assert dead_letter_msg_id("events-user-created", 42) == "dead-letter:events-user-created:42"


@pytest.mark.parametrize("name", ["", "account..opened", "account.opened.", "Account.opened", "user-account.created", "user.*", "user.>", "a b.c"])
def test_an_event_name_that_cannot_be_a_subject_is_invalid_metadata(name: str) -> None:
    from protoevents import ErrorCode, InvalidMetadataError
    from protoevents.nats import event_stream, event_subject

    for derive in (event_subject, event_stream):
        with pytest.raises(InvalidMetadataError) as raised:
            derive(name)
        assert (raised.value.code, raised.value.field) == (ErrorCode.INVALID_METADATA, "event_name")


def test_message_size_counts_the_header_block_and_the_data() -> None:
    from protoevents.nats import message_size

    # "NATS/1.0\r\n" + "a: bc\r\n" + "Nats-Msg-Id: é\r\n" (é two bytes) + "\r\n" + 3 bytes of data.
    assert message_size({"a": "bc", "Nats-Msg-Id": "é"}, b"xyz") == 10 + 7 + 17 + 2 + 3


class _NoClient:
    """Stands for a nats-py client: the checks run before any use of it but ``jetstream()``."""

    def jetstream(self) -> object:
        return object()


def _router() -> Any:
    from protoevents.router import Router
    from protoevents_fixtures.registry import events

    router = Router()
    router.on_events(events, lambda event, context: None)
    return router


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"durable": "a.b"}, "durable"),
        ({"durable": "a b"}, "durable"),
        ({"durable": ""}, "durable"),
        ({"subject_prefix": "Events"}, "subject_prefix"),
        ({"subject_prefix": "events.*"}, "subject_prefix"),
        ({"stream_prefix": "acme.prod"}, "stream_prefix"),
        ({"dead_letter_prefix": ""}, "dead_letter_prefix"),
        ({"dead_letter_prefix": "events"}, "must not overlap"),
        ({"subject_prefix": "dead-letter.events"}, "must not overlap"),
        ({"unknown_events": "ignore"}, "unknown_events"),
        ({"ack_wait": 0}, "ack_wait"),
        ({"ack_wait": True}, "ack_wait"),
        ({"max_ack_pending": 0}, "max_ack_pending"),
    ],
)
def test_a_consumer_refuses_bad_options(options: dict[str, Any], message: str) -> None:
    from protoevents.nats import Consumer

    arguments: dict[str, Any] = {"durable": "mailer", "router": _router(), **options}
    with pytest.raises(ValueError, match=message):
        Consumer(_NoClient(), **arguments)  # type: ignore[arg-type]


def test_a_consumer_runs_only_a_router_with_handlers() -> None:
    from protoevents.nats import Consumer
    from protoevents.router import Router

    # Built before its handlers are registered, as a handler that stops it needs the consumer.
    consumer = Consumer(_NoClient(), durable="mailer", router=Router())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="handles no event"):
        asyncio.run(consumer.run())


@pytest.mark.parametrize(
    ("options", "message"),
    [({"mode": "xml"}, "mode"), ({"subject_prefix": "a..b"}, "subject_prefix"), ({"timeout": 0}, "timeout")],
)
def test_a_publisher_refuses_bad_options(options: dict[str, Any], message: str) -> None:
    from protoevents.nats import Publisher

    with pytest.raises(ValueError, match=message):
        Publisher(_NoClient(), source="s", **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"stream_prefix": "a.b"}, "stream_prefix"),
        ({"subject_prefix": "x", "dead_letter_prefix": "x.y"}, "must not overlap"),
        ({"duplicate_window": 0}, "duplicate_window"),
        ({"duplicate_window": float("nan")}, "duplicate_window"),
    ],
)
def test_ensure_streams_refuses_bad_options_before_reaching_jetstream(options: dict[str, Any], message: str) -> None:
    from protoevents.nats import ensure_streams
    from protoevents_fixtures.registry import events

    with pytest.raises(ValueError, match=message):
        asyncio.run(ensure_streams(object(), events, **options))  # type: ignore[arg-type]


def test_ensure_streams_refuses_an_event_whose_stream_is_the_dead_letter_stream() -> None:
    from protoevents import EventEntry
    from protoevents.nats import ensure_streams
    from protoevents_fixtures.fixture.v1 import ScalarsRecorded

    # An entry under another name: the name is what the stream is named after.
    entry = EventEntry("dead.letter", "v1", ScalarsRecorded)
    with pytest.raises(ValueError, match="dead-letter stream"):
        asyncio.run(ensure_streams(object(), [entry]))  # type: ignore[arg-type]
