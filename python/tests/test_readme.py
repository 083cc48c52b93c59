"""The READMEs' Python examples are the files of examples/python/, which test_quickstart runs."""

import re
from pathlib import Path


def python_blocks(readme: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", readme.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)


def test_package_readme_shows_the_quickstart(repo: Path) -> None:
    quickstart = (repo / "examples" / "python" / "quickstart.py").read_text(encoding="utf-8")
    assert python_blocks(repo / "python" / "README.md") == [quickstart]


def test_every_python_example_of_the_repository_readme_is_an_example_file(repo: Path) -> None:
    examples = [path.read_text(encoding="utf-8") for path in sorted((repo / "examples" / "python").glob("*.py"))]
    blocks = python_blocks(repo / "README.md")
    assert all(block in examples for block in blocks)
    assert all(example in blocks for example in examples)
