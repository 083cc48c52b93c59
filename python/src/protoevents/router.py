"""The router: handlers of events, registered per event schema or per set of events, and what the
transports (``protoevents.kafka``) share to dispatch to them: the handler context, the retry and
unknown-event policies, and the dead-letter headers. It needs no broker::

    from protoevents.router import HandlerContext, Router
    from protoevents.user.v1 import UserCreated

    router = Router()

    @router.on(UserCreated)
    def greet(event: UserCreated, context: HandlerContext) -> None:
        print(f"hello {event.name}, attempt {context.attempt}")
"""

from protoevents._router_context import HandlerContext, MessageSource
from protoevents._router_dead_letter import (
    ATTEMPTS_HEADER,
    ERROR_CODE_HEADER,
    ERROR_MESSAGE_HEADER,
    HANDLER_FAILED,
    MAX_DEAD_LETTER_MESSAGE_LENGTH,
    ORIGINAL_OFFSET_HEADER,
    ORIGINAL_PARTITION_HEADER,
    ORIGINAL_TOPIC_HEADER,
    DeadLetterReason,
    dead_letter_headers,
)
from protoevents._router_dispatch import EventHandler, EventsHandler, RoutedEvent, Router
from protoevents._router_handle import HandlingOutcome, handle_with_retries
from protoevents._router_retry import RetryPolicy
from protoevents._router_unknown_event import DEFAULT_UNKNOWN_EVENT_POLICY, UnknownEventPolicy, is_unknown_event

__all__ = [
    "ATTEMPTS_HEADER",
    "DEFAULT_UNKNOWN_EVENT_POLICY",
    "ERROR_CODE_HEADER",
    "ERROR_MESSAGE_HEADER",
    "HANDLER_FAILED",
    "MAX_DEAD_LETTER_MESSAGE_LENGTH",
    "ORIGINAL_OFFSET_HEADER",
    "ORIGINAL_PARTITION_HEADER",
    "ORIGINAL_TOPIC_HEADER",
    "DeadLetterReason",
    "EventHandler",
    "EventsHandler",
    "HandlerContext",
    "HandlingOutcome",
    "MessageSource",
    "RetryPolicy",
    "RoutedEvent",
    "Router",
    "UnknownEventPolicy",
    "dead_letter_headers",
    "handle_with_retries",
    "is_unknown_event",
]
