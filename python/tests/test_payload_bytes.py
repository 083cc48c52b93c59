"""A payload's bytes do not depend on the process: map entries are written in one order."""

import subprocess
import sys
from pathlib import Path

from conftest import REPO

_SCRIPT = """
import sys
sys.path.insert(0, sys.argv[1])
from protoevents import encode_envelope, wrap
from protoevents_fixtures.fixture.v1 import Address, ParcelShipped
payload = ParcelShipped(
    parcel_id="p-1",
    tags={key: key.upper() for key in ("m", "a", "zz", "b", "q", "c")},
    stops={key: Address(city=key) for key in ("hub", "depot", "yard")},
)
print(encode_envelope(wrap(payload, event_id="e", timestamp=0)).hex())
"""


def test_the_same_payload_gives_the_same_bytes_in_every_process() -> None:
    fixtures = REPO / "gen" / "fixtures" / "python-package"
    outputs = {
        subprocess.run([sys.executable, "-c", _SCRIPT, str(fixtures)], check=True, capture_output=True, text=True).stdout
        for _ in range(6)
    }
    assert len(outputs) == 1, f"{len(outputs)} different encodings in 6 processes"
    assert Path(fixtures).is_dir()
