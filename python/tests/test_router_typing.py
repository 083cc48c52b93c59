"""`router.on(Event)`'s handler takes exactly that event's message class under mypy --strict, and
`router.on_events(events)`'s the union `unwrap` returns for them, narrowed by name and version."""

import os
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES_PACKAGE

SNIPPET = """\
from typing import Literal
from protoevents import Unwrapped
from protoevents.router import HandlerContext, Router
from protoevents_fixtures.fixture import v1, v2

router = Router()

@router.on(v1.AccountOpened)
def opened(event: v1.AccountOpened, context: HandlerContext) -> None:
    reveal_type(event)
    reveal_type(context.attempt)

@router.on(v1.AccountOpened)
def other_event(event: v2.ParcelShipped, context: HandlerContext) -> None: ...

@router.on(v1.ParcelShipped)
def other_version(event: v2.ParcelShipped, context: HandlerContext) -> None: ...

@router.on(v1.AccountOpened)
def no_context(event: v1.AccountOpened) -> None: ...

def shipped(event: v2.ParcelShipped, context: HandlerContext) -> None: ...
router.on(v2.ParcelShipped, shipped)
router.on(v1.ParcelShipped, shipped)

def each(event: object, context: HandlerContext) -> None: ...
router.on_events(v1.events, each)
router.on_events(v1.events, lambda event, context: print(reveal_type(event.payload)))

def one_of_them(event: Unwrapped[Literal["fixture.account.opened"], Literal["v1"], v1.AccountOpened], context: HandlerContext) -> None: ...
router.on_events(v1.events, one_of_them)

reveal_type(opened)
"""
# The line of each reveal_type, with what mypy must reveal, and of each handler it must refuse.
REVEALED = {
    10: '"protoevents_fixtures.fixture.v1.account_opened_pb2.AccountOpened"',
    11: '"int"',
    28: '"protoevents_fixtures.fixture.v1.account_opened_pb2.AccountOpened'
    " | protoevents_fixtures.fixture.v1.legacy_recorded_pb2.LegacyRecorded"
    " | protoevents_fixtures.fixture.v1.parcel_shipped_pb2.ParcelShipped"
    ' | protoevents_fixtures.fixture.v1.scalars_recorded_pb2.ScalarsRecorded"',
    # The decorator returns the handler, typed as a handler of the event.
    33: '"def (protoevents_fixtures.fixture.v1.account_opened_pb2.AccountOpened, '
    'protoevents._router_context.HandlerContext)"',
}
REFUSED = {13, 16, 19, 24, 31}


def test_a_handler_takes_exactly_its_event_under_mypy_strict(tmp_path: Path) -> None:
    consumer = tmp_path / "consumer.py"
    consumer.write_text(SNIPPET, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--hide-error-context", str(consumer)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(FIXTURES_PACKAGE)},
    )
    errors: dict[int, str] = {}
    notes: dict[int, str] = {}
    for line in result.stdout.splitlines():
        if line.startswith("consumer.py:"):
            _, number, kind, text = line.split(":", 3)
            (errors if kind == " error" else notes).setdefault(int(number), text.strip())
    assert notes == {n: f"Revealed type is {t}" for n, t in REVEALED.items()}, result.stdout
    assert errors.keys() == REFUSED, result.stdout
    assert all("[arg-type]" in errors[n] for n in REFUSED), result.stdout
