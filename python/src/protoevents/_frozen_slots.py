"""Building instances of frozen dataclasses with slots at the cost of plain assignments."""

import types
from typing import Any


def unfrozen_twin(frozen: type) -> type:
    """Internal: a class with the slots of ``frozen`` (a ``dataclass(frozen=True, slots=True)``),
    in the same order on the same base, and without its ``__setattr__``: an instance takes plain
    assignments to the fields, then ``instance.__class__ = frozen`` makes it one of ``frozen``'s,
    which Python allows between classes of one layout. A frozen dataclass's ``__init__`` sets each
    field through ``object.__setattr__``, and a slot's own ``__set__`` is a method call: for a few
    fields either costs several times the assignments and the change of class."""
    bases = vars(frozen).get("__orig_bases__", frozen.__bases__)
    slots = vars(frozen)["__slots__"]

    def body(namespace: dict[str, Any]) -> None:
        namespace["__slots__"] = slots
        namespace["__module__"] = frozen.__module__

    return types.new_class(f"_Unfrozen{frozen.__name__}", bases, exec_body=body)
