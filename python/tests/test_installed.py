"""The installed wheel: what it contains, where it imports from, and the runtime it needs."""

import importlib.metadata
import json
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from google.protobuf import runtime_version

import protoevents
from protoevents._event_version import VERSION_SUFFIX, package_version


def test_protoevents_is_imported_from_the_installed_wheel() -> None:
    site_packages = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert Path(protoevents.__file__).resolve().is_relative_to(site_packages)


def test_version_equals_the_npm_package_version(repo: Path) -> None:
    npm_version = json.loads((repo / "package.json").read_text(encoding="utf-8"))["version"]
    assert protoevents.__version__ == npm_version
    assert importlib.metadata.version("protoevents") == npm_version


def test_the_wheel_installs_nothing_at_top_level_but_protoevents() -> None:
    files = importlib.metadata.files("protoevents") or []
    tops = {f.parts[0] for f in files if not f.parts[0].endswith(".dist-info") and f.parts[0] != ".."}
    assert tops == {"protoevents"}
    assert any(f.name == "py.typed" for f in files)


def test_events_import_from_any_working_directory(tmp_path: Path) -> None:
    script = (
        "from protoevents.user.v1 import UserCreated, UserEmailChanged, events\n"
        "from protoevents.order.v1 import OrderPlaced, OrderStatus, Money\n"
        "print(UserCreated.DESCRIPTOR.full_name, OrderPlaced.DESCRIPTOR.full_name, len(events))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "user.v1.UserCreated order.v1.OrderPlaced 2"


def test_importing_one_domain_loads_no_other(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from protoevents import wrap\n"
        "from protoevents.user.v1 import UserCreated\n"
        "print(sorted(m for m in sys.modules if m.startswith('protoevents.') and m.endswith('_pb2')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == str(
        [
            "protoevents.user.v1.user_created_pb2",
            "protoevents.user.v1.user_email_changed_pb2",
            "protoevents.v1.envelope_pb2",
            "protoevents.v1.options_pb2",
        ]
    )


def generated_code_versions() -> set[str]:
    root = Path(protoevents.__file__).parent
    found = set()
    for module in root.rglob("*_pb2.py"):
        match = re.search(r"^# Protobuf Python Version: (\S+)$", module.read_text(encoding="utf-8"), re.MULTILINE)
        assert match is not None, module
        found.add(match[1])
    return found


def test_declared_minimum_runtime_is_the_generated_code_version() -> None:
    requires = importlib.metadata.requires("protoevents") or []
    (protobuf,) = [r for r in requires if r.startswith("protobuf")]
    minimum = re.search(r">=([\d.]+)", protobuf)
    assert minimum is not None
    assert generated_code_versions() == {minimum[1]}


def test_generated_code_checks_the_runtime_version() -> None:
    """Every *_pb2 module calls ValidateProtobufRuntimeVersion at import: a runtime older than
    the generated code, or of another major version, fails the import."""
    major, minor, patch = (int(p) for p in next(iter(generated_code_versions())).split("."))
    runtime_version.ValidateProtobufRuntimeVersion(runtime_version.Domain.PUBLIC, major, minor, patch, "", "x.proto")
    with pytest.raises(runtime_version.VersionError):
        runtime_version.ValidateProtobufRuntimeVersion(runtime_version.Domain.PUBLIC, major, minor + 100, 0, "", "x.proto")
    with pytest.raises(runtime_version.VersionError):
        runtime_version.ValidateProtobufRuntimeVersion(runtime_version.Domain.PUBLIC, major + 1, 0, 0, "", "x.proto")


def test_version_suffix_is_the_one_typescript_uses(repo: Path) -> None:
    source = (repo / "src" / "event-version.ts").read_text(encoding="utf-8")
    match = re.search(r"const versionSuffix = /(.+)/;", source)
    assert match is not None
    assert VERSION_SUFFIX.pattern == match[1]


@pytest.mark.parametrize(
    ("package", "version"),
    [("user.v1", "v1"), ("a.b.v2beta1", "v2beta1"), ("x.v1p1alpha", "v1p1alpha"), ("x.v1test", "v1test"),
     ("v1", None), ("user.v0", None), ("user.V1", None), ("user.v1\n", None), ("user", None)],
)
def test_package_version(package: str, version: str | None) -> None:
    assert package_version(package) == version
