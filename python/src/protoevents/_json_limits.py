"""The size and depth checks of JSON text, made before it is parsed, as the TypeScript package
makes them (``json-limits.ts``)."""

import re
from array import array
from itertools import accumulate

from protoevents._decode_limits import DecodeLimits
from protoevents._errors import LimitExceededError

# A string runs from a quote mark to the next one not escaped by a backslash, or to the end of
# the text: the same rule as the TypeScript scan, for text that is not JSON too.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


def check_json_text_size(text: str, limits: DecodeLimits, where: str) -> None:
    """Checks JSON text's size in UTF-8 bytes against ``limits.max_bytes``; a lone surrogate counts
    3 bytes, as in TypeScript.

    Raises:
        LimitExceededError: the text is over ``max_bytes``.
    """
    # A code point is 1 to 4 bytes in UTF-8: encode only text that may be over.
    if len(text) * 4 <= limits.max_bytes:
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise LimitExceededError("maxBytes", size, limits.max_bytes, where)


def check_json_text_depth(text: str, limits: DecodeLimits, where: str) -> None:
    """Checks the nesting of arrays and objects in JSON text against ``limits.max_depth`` before
    ``json`` recurses: brackets outside strings count, whether or not the text is valid JSON, so
    that the answer is the TypeScript package's for any text. Linear, without a Python loop over
    characters.

    Raises:
        LimitExceededError: arrays and objects nest deeper than ``max_depth``.
    """
    if text.count("[") + text.count("{") <= limits.max_depth:
        return
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text)).encode("ascii")
    steps = array("b", brackets.translate(_STEPS))
    if max(accumulate(steps), default=0) > limits.max_depth:
        raise LimitExceededError("maxDepth", limits.max_depth + 1, limits.max_depth, where)
