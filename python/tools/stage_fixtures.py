"""Makes the framework's generated test fixtures importable beside the installed package.

    python python/tools/stage_fixtures.py <generated dir> <stage dir>

buf generates the fixture protos of testdata/fixtures/ into <generated dir> (gen/fixtures/python)
with the same plugins as the package: protoc's modules import each other absolutely
(`from fixture.v1 import common_pb2`), and our plugin nests them under `protoevents` and writes
`protoevents/registry.py`. The Python tests import the fixtures as `protoevents_fixtures`, a
package of their own on `sys.path`, while `protoevents` (its runtime and `protoevents.v1`) comes
from the installed wheel. This moves every fixture module under `protoevents_fixtures` and
rewrites the module names that point at them; names of the installed package stay as they are.
"""

import re
import shutil
import sys
from pathlib import Path

PACKAGE = "protoevents_fixtures"


def rewrite(text: str, roots: frozenset[str]) -> str:
    """Points every reference to a fixture module (`fixture.v1...`, `protoevents.fixture.v1...`,
    `protoevents.registry`) at its place under `protoevents_fixtures`."""
    alternatives = "|".join(sorted(map(re.escape, roots | {"registry"})))
    text = re.sub(rf"\bprotoevents\.({alternatives})\b", rf"{PACKAGE}.\1", text)
    bare = "|".join(sorted(map(re.escape, roots)))
    text = re.sub(rf"^(\s*)(from|import) ({bare})\b", rf"\1\2 {PACKAGE}.\3", text, flags=re.MULTILINE)
    return re.sub(rf"(BuildTopDescriptorsAndMessages\(DESCRIPTOR, )'({bare})\.", rf"\1'{PACKAGE}.\2.", text)


def stage(generated: Path, target: Path) -> int:
    """Writes <target>/protoevents_fixtures anew; returns how many modules it wrote."""
    package = target / PACKAGE
    if target.exists():
        shutil.rmtree(target)
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""The framework\'s test fixtures (testdata/fixtures), generated."""\n', encoding="utf-8")
    roots = frozenset(p.name for p in generated.iterdir() if p.is_dir() and p.name != "protoevents")
    count = 0
    for source in sorted(generated.rglob("*")):
        if not source.is_file() or source.suffix not in (".py", ".pyi"):
            continue
        relative = source.relative_to(generated)
        if relative.parts[0] == "protoevents":
            relative = relative.relative_to("protoevents")
        destination = package / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(rewrite(source.read_text(encoding="utf-8"), roots), encoding="utf-8")
        count += 1
    return count


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: stage_fixtures.py <generated dir> <stage dir>")
    written = stage(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"  staged {written} fixture modules as {PACKAGE} under {sys.argv[2]}")
