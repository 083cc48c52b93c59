"""The installed wheel: what it contains, where it imports from, and the runtime it needs."""

import importlib
import importlib.metadata
import json
import pkgutil
import re
import subprocess
import sys
import sysconfig
import tarfile
from pathlib import Path
from typing import Any

import pytest
from conftest import PACKAGE_MODULES, needs_a_missing_extra
from google.protobuf import runtime_version
from google.protobuf.descriptor import FileDescriptor
from packaging.requirements import Requirement

import protoevents
from protoevents import registry
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


def test_the_wheel_and_the_sdist_carry_the_license(repo: Path) -> None:
    license_text = (repo / "LICENSE").read_text(encoding="utf-8")
    distribution = importlib.metadata.distribution("protoevents")
    assert distribution.metadata.get_all("License-File") == ["LICENSE"]
    assert distribution.metadata["License-Expression"] == "Apache-2.0"
    shipped = [f for f in distribution.files or [] if f.name == "LICENSE"]
    assert [f.read_text(encoding="utf-8") for f in shipped] == [license_text]
    (sdist,) = (repo / "python" / "dist").glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        member = next(m for m in archive.getmembers() if m.name.count("/") == 1 and m.name.endswith("/LICENSE"))
        extracted = archive.extractfile(member)
        assert extracted is not None and extracted.read().decode("utf-8") == license_text


def event_packages() -> list[str]:
    """The `protoevents.<domain>.<version>` packages that hold the registry's events."""
    return sorted({entry.message_type.__module__.rpartition(".")[0] for entry in registry.events})


