"""``Router``: handlers registered per event schema or per set of events, and the dispatch of an
envelope to the one that handles it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from google.protobuf.message import Message

from protoevents._decode_limits import DEFAULT_DECODE_LIMITS, DecodeLimits
from protoevents._event_identity import event_identity
from protoevents._event_registry import EventEntry, EventRegistry, EventSet, Unwrapped
from protoevents._router_context import HandlerContext, MessageSource
from protoevents._unwrap import unwrap
from protoevents.v1.envelope_pb2 import Envelope

P = TypeVar("P", bound=Message)
U = TypeVar("U", bound=Unwrapped[str, str, Message])

EventHandler = Callable[[P, HandlerContext], None]
"""A handler of one event schema: ``(event: UserCreated, context: HandlerContext) -> None``."""
EventsHandler = Callable[[U, HandlerContext], None]
"""A handler of a set of events: it gets the unwrapped event, whose ``name`` and ``version``
narrow its ``payload``."""


@dataclass(frozen=True, slots=True)
class RoutedEvent:
    """An event a router has decoded and found the handler of, not yet handled: a transport runs
    it, and runs it again when it raises, without decoding again."""

    event: Unwrapped[str, str, Message]
    """The unwrapped event: its name, version, payload and envelope."""
    handler: Callable[[Unwrapped[str, str, Message], HandlerContext], None]
    """The registered handler, taking the unwrapped event."""

    def handle(self, *, attempt: int = 1, source: MessageSource | None = None) -> None:
        """Runs the handler once; what it raises propagates."""
        event = self.event
        self.handler(event, HandlerContext(event.envelope, event.name, event.version, attempt, source))


class Router:
    """Handlers of events, registered per event schema (``on``) or per set of events
    (``on_events``), and the registry of every event they handle (``events``). Transports
    (``protoevents.kafka``) read messages and ``dispatch`` them; it works without one too::

        router = Router()

        @router.on(UserCreated)
        def greet(event: UserCreated, context: HandlerContext) -> None:
            print(event.name, context.envelope.event_id)

        router.dispatch(decode_envelope(data))
    """

    __slots__ = ("_handlers", "_events")

    def __init__(self) -> None:
        self._handlers: dict[tuple[str, str], Callable[[Unwrapped[str, str, Message], HandlerContext], None]] = {}
        self._events: EventRegistry[Unwrapped[str, str, Message]] = EventRegistry()

    @property
    def events(self) -> EventRegistry[Unwrapped[str, str, Message]]:
        """The registry of every event a handler is registered for, in registration order: what
        ``dispatch`` unwraps against, so that any other event is ``UNKNOWN_EVENT`` or
        ``UNSUPPORTED_VERSION``."""
        return self._events

    @overload
    def on(self, message_type: type[P]) -> Callable[[EventHandler[P]], EventHandler[P]]: ...
    @overload
    def on(self, message_type: type[P], handler: EventHandler[P]) -> EventHandler[P]: ...
    def on(
        self, message_type: type[P], handler: EventHandler[P] | None = None
    ) -> EventHandler[P] | Callable[[EventHandler[P]], EventHandler[P]]:
        """Registers the handler of one event schema, given its generated message class; the
        handler gets the decoded payload, of exactly that class, and the ``HandlerContext``.
        Returns the handler, so that ``@router.on(UserCreated)`` decorates it.

        Raises:
            NotAnEventError: the message class is not an event's.
            TypeError: the event (name and version) has a handler already.
        """
        identity = event_identity(message_type)
        entry = EventEntry(identity.name, identity.version, message_type)

        def register(handler: EventHandler[P]) -> EventHandler[P]:
            def call(event: Unwrapped[str, str, Message], context: HandlerContext) -> None:
                handler(event.payload, context)  # type: ignore[arg-type]  # unwrap decoded it with message_type

            self._register([entry], call)
            return handler

        return register if handler is None else register(handler)

    def on_events(self, events: EventSet[U] | EventRegistry[U], handler: EventsHandler[U]) -> EventsHandler[U]:
        """Registers one handler of every event of a set: a generated ``events`` (e.g. of
        ``protoevents.user.v1``) or a registry. The handler gets the unwrapped event, whose
        ``name`` and ``version`` narrow its ``payload`` as ``unwrap``'s result does, and the
        ``HandlerContext``. Returns the handler.

        Raises:
            TypeError: one of the events has a handler already, or the set gives one name and
                version two message classes.
        """
        entries = events.entries if isinstance(events, EventRegistry) else tuple(events)
        self._register(entries, handler)
        return handler

    def dispatch(
        self,
        envelope: Envelope,
        source: MessageSource | None = None,
        *,
        attempt: int = 1,
        limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
    ) -> None:
        """Unwraps an envelope against the router's ``events`` and runs the handler registered for
        it, once, with a ``HandlerContext`` of this ``source`` and ``attempt``. What the handler
        raises propagates.

        Raises:
            ProtoeventsError: the envelope does not unwrap, as ``unwrap(envelope, router.events)``
                raises: ``UNKNOWN_EVENT``, ``UNSUPPORTED_VERSION`` for an event no handler is
                registered for, ``PAYLOAD_DECODE_FAILED``, ``LIMIT_EXCEEDED``...
        """
        self.route(envelope, limits=limits).handle(attempt=attempt, source=source)

    def route(self, envelope: Envelope, *, limits: DecodeLimits = DEFAULT_DECODE_LIMITS) -> RoutedEvent:
        """Unwraps an envelope against the router's ``events`` and finds its handler, without
        running it: a transport tells decoding errors (poison) from the handler's own this way.

        Raises:
            ProtoeventsError: the envelope does not unwrap, as ``dispatch`` says.
        """
        event = unwrap(envelope, self._events, limits=limits)
        return RoutedEvent(event, self._handlers[(event.name, event.version)])

    def _register(
        self,
        entries: "tuple[EventEntry[str, str, Message], ...] | list[EventEntry[str, str, Message]]",
        handler: Callable[[Any, HandlerContext], None],
    ) -> None:
        keys = [(entry.name, entry.version) for entry in entries]
        taken = [key for key in keys if key in self._handlers]
        if taken or len(set(keys)) != len(keys):
            name, version = taken[0] if taken else keys[0]
            raise TypeError(f"event {name} {version} has a handler already: a router runs one handler per event")
        # Built first: it raises when two entries give one name and version two classes.
        events = EventRegistry(self._events, entries)
        for key in keys:
            self._handlers[key] = handler
        self._events = events
