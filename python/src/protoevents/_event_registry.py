"""The shapes of the generated registry: an event schema by name and version, what ``unwrap``
returns for it, the typed collection of them that every generated ``events`` is, and the
immutable registry built from such collections."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Generic, TypeVar, Union, overload

from google.protobuf.message import Message

from protoevents._frozen_slots import unfrozen_twin
from protoevents._strict_decode import PROBE_PARSERS, probe_proves
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


_UnfrozenUnwrapped = unfrozen_twin(Unwrapped)


def new_unwrapped(name: str, version: str, payload: Message, envelope: Envelope) -> Unwrapped[str, str, Message]:
    """Internal: ``Unwrapped(name, version, payload, envelope)``, built faster, for ``unwrap``."""
    unwrapped = _UnfrozenUnwrapped()
    unwrapped.name = name
    unwrapped.version = version
    unwrapped.payload = payload
    unwrapped.envelope = envelope
    unwrapped.__class__ = Unwrapped
    result: Unwrapped[str, str, Message] = unwrapped
    return result


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


EventSource = Union["EventRegistry[Any]", Sequence[EventEntry[str, str, Message]], EventEntry[str, str, Message]]
"""What a registry is built from: a generated ``events`` set, another registry, or one entry."""

U1 = TypeVar("U1", bound=Unwrapped[str, str, Message])
U2 = TypeVar("U2", bound=Unwrapped[str, str, Message])
U3 = TypeVar("U3", bound=Unwrapped[str, str, Message])


class EventRegistry(Generic[U]):
    """A set of event schemas indexed by name and version once, when built, and immutable: pass it
    to ``unwrap`` to accept exactly these events, with a result that narrows to them.

    Built from generated ``events`` sets (e.g. of ``protoevents.user.v1``), other registries or
    single entries: ``EventRegistry(user_v1.events, order_v1.events)``. Its type parameter is the
    union of what ``unwrap`` returns for them, as for an ``EventSet``.

    Raises:
        TypeError: two sources give one name and version different message classes (the same
            entry given twice is kept once).
    """

    __slots__ = ("_entries", "_by_name", "_probed")

    _entries: tuple[EventEntry[str, str, Message], ...]
    _by_name: Mapping[str, Mapping[str, EventEntry[str, str, Message]]]
    _probed: dict[str, dict[str, tuple[Callable[[bytes], Any], type[Message]]]]
    """Internal: by name, then version, the payload class's ``FromString`` and the class, for each
    entry whose messages one probe proves (see ``PROBE_PARSERS``): ``unwrap``'s common case in one
    lookup. Never handed out, so plain dictionaries, where a lookup costs less than in mapping
    proxies."""

    @overload
    def __init__(self: "EventRegistry[U1]", source: "EventSet[U1] | EventRegistry[U1]", /) -> None: ...
    @overload
    def __init__(
        self: "EventRegistry[U1 | U2]", first: "EventSet[U1] | EventRegistry[U1]", second: "EventSet[U2] | EventRegistry[U2]", /
    ) -> None: ...
    @overload
    def __init__(
        self: "EventRegistry[U1 | U2 | U3]",
        first: "EventSet[U1] | EventRegistry[U1]",
        second: "EventSet[U2] | EventRegistry[U2]",
        third: "EventSet[U3] | EventRegistry[U3]",
        /,
    ) -> None: ...
    @overload
    def __init__(self: "EventRegistry[Unwrapped[str, str, Message]]", *sources: EventSource) -> None: ...
    def __init__(self, *sources: EventSource) -> None:
        by_name: dict[str, dict[str, EventEntry[str, str, Message]]] = {}
        entries: list[EventEntry[str, str, Message]] = []
        for source in sources:
            for entry in _entries_of(source):
                versions = by_name.setdefault(entry.name, {})
                known = versions.get(entry.version)
                if known is None:
                    versions[entry.version] = entry
                    entries.append(entry)
                elif known.message_type is not entry.message_type:
                    raise TypeError(
                        f"event {entry.name} {entry.version} is given two message classes, "
                        f"{known.message_type.DESCRIPTOR.full_name} and {entry.message_type.DESCRIPTOR.full_name}: "
                        "a registry has one schema per name and version"
                    )
        probed: dict[str, dict[str, tuple[Callable[[bytes], Any], type[Message]]]] = {}
        for entry in entries:
            if probe_proves(entry.message_type):
                probed.setdefault(entry.name, {})[entry.version] = (PROBE_PARSERS[entry.message_type], entry.message_type)
        object.__setattr__(self, "_entries", tuple(entries))
        object.__setattr__(self, "_by_name", MappingProxyType({name: MappingProxyType(v) for name, v in by_name.items()}))
        object.__setattr__(self, "_probed", probed)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"an EventRegistry is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"an EventRegistry is immutable: cannot delete {name}")

    @property
    def entries(self) -> tuple[EventEntry[str, str, Message], ...]:
        """The entries, in the order they were given, each once."""
        return self._entries

    def get(self, name: str, version: str) -> EventEntry[str, str, Message] | None:
        """The entry of this name and version, if the registry has it."""
        versions = self._by_name.get(name)
        return None if versions is None else versions.get(version)

    def versions(self, name: str) -> list[str]:
        """The versions of this name the registry has, in the order given; empty if none."""
        return list(self._by_name.get(name, ()))

    def names(self) -> list[str]:
        """The event names the registry has, in the order given."""
        return list(self._by_name)


def _entries_of(source: EventSource) -> Sequence[EventEntry[str, str, Message]]:
    if isinstance(source, EventRegistry):
        return source.entries
    if isinstance(source, EventEntry):
        return (source,)
    return source
