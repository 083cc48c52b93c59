"""Assembles the Python project that `python -m build` packs, from handwritten and generated code.

    python python/tools/stage_package.py <repo root> <generated dir> <stage dir> \
        --project JSON [--npm-name NAME] [--distribution NAME] [--import-name NAME] [--proto-prefix P]

The stage dir gets pyproject.toml and README.md from python/, the handwritten package from
python/src/protoevents/, the generated code from <generated dir> (buf's gen/python) nested under
the import package with its imports rewritten to match, and `_version.py` holding package.json's
version. Generated code and handwritten code stay apart in the repository and meet only here.

The distribution and import names and the project metadata (`--project`: Project-URLs, author,
keywords, Development Status) come from protoevents.names.yaml (the build passes them). With
`--import-name acme_events` the package is `acme_events`: every module path that starts with
`protoevents` (the handwritten `protoevents._wrap`, the generated `protoevents.user.v1`) starts
with `acme_events` instead, while the proto package `protoevents.v1` keeps its proto name on the
wire and in the descriptors; only its Python module becomes `acme_events.v1`.
"""

import argparse
import json
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.items

_VERSION_FILE = '"""The package version, equal to the npm package\'s: written by the build from package.json."""\n\n__version__ = "{}"\n'

# The name of the package in python/ (source tree, pyproject.toml, README.md) before staging.
_SOURCE_NAME = "protoevents"


def python_path(relative: Path, import_name: str, proto_prefix: str = "") -> Path:
    """Where a generated file goes in the package: proto package `user.v1` becomes
    `<import name>.user.v1`, and so does `acme.user.v1` under the proto prefix `acme`;
    `protoevents.v1` and `protoevents/registry.py` become `<import name>.v1` and
    `<import name>/registry.py`."""
    prefix = tuple(proto_prefix.split(".")) if proto_prefix else ()
    if relative.parts[0] == _SOURCE_NAME:
        return Path(import_name, *relative.parts[1:])
    if prefix and relative.parts[: len(prefix)] == prefix:
        return Path(import_name, *relative.parts[len(prefix) :])
    return Path(import_name, relative)


def rewrite_imports(text: str, roots: frozenset[str], import_name: str, proto_prefix: str = "") -> str:
    """Rewrites the module paths of a Python file to their place in the import package: protoc's
    absolute imports of generated modules (`from order.v1 import money_pb2`) and the module names
    it registers are nested under it, and `protoevents.…` module paths (imports, and module paths
    in docstrings such as ``protoevents.user.v1``) start with the import name. Under the proto
    prefix `acme`, `acme.order.v1` becomes `<import name>.order.v1`. `roots` are the generated
    top-level packages to nest; pass none for handwritten code."""

    def nest(module: str) -> str:
        head, _, rest = module.partition(".")
        if head == _SOURCE_NAME:
            return import_name + module[len(head) :]
        if proto_prefix and module.startswith(f"{proto_prefix}."):
            return import_name + module[len(proto_prefix) :]
        return f"{import_name}.{module}" if head in roots else module

    def replace_from(match: re.Match[str]) -> str:
        return f"{match[1]}from {nest(match[2])} import "

    def replace_import(match: re.Match[str]) -> str:
        if match[3] is None and nest(match[2]) != match[2]:
            raise ValueError(f"cannot move `{match[0].strip()}` without an `as` name")
        return f"{match[1]}import {nest(match[2])}{match[3] or ''}"

    def replace_build(match: re.Match[str]) -> str:
        return f"{match[1]}'{nest(match[2])}'"

    text = re.sub(r"^(\s*)from ([\w.]+) import ", replace_from, text, flags=re.MULTILINE)
    text = re.sub(r"^(\s*)import ([\w.]+)( as \w+)?$", replace_import, text, flags=re.MULTILINE)
    text = re.sub(r"(BuildTopDescriptorsAndMessages\(DESCRIPTOR, )'([\w.]+)'", replace_build, text)
    return rewrite_module_mentions(text, import_name)


def rewrite_module_mentions(text: str, import_name: str) -> str:
    """Renames module paths quoted in prose (``protoevents.user.v1``, ``protoevents.<domain>``,
    `protoevents.registry`, ``protoevents.v1.envelope_pb2``). The proto package keeps its name:
    `protoevents.v1.Envelope` and `(protoevents.v1.event)` are proto names, not modules."""
    module = r"(?<![\w./])protoevents((?:\.(?!v\d+\b)[\w<>]+|\.v\d+\.\w+_pb2)[\w.<>]*)"
    return re.sub(module, lambda m: import_name + m[1], text)


def rewrite_readme(text: str, npm_name: str, distribution: str, import_name: str) -> str:
    """The package's README (its PyPI page) under the organisation's names: the title, the npm
    package it pairs with, the `pip install` line and the Python imports."""
    text = re.sub(rf"^# {_SOURCE_NAME}$", f"# {distribution}", text, flags=re.MULTILINE)
    text = re.sub(rf"(npm package\s+)`{_SOURCE_NAME}`", lambda m: f"{m[1]}`{npm_name}`", text)
    text = re.sub(rf"\bpip install {_SOURCE_NAME}\b", f"pip install {distribution}", text)
    return rewrite_imports(text, frozenset(), import_name)


