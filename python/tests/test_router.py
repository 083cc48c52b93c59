"""The router without a broker: registration per event schema and per set of events, dispatch,
the errors of an envelope it does not handle, and the pieces the transports share (retry delays,
the unknown-event policy, the dead-letter headers)."""

import threading
import time

import pytest
from google.protobuf.message import Message
from protoevents_fixtures.fixture import v1, v2

from protoevents import ErrorCode, EventRegistry, ProtoeventsError, UnknownEventError, UnsupportedVersionError, Unwrapped, wrap
from protoevents.router import (
    HANDLER_FAILED,
    DeadLetterReason,
    HandlerContext,
    MessageSource,
    RetryPolicy,
    Router,
    dead_letter_headers,
    handle_with_retries,
    is_unknown_event,
)


def test_on_decorates_a_handler_that_gets_the_payload_and_its_context() -> None:
    router = Router()
    received: list[tuple[v1.AccountOpened, HandlerContext]] = []

    @router.on(v1.AccountOpened)
    def opened(event: v1.AccountOpened, context: HandlerContext) -> None:
        received.append((event, context))

    envelope = wrap(v1.AccountOpened(id="a-1", name="Ada"), source="bank")
    router.dispatch(envelope, MessageSource("accounts", 2, 41), attempt=3)

    assert opened.__name__ == "opened"
    [(event, context)] = received
    assert type(event) is v1.AccountOpened and (event.id, event.name) == ("a-1", "Ada")
    assert context == HandlerContext(envelope, "fixture.account.opened", "v1", 3, MessageSource("accounts", 2, 41))


def test_on_takes_the_handler_as_an_argument_and_returns_it() -> None:
    router = Router()
    received: list[str] = []

    def shipped(event: v2.ParcelShipped, context: HandlerContext) -> None:
        received.append(event.tracking_code)

    assert router.on(v2.ParcelShipped, shipped) is shipped
    router.dispatch(wrap(v2.ParcelShipped(tracking_code="T-9")))
    assert received == ["T-9"]


def test_each_version_of_an_event_has_its_own_handler() -> None:
    router = Router()
    received: list[tuple[str, str]] = []
    router.on(v1.ParcelShipped, lambda event, context: received.append(("v1", event.parcel_id)))
    router.on(v2.ParcelShipped, lambda event, context: received.append(("v2", event.tracking_code)))
    router.dispatch(wrap(v2.ParcelShipped(tracking_code="T-2")))
    router.dispatch(wrap(v1.ParcelShipped(parcel_id="P-1")))
    assert received == [("v2", "T-2"), ("v1", "P-1")]


def test_on_events_gets_every_event_of_the_set_unwrapped() -> None:
    router = Router()
    received: list[Unwrapped[str, str, Message]] = []
    router.on_events(v1.events, lambda event, context: received.append(event))
    sent = [wrap(entry.message_type()) for entry in v1.events]
    for envelope in sent:
        router.dispatch(envelope)
    assert [(e.name, e.version, type(e.payload), e.envelope) for e in received] == [
        (entry.name, entry.version, entry.message_type, envelope) for entry, envelope in zip(v1.events, sent)
    ]


def test_events_is_the_registry_of_every_handled_event_in_registration_order() -> None:
    router = Router()
    assert router.events.names() == []
    router.on(v2.ParcelShipped, lambda event, context: None)
    router.on_events(EventRegistry(v1.events), lambda event, context: None)
    assert isinstance(router.events, EventRegistry)
    expected = [("fixture.parcel.shipped", "v2")] + [(entry.name, entry.version) for entry in v1.events]
    assert [(entry.name, entry.version) for entry in router.events.entries] == expected


def test_an_event_registered_twice_is_refused_and_the_first_handler_kept() -> None:
    router = Router()
    received: list[str] = []
    router.on(v1.AccountOpened, lambda event, context: received.append("first"))
    with pytest.raises(TypeError, match="fixture.account.opened v1 has a handler already"):
        router.on(v1.AccountOpened, lambda event, context: received.append("second"))
    # A set with the event in it is refused whole: none of its other events is registered.
    with pytest.raises(TypeError, match="fixture.account.opened v1 has a handler already"):
        router.on_events(v1.events, lambda event, context: received.append("set"))
    assert [e.name for e in router.events.entries] == ["fixture.account.opened"]
    router.dispatch(wrap(v1.AccountOpened(id="a")))
    assert received == ["first"]


def test_an_unregistered_event_raises_unknown_event_and_another_version_unsupported_version() -> None:
    router = Router()
    router.on(v1.ParcelShipped, lambda event, context: None)
    with pytest.raises(UnknownEventError) as unknown:
        router.dispatch(wrap(v1.AccountOpened(id="a")))
    assert unknown.value.accepted_names == ("fixture.parcel.shipped",)
    with pytest.raises(UnsupportedVersionError) as unsupported:
        router.dispatch(wrap(v2.ParcelShipped()))
    assert unsupported.value.known_versions == ("v1",)
    assert is_unknown_event(unknown.value) and is_unknown_event(unsupported.value)


