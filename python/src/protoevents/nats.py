"""The NATS JetStream binding, on nats-py (``pip install 'protoevents[nats]'``), asyncio
(docs/nats.md): ``ensure_streams`` makes a stream per event name with the limits its contract
declares, a ``Publisher`` publishes events as CloudEvents with ``ce-`` headers and their event id
as ``Nats-Msg-Id`` (JetStream stores an envelope published twice once), and a ``Consumer`` reads
them at least once through durable pull consumers and hands them to a
``protoevents.router.Router``, dead-lettering what does not decode and what its handler keeps
failing on::

    import nats
    from protoevents.nats import Consumer, Publisher, ensure_streams
    from protoevents.router import HandlerContext, Router
    from protoevents.user.v1 import UserCreated, events

    nc = await nats.connect("nats://127.0.0.1:4222")
    await ensure_streams(nc.jetstream(), events)
    await Publisher(nc, source="identity").publish(UserCreated(id="u-1", name="Ada"))

    router = Router()

    @router.on(UserCreated)
    def greet(event: UserCreated, context: HandlerContext) -> None:
        print(event.name)

    await Consumer(nc, durable="greeter", router=router).run()  # until stop()
"""

try:
    import nats as _nats_client  # noqa: F401  (probed: the extra may be missing)
except ImportError as missing:
    raise ImportError(
        "protoevents.nats needs nats-py, which the package's `nats` extra installs: pip install 'protoevents[nats]'",
        name=missing.name,
    ) from missing

from protoevents._nats_consumer import DEFAULT_ACK_WAIT, Consumer, DeadLetterInfo, SkipInfo, dead_letter_msg_id
from protoevents._nats_names import (
    DEFAULT_DEAD_LETTER_PREFIX,
    DEFAULT_STREAM_PREFIX,
    DEFAULT_SUBJECT_PREFIX,
    dead_letter_stream,
    dead_letter_subject,
    event_stream,
    event_subject,
)
from protoevents._nats_publisher import MSG_ID_HEADER, Published, Publisher, message_size
from protoevents._nats_streams import DEFAULT_DUPLICATE_WINDOW, EnsuredStream, ensure_streams

__all__ = [
    "DEFAULT_ACK_WAIT",
    "DEFAULT_DEAD_LETTER_PREFIX",
    "DEFAULT_DUPLICATE_WINDOW",
    "DEFAULT_STREAM_PREFIX",
    "DEFAULT_SUBJECT_PREFIX",
    "MSG_ID_HEADER",
    "Consumer",
    "DeadLetterInfo",
    "EnsuredStream",
    "Published",
    "Publisher",
    "SkipInfo",
    "dead_letter_msg_id",
    "dead_letter_stream",
    "dead_letter_subject",
    "ensure_streams",
    "event_stream",
    "event_subject",
    "message_size",
]
