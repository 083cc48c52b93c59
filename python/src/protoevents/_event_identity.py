"""What identifies an event schema: the name from its option, the version from its package."""

from dataclasses import dataclass

from google.protobuf.message import Message

from protoevents._errors import NotAnEventError
from protoevents._event_version import package_version
from protoevents.v1.options_pb2 import event as event_option


@dataclass(frozen=True, slots=True)
class EventIdentity:
    """The identity of an event schema."""

    name: str
    """The event's name, e.g. ``user.created``."""
    version: str
    """The event's version, e.g. ``v1``."""
    partition_key: str
    """The payload field that holds the aggregate id, or "" when none is declared."""


_identities: dict[type[Message], EventIdentity] = {}


def event_identity(message_type: type[Message]) -> EventIdentity:
    """Reads the identity of an event schema from its message class, e.g. ``UserCreated``.

    Raises:
        NotAnEventError: the message has no ``(protoevents.v1.event)`` option with a name, or its
            package has no version suffix.
    """
    identity = _identities.get(message_type)
    if identity is None:
        identity = _read_identity(message_type)
        _identities[message_type] = identity
    return identity


def _read_identity(message_type: type[Message]) -> EventIdentity:
    descriptor = message_type.DESCRIPTOR
    options = descriptor.GetOptions()
    if not options.HasExtension(event_option):
        raise NotAnEventError(descriptor.full_name, "it has no (protoevents.v1.event) option")
    option = options.Extensions[event_option]
    if option.name == "":
        raise NotAnEventError(descriptor.full_name, "its (protoevents.v1.event) option has no name")
    package = descriptor.file.package
    version = package_version(package)
    if version is None:
        raise NotAnEventError(descriptor.full_name, f'its package "{package}" has no version suffix such as ".v1"')
    return EventIdentity(option.name, version, option.partition_key)
