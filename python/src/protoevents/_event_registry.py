"""The shapes of the generated registry: an event schema by name and version, what ``unwrap``
returns for it, and the typed collection of them that every generated ``events`` is."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from google.protobuf.message import Message

from protoevents.v1.envelope_pb2 import Envelope

N = TypeVar("N", bound=str, covariant=True)
V = TypeVar("V", bound=str, covariant=True)
P = TypeVar("P", bound=Message, covariant=True)


@dataclass(frozen=True, slots=True)
class EventEntry(Generic[N, V, P]):
    """One event schema in a registry: the name and version an envelope carries, and the message
    class its payload decodes with. The generated ``events`` tuples of every domain/version
    package and of the package root hold these."""

    name: N
    """The event's name, e.g. ``user.created``."""
    version: V
    """The event's version, e.g. ``v1``."""
    message_type: type[P]
    """The payload's message class."""


@dataclass(frozen=True, slots=True)
class Unwrapped(Generic[N, V, P]):
    """An unwrapped event. ``unwrap`` returns a union of these, one per registered event, so
    comparing ``name`` and ``version`` with ``==`` narrows ``payload`` to its message class."""

    name: N
    """The event's name, from the envelope."""
    version: V
    """The event's version, from the envelope."""
    payload: P
    """The decoded payload."""
    envelope: Envelope
    """The envelope the payload came in."""


U = TypeVar("U", bound=Unwrapped[str, str, Message], covariant=True)


class EventSet(tuple[EventEntry[str, str, Message], ...], Generic[U]):
    """A tuple of event schemas that carries, as its type parameter, the union of what ``unwrap``
    returns for them: ``Unwrapped[Literal[name], Literal[version], MessageClass]``, one member
    per entry.

    The generated ``events`` of every domain/version package and of the package root are event
    sets, so ``unwrap(envelope, events)`` returns that union and comparing ``name`` and
    ``version`` narrows ``payload``. mypy cannot check that the parameter matches the entries;
    the generator writes both from the same schemas. At runtime it is a plain tuple:
    ``EventSet(entries)``.
    """

    __slots__ = ()


VersionsByName = Mapping[str, Mapping[str, EventEntry[str, str, Message]]]
"""The event schemas of one name, by version."""

_indexes: dict[int, tuple[Sequence[EventEntry[str, str, Message]], VersionsByName]] = {}


def index_events(events: Sequence[EventEntry[str, str, Message]]) -> VersionsByName:
    """Indexes a registry by name, then version: once per tuple (the generated registries are
    tuples), on every call for a mutable sequence."""
    cached = _indexes.get(id(events))
    if cached is not None and cached[0] is events:
        return cached[1]
    by_name: dict[str, dict[str, EventEntry[str, str, Message]]] = {}
    for entry in events:
        by_name.setdefault(entry.name, {})[entry.version] = entry
    if isinstance(events, tuple):
        # The cache holds the tuple, so its id cannot be reused while the entry exists.
        _indexes[id(events)] = (events, by_name)
    return by_name
