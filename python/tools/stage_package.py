"""Assembles the Python project that `python -m build` packs, from handwritten and generated code.

    python python/tools/stage_package.py <repo root> <generated dir> <stage dir>

The stage dir gets pyproject.toml and README.md from python/, the handwritten package from
python/src/protoevents/, the generated code from <generated dir> (buf's gen/python) nested under
`protoevents` with its imports rewritten to match, and `_version.py` holding package.json's
version. Generated code and handwritten code stay apart in the repository and meet only here.
"""

import json
import re
import shutil
import sys
from pathlib import Path

_VERSION_FILE = '"""The package version, equal to the npm package\'s: written by the build from package.json."""\n\n__version__ = "{}"\n'


def python_path(relative: Path) -> Path:
    """Where a generated file goes in the package: proto package `user.v1` becomes
    `protoevents.user.v1`; `protoevents.v1` and `protoevents/registry.py` stay where they are."""
    return relative if relative.parts[0] == "protoevents" else Path("protoevents", relative)


def rewrite_imports(text: str, roots: frozenset[str]) -> str:
    """Rewrites protoc's absolute imports of generated modules (`from order.v1 import money_pb2`)
    and the module names it registers, to their place under `protoevents`."""

    def nest(module: str) -> str:
        return f"protoevents.{module}" if module.split(".")[0] in roots else module

    def replace_from(match: re.Match[str]) -> str:
        return f"{match[1]}from {nest(match[2])} import "

    def replace_import(match: re.Match[str]) -> str:
        if match[3] is None and match[2].split(".")[0] in roots:
            raise ValueError(f"cannot nest `{match[0].strip()}` without an `as` name")
        return f"{match[1]}import {nest(match[2])}{match[3] or ''}"

    def replace_build(match: re.Match[str]) -> str:
        return f"{match[1]}'{nest(match[2])}'"

    text = re.sub(r"^(\s*)from ([\w.]+) import ", replace_from, text, flags=re.MULTILINE)
    text = re.sub(r"^(\s*)import ([\w.]+)( as \w+)?$", replace_import, text, flags=re.MULTILINE)
    return re.sub(r"(BuildTopDescriptorsAndMessages\(DESCRIPTOR, )'([\w.]+)'", replace_build, text)


def stage(root: Path, generated: Path, target: Path) -> None:
    """Writes the stage dir anew. Fails when a generated file would replace a handwritten one."""
    version = json.loads((root / "package.json").read_text(encoding="utf-8"))["version"]
    if target.exists():
        shutil.rmtree(target)
    package = target / "src" / "protoevents"
    shutil.copytree(
        root / "python" / "src" / "protoevents", package, ignore=shutil.ignore_patterns("__pycache__", "_version.py")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(root / "python" / name, target / name)
    roots = frozenset(p.name for p in generated.iterdir() if p.is_dir() and p.name != "protoevents")
    count = 0
    for source in sorted(generated.rglob("*")):
        if not source.is_file() or source.suffix not in (".py", ".pyi"):
            continue
        destination = target / "src" / python_path(source.relative_to(generated))
        if destination.exists():
            raise FileExistsError(f"generated {source} would replace handwritten {destination}")
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(rewrite_imports(source.read_text(encoding="utf-8"), roots), encoding="utf-8")
        count += 1
    (package / "_version.py").write_text(_VERSION_FILE.format(version), encoding="utf-8")
    print(f"  staged protoevents {version}: {count} generated files under {target}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: stage_package.py <repo root> <generated dir> <stage dir>")
    stage(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
