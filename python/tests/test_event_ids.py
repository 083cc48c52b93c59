"""The default event id: a UUIDv7 (RFC 9562), increasing within a process, its random bits drawn
anew in a forked child."""

import os
import re
import uuid

from protoevents_fixtures.fixture.v1 import AccountOpened

from protoevents import wrap

UUID7 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def new_id() -> str:
    return wrap(AccountOpened(id="a-1")).event_id


def test_ids_are_uuid7_strings_that_increase() -> None:
    ids = [new_id() for _ in range(5000)]
    assert all(UUID7.fullmatch(event_id) for event_id in ids)
    assert all(uuid.UUID(event_id).version == 7 and str(uuid.UUID(event_id)) == event_id for event_id in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_every_random_digit_varies() -> None:
    ids = [new_id() for _ in range(2000)]
    # rand_b: the variant digit takes 4 values, the other 15 digits 16 each.
    assert {event_id[19] for event_id in ids} == set("89ab")
    for position in [*range(20, 23), *range(24, 36)]:
        assert len({event_id[position] for event_id in ids}) == 16, position


def test_a_forked_child_draws_other_random_bits() -> None:
    new_id()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.write(write, "".join(new_id() for _ in range(50)).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    with os.fdopen(read) as pipe:
        text = pipe.read()
    child_ids = {text[i : i + 36] for i in range(0, len(text), 36)}
    parent_ids = {new_id() for _ in range(50)}
    assert len(child_ids) == 50
    assert {event_id[24:] for event_id in child_ids}.isdisjoint({event_id[24:] for event_id in parent_ids})
