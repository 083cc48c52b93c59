"""Base64 as the CloudEvents formats carry binary values: standard alphabet with padding
(RFC 4648 section 4), and nothing else on reading, as the TypeScript package reads it."""

import base64
import binascii
import re

_PADDED_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")


def encode_base64(data: bytes) -> str:
    """Standard base64 with padding."""
    return base64.b64encode(data).decode("ascii")


def decode_base64(text: str) -> bytes | None:
    """Reads standard base64 with padding, or returns None for anything else (the URL alphabet,
    missing padding, whitespace)."""
    if _PADDED_BASE64.fullmatch(text) is None:
        return None
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error:
        return None