def test_a_payload_that_does_not_decode_raises_before_the_handler_runs() -> None:
    router = Router()
    ran: list[object] = []
    router.on(v1.AccountOpened, lambda event, context: ran.append(event))
    envelope = wrap(v1.AccountOpened(id="a"))
    envelope.payload = b"\xff\xff\xff"
    with pytest.raises(ProtoeventsError) as raised:
        router.route(envelope)
    assert raised.value.code == ErrorCode.PAYLOAD_DECODE_FAILED and not is_unknown_event(raised.value)
    assert ran == []


def test_route_unwraps_once_and_handle_runs_the_handler_on_each_call() -> None:
    router = Router()
    attempts: list[int] = []
    router.on(v1.AccountOpened, lambda event, context: attempts.append(context.attempt))
    routed = router.route(wrap(v1.AccountOpened(id="a")))
    assert routed.event.payload == v1.AccountOpened(id="a")
    routed.handle(attempt=1)
    routed.handle(attempt=2)
    assert attempts == [1, 2]


def test_what_a_handler_raises_propagates_from_dispatch() -> None:
    router = Router()

    def failing(event: v1.AccountOpened, context: HandlerContext) -> None:
        raise RuntimeError("database down")

    router.on(v1.AccountOpened, failing)
    with pytest.raises(RuntimeError, match="database down"):
        router.dispatch(wrap(v1.AccountOpened()))


def test_retry_delays_grow_by_the_factor_up_to_the_maximum() -> None:
    assert RetryPolicy() == RetryPolicy(retries=3, initial_delay=0.1, max_delay=5.0, factor=2.0)
    assert [RetryPolicy().delay(n) for n in range(1, 8)] == [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 5.0]
    assert RetryPolicy(initial_delay=1, factor=3, max_delay=10).delay(10_000) == 10
    assert RetryPolicy(initial_delay=0.5, factor=1).delay(5) == 0.5


@pytest.mark.parametrize(
    "arguments",
    [{"retries": -1}, {"retries": 1.5}, {"initial_delay": -0.1}, {"max_delay": float("inf")}, {"factor": 0.5}, {"factor": float("nan")}],
)
def test_a_retry_policy_out_of_range_is_refused(arguments: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RetryPolicy(**arguments)  # type: ignore[arg-type]


def test_dead_letter_headers_say_why_and_from_where_in_utf8_with_the_message_cut_to_1000_code_points() -> None:
    message = "é" * 999 + "😀" + "cut"
    headers = dead_letter_headers(DeadLetterReason(HANDLER_FAILED, message, "orders", 3, 12_345_678_901, 4))
    assert headers == [
        ("protoevents-error-code", b"HANDLER_FAILED"),
        ("protoevents-error-message", ("é" * 999 + "😀").encode()),
        ("protoevents-original-topic", b"orders"),
        ("protoevents-original-partition", b"3"),
        ("protoevents-original-offset", b"12345678901"),
        ("protoevents-attempts", b"4"),
    ]


def flaky_router(failures: int) -> tuple[Router, list[int]]:
    """A router whose handler of AccountOpened raises on its first `failures` runs."""
    router = Router()
    attempts: list[int] = []

    def flaky(event: v1.AccountOpened, context: HandlerContext) -> None:
        attempts.append(context.attempt)
        if context.attempt <= failures:
            raise ConnectionError(f"run {context.attempt} failed")

    router.on(v1.AccountOpened, flaky)
    return router, attempts


def test_handle_with_retries_runs_a_failing_handler_again_after_the_policy_delays() -> None:
    router, attempts = flaky_router(2)
    started = time.monotonic()
    outcome = handle_with_retries(router.route(wrap(v1.AccountOpened())), RetryPolicy(retries=3, initial_delay=0.05, factor=2))
    assert time.monotonic() - started >= 0.05 + 0.1
    assert (outcome.status, outcome.attempts, outcome.error) == ("handled", 3, None)
    assert attempts == [1, 2, 3]


def test_handle_with_retries_fails_with_the_last_error_once_the_retries_are_spent() -> None:
    router, attempts = flaky_router(10)
    outcome = handle_with_retries(router.route(wrap(v1.AccountOpened())), RetryPolicy(retries=2, initial_delay=0))
    assert (outcome.status, outcome.attempts, str(outcome.error)) == ("failed", 3, "run 3 failed")
    assert attempts == [1, 2, 3]


def test_a_stop_while_waiting_to_retry_aborts_without_running_the_handler_again() -> None:
    router, attempts = flaky_router(10)
    stopping = threading.Event()
    threading.Timer(0.1, stopping.set).start()
    started = time.monotonic()
    outcome = handle_with_retries(router.route(wrap(v1.AccountOpened())), RetryPolicy(initial_delay=30), stopping=stopping)
    assert time.monotonic() - started < 10
    assert (outcome.status, outcome.attempts) == ("aborted", 1)
    assert attempts == [1]