def rewrite_pyproject(text: str, distribution: str, import_name: str, project: dict[str, Any]) -> str:
    """Sets the distribution name, the package folder and the project metadata of
    protoevents.names.yaml (`project`: repository, homepage, issues, author, keywords and the
    Development Status classifier) in pyproject.toml, then checks by parsing the result that every
    setting that names the package took the new names.

    Raises:
        ValueError: pyproject.toml no longer has the lines this rewrites.
    """
    # The comment above [build-system] describes python/, where the file does not build alone; the
    # staged folder (and the sdist made of it) does.
    header = f"# The {distribution} Python package, staged from the repository's python/ folder and the\n# generated code; `python -m build` builds it.\n"
    text = header + text[text.index("[build-system]") :]
    text, names = re.subn(rf'^name = "{_SOURCE_NAME}"$', f'name = "{distribution}"', text, flags=re.MULTILINE)
    text = re.sub(rf'(?<!name = )(["/]){_SOURCE_NAME}(["/])', rf"\g<1>{import_name}\g<2>", text)
    document = tomlkit.parse(text)
    table = document["project"]
    assert isinstance(table, tomlkit.items.Table)
    table["authors"] = tomlkit.array().multiline(False)
    table["authors"].append(tomlkit.inline_table())
    table["authors"][0]["name"] = project["author"]
    table["keywords"] = project["keywords"]
    classifiers = tomlkit.array().multiline(True)
    classifiers.extend([project["classifier"], *(c for c in table["classifiers"] if not c.startswith("Development Status ::"))])
    table["classifiers"] = classifiers
    urls = tomlkit.table()
    for label, url in (("Homepage", project["homepage"]), ("Repository", project["repository"]), ("Issues", project["issues"])):
        urls[label] = url
    urls.add(tomlkit.nl())
    table["urls"] = urls
    text = tomlkit.dumps(document)
    config = tomllib.loads(text)
    hatch = config["tool"]["hatch"]
    expected = {
        "project.name": (config["project"]["name"], distribution),
        "project.urls.Repository": (config["project"]["urls"]["Repository"], project["repository"]),
        "tool.hatch.version.path": (hatch["version"]["path"], f"src/{import_name}/_version.py"),
        "tool.hatch.build.targets.sdist.include": (hatch["build"]["targets"]["sdist"]["include"][0], f"src/{import_name}"),
        "tool.hatch.build.targets.wheel.packages": (hatch["build"]["targets"]["wheel"]["packages"], [f"src/{import_name}"]),
        "tool.mypy.packages": (config["tool"]["mypy"]["packages"], [import_name]),
    }
    wrong = [key for key, (found, want) in expected.items() if found != want]
    if names != 1 or wrong:
        raise ValueError(f"python/pyproject.toml: cannot set the package names in {', '.join(wrong) or 'project.name'}")
    return text


def stage(
    root: Path,
    generated: Path,
    target: Path,
    npm_name: str,
    distribution: str,
    import_name: str,
    project: dict[str, Any],
    proto_prefix: str = "",
) -> None:
    """Writes the stage dir anew. Fails when a generated file would replace a handwritten one."""
    version = json.loads((root / "package.json").read_text(encoding="utf-8"))["version"]
    if target.exists():
        shutil.rmtree(target)
    package = target / "src" / import_name
    source = root / "python" / "src" / _SOURCE_NAME
    for handwritten in sorted(source.rglob("*")):
        if not handwritten.is_file() or "__pycache__" in handwritten.parts or handwritten.name == "_version.py":
            continue
        destination = package / handwritten.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if handwritten.suffix in (".py", ".pyi"):
            destination.write_text(rewrite_imports(handwritten.read_text(encoding="utf-8"), frozenset(), import_name), encoding="utf-8")
        else:
            shutil.copyfile(handwritten, destination)
    pyproject = (root / "python" / "pyproject.toml").read_text(encoding="utf-8")
    (target / "pyproject.toml").write_text(rewrite_pyproject(pyproject, distribution, import_name, project), encoding="utf-8")
    # hatchling's default license-files take it from the project root: the wheel lists it as
    # License-File, and the sdist carries it.
    shutil.copyfile(root / "LICENSE", target / "LICENSE")
    readme = (root / "python" / "README.md").read_text(encoding="utf-8")
    (target / "README.md").write_text(rewrite_readme(readme, npm_name, distribution, import_name), encoding="utf-8")
    roots = frozenset(p.name for p in generated.iterdir() if p.is_dir() and p.name != _SOURCE_NAME)
    count = 0
    for source_file in sorted(generated.rglob("*")):
        if not source_file.is_file() or source_file.suffix not in (".py", ".pyi"):
            continue
        destination = target / "src" / python_path(source_file.relative_to(generated), import_name, proto_prefix)
        if destination.exists():
            raise FileExistsError(f"generated {source_file} would replace handwritten {destination}")
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = rewrite_imports(source_file.read_text(encoding="utf-8"), roots, import_name, proto_prefix)
        destination.write_text(text, encoding="utf-8")
        count += 1
    (package / "_version.py").write_text(_VERSION_FILE.format(version), encoding="utf-8")
    print(f"  staged {distribution} {version} (import {import_name}): {count} generated files under {target}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Stage the Python package for `python -m build`.")
    parser.add_argument("root", type=Path, help="the repository root")
    parser.add_argument("generated", type=Path, help="buf's Python output, gen/python")
    parser.add_argument("target", type=Path, help="the stage dir, made anew")
    parser.add_argument("--npm-name", default=_SOURCE_NAME, help="the npm package the README names")
    parser.add_argument("--distribution", default=_SOURCE_NAME, help="the PyPI distribution name")
    parser.add_argument("--import-name", default=_SOURCE_NAME, help="the Python import package")
    parser.add_argument(
        "--project",
        type=json.loads,
        required=True,
        help="JSON: repository, homepage, issues, author, keywords and classifier (Development Status)",
    )
    parser.add_argument("--proto-prefix", default="", help="the prefix of the event packages (proto.prefix), left out of modules")
    args = parser.parse_args()
    stage(args.root, args.generated, args.target, args.npm_name, args.distribution, args.import_name, args.project, args.proto_prefix)
