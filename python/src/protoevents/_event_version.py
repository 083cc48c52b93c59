"""The version of a protobuf package, as an event's version: ``user.v1`` gives ``v1``."""

import re

VERSION_SUFFIX = re.compile(
    r"^v[1-9][0-9]*(?:(?:alpha|beta)[1-9]?[0-9]*|p[1-9][0-9]*(?:alpha|beta)[1-9]?[0-9]*|test[0-9]*)?$"
)
"""A package version suffix as buf's PACKAGE_VERSION_SUFFIX rule accepts it.

The same expression as ``src/event-version.ts``; a test compares the two.
"""


def package_version(package_name: str) -> str | None:
    """Returns the last segment of a package name when it is a version suffix, else None."""
    last = package_name.rpartition(".")[2]
    return last if "." in package_name and VERSION_SUFFIX.fullmatch(last) else None
