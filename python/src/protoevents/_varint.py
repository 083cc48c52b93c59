"""The protobuf varint encoding of a non-negative integer, for the bytes the package writes itself."""


def encode_varint(value: int) -> bytes:
    """Encodes a non-negative integer as a protobuf varint: 7 bits a byte, least significant first."""
    if value < 0x80:
        return bytes((value,))
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)
