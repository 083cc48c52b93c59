"""The bounds on what decoding accepts, so that bytes from a broker cannot take unbounded memory or
time; the same limits, defaults and error as the TypeScript package."""

from dataclasses import dataclass


# upb refuses deeper nesting itself, so a higher max_depth would make the languages differ.
_MAX_DEPTH_CEILING = 100


@dataclass(frozen=True, slots=True)
class DecodeLimits:
    """Limits on one decode. Every decoding function takes ``limits=``; the defaults are 16 MiB,
    64 levels, 1024 unknown fields and 100,000 messages, below the protobuf runtimes' own limits (100 levels), so
    that ours are met first."""

    max_bytes: int = 16 * 1024 * 1024
    """The most bytes an envelope may have: binary, or JSON text in UTF-8."""
    max_depth: int = 64
    """The deepest nesting of messages, groups and JSON arrays or objects; the outermost message is
    depth 1. At most 100, the protobuf runtimes' own recursion limit, so that this limit is always
    the one met."""
    max_unknown_fields: int = 1024
    """The most unknown fields one decode keeps, counted over every nested message."""
    max_messages: int = 100_000
    """The most nested messages and map entries one decode creates: each costs memory whatever its
    size on the wire (2 bytes at least), so this bounds what a flood of empty messages costs."""

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_depth", "max_unknown_fields", "max_messages"):
            value = getattr(self, name)
            if type(value) is not int or value < 1:
                raise ValueError(f"limit {name} must be a positive integer, got {value!r}")
        if self.max_depth > _MAX_DEPTH_CEILING:
            raise ValueError(f"limit max_depth must be at most {_MAX_DEPTH_CEILING}, got {self.max_depth}")


DEFAULT_DECODE_LIMITS = DecodeLimits()
"""The limits in force when a call gives none."""
