#!/usr/bin/python3
"""tests/integration/mkpng.py - writes a small valid PNG to stdout (a
grey square of SIZE pixels, default 16) made with zlib alone, for tests
that show an image attachment in place."""
import struct
import sys
import zlib

size = int(sys.argv[1]) if len(sys.argv) > 1 else 16


def chunk(kind, data):
    c = struct.pack(">I", len(data)) + kind + data
    return c + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)


rows = b"".join(b"\x00" + bytes([(x * 255 // size) for x in range(size)])
                for _ in range(size))
png = (b"\x89PNG\r\n\x1a\n"
       + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(rows))
       + chunk(b"IEND", b""))
sys.stdout.buffer.write(png)
