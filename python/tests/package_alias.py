"""Lets the tests import the package as `protoevents` whatever its import name.

An organisation names its Python package once, in protoevents.names.yaml (e.g. `acme_events`);
the test task passes the name in PROTOEVENTS_PYTHON_IMPORT. The tests are written against
`protoevents`: when the installed package has another name, this maps `protoevents` and every
`protoevents.<module>` to the installed package's module of the same path (the same objects,
not copies), so the tests run unchanged on a renamed package.
"""

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from types import ModuleType

TEST_NAME = "protoevents"


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, real: str) -> None:
        self._real = real

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != TEST_NAME and not fullname.startswith(TEST_NAME + "."):
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return importlib.import_module(self._real + spec.name[len(TEST_NAME) :])

    def exec_module(self, module: ModuleType) -> None:
        """The real module ran when it was imported under its own name."""


def install() -> str:
    """Maps `protoevents` to the installed package when its import name differs; returns that name."""
    real = os.environ.get("PROTOEVENTS_PYTHON_IMPORT", TEST_NAME)
    if real != TEST_NAME and not any(isinstance(finder, _Alias) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Alias(real))
    return real