def run_python(script: str, cwd: Path, *args: str) -> Any:
    """Runs a script with this interpreter and returns the JSON it prints."""
    result = subprocess.run([sys.executable, "-c", script, *args], cwd=cwd, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_events_import_from_any_working_directory(tmp_path: Path) -> None:
    script = (
        "import importlib, json, sys\n"
        "import protoevents\n"
        "from protoevents.registry import events\n"
        "def described(events): return [[e.name, e.version, e.message_type.DESCRIPTOR.full_name] for e in events]\n"
        "print(json.dumps({'file': protoevents.__file__, 'registry': described(events),\n"
        "                  'packages': {p: described(importlib.import_module(p).events) for p in sys.argv[1:]}}))\n"
    )
    packages = event_packages()
    found = run_python(script, tmp_path, *packages)
    assert Path(found["file"]).resolve() == Path(protoevents.__file__).resolve()
    assert found["registry"] == [[e.name, e.version, e.message_type.DESCRIPTOR.full_name] for e in registry.events]
    for package in packages:
        module = importlib.import_module(package)
        assert found["packages"][package] == [[e.name, e.version, e.message_type.DESCRIPTOR.full_name] for e in module.events]


def schema_modules() -> dict[str, str]:
    """The module of every schema file of the installed package, by the file's proto name."""
    return {
        module.DESCRIPTOR.name: module.__name__
        for module in PACKAGE_MODULES
        if module.__name__.endswith("_pb2") and isinstance(getattr(module, "DESCRIPTOR", None), FileDescriptor)
    }


def dependency_closure(files: list[FileDescriptor]) -> set[str]:
    """The proto names of the files and of everything they import, transitively."""
    found: set[str] = set()
    pending = list(files)
    while pending:
        file = pending.pop()
        if file.name not in found:
            found.add(file.name)
            pending.extend(file.dependencies)
    return found


@pytest.mark.parametrize("package", event_packages())
def test_importing_one_package_loads_only_its_schemas_and_their_imports(package: str, tmp_path: Path) -> None:
    script = (
        "import importlib, json, sys\n"
        "def loaded(): return sorted(m for m in sys.modules if m.startswith('protoevents.') and m.endswith('_pb2'))\n"
        "from protoevents import wrap\n"
        "root = loaded()\n"
        "importlib.import_module(sys.argv[1])\n"
        "print(json.dumps({'root': root, 'package': loaded(), 'registry': 'protoevents.registry' in sys.modules}))\n"
    )
    found = run_python(script, tmp_path, package)
    assert found["root"] and all(name.startswith("protoevents.v1.") for name in found["root"])
    assert found["registry"] is False
    modules = schema_modules()
    own = [m.DESCRIPTOR for m in PACKAGE_MODULES if m.__name__.startswith(f"{package}.") and m.__name__.endswith("_pb2")]
    assert own
    expected = {modules[name] for name in dependency_closure(own) if name in modules}
    assert set(found["package"]) == expected | set(found["root"])


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


def test_declared_range_is_the_two_majors_the_cross_version_guarantee_supports() -> None:
    """Code generated for protobuf major V is supported on runtimes V and V+1
    (https://protobuf.dev/support/cross-version-runtime-guarantee/#major): the package accepts
    exactly those, from the generated code's own version."""
    requires = [Requirement(line) for line in importlib.metadata.requires("protoevents") or []]
    (protobuf,) = [r for r in requires if r.name == "protobuf"]
    (generated,) = generated_code_versions()
    major = int(generated.split(".")[0])
    assert str(protobuf.specifier) == f"<{major + 2},>={generated}"
    installed = importlib.metadata.version("protobuf")
    assert protobuf.specifier.contains(installed)
    assert int(installed.split(".")[0]) in (major, major + 1)


def test_generated_code_checks_the_runtime_version() -> None:
    """Every *_pb2 module calls ValidateProtobufRuntimeVersion at import: generated code newer
    than the runtime fails the import, the package's own passes."""
    major, minor, patch = (int(p) for p in next(iter(generated_code_versions())).split("."))
    runtime_version.ValidateProtobufRuntimeVersion(runtime_version.Domain.PUBLIC, major, minor, patch, "", "x.proto")
    runtime = runtime_version.MAJOR, runtime_version.MINOR
    with pytest.raises(runtime_version.VersionError):
        runtime_version.ValidateProtobufRuntimeVersion(runtime_version.Domain.PUBLIC, runtime[0], runtime[1] + 1, 0, "", "x.proto")
    with pytest.raises(runtime_version.VersionError):
        runtime_version.ValidateProtobufRuntimeVersion(runtime_version.Domain.PUBLIC, runtime[0] + 1, 0, 0, "", "x.proto")


def test_every_module_imports_without_a_warning_on_this_runtime(tmp_path: Path) -> None:
    """Importing the whole package, every generated module with it, warns of nothing on this
    venv's runtime: no "gencode is one major version older" or deprecation notice reaches users.
    The modules of an extra not installed here are left out (test_kafka_import.py)."""
    script = (
        "import importlib, pkgutil, warnings\n"
        "warnings.simplefilter('error')\n"
        "import protoevents\n"
        f"missing_extra = {[m.name for m in pkgutil.walk_packages(protoevents.__path__, 'protoevents.') if needs_a_missing_extra(m.name)]!r}\n"
        "for module in pkgutil.walk_packages(protoevents.__path__, 'protoevents.'):\n"
        "    if module.name not in missing_extra:\n"
        "        importlib.import_module(module.name)\n"
        "print('imported')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "imported\n"


def test_version_suffix_is_the_one_typescript_uses(repo: Path) -> None:
    source = (repo / "src" / "event-version.ts").read_text(encoding="utf-8")
    match = re.search(r"const versionSuffix = /(.+)/;", source)
    assert match is not None
    assert VERSION_SUFFIX.pattern == match[1]


@pytest.mark.parametrize(
    ("package", "version"),
    [("acme.v1", "v1"), ("a.b.v2beta1", "v2beta1"), ("x.v1p1alpha", "v1p1alpha"), ("x.v1test", "v1test"),
     ("v1", None), ("acme.v0", None), ("acme.V1", None), ("acme.v1\n", None), ("acme", None)],
)
def test_package_version(package: str, version: str | None) -> None:
    assert package_version(package) == version


def test_the_typing_extra_brings_the_stubs_the_type_check_runs_with() -> None:
    """`pip install protoevents[typing]` adds the protobuf runtime's stubs for mypy: the extra
    names them, and the version this venv's mypy checks with satisfies it."""
    requires = [Requirement(line) for line in importlib.metadata.requires("protoevents") or []]
    typing = [r for r in requires if r.marker is not None and r.marker.evaluate({"extra": "typing"})]
    assert [r.name for r in typing] == ["types-protobuf"]
    assert typing[0].specifier.contains(importlib.metadata.version("types-protobuf"))
    assert all(r.marker is None or not r.marker.evaluate({"extra": ""}) for r in typing)
