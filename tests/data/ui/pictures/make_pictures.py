#!/usr/bin/env python3
"""Writes the small PNG pictures the UI tests use (python3 only: zlib and struct, no PIL).

Run from anywhere: python3 tests/data/ui/pictures/make_pictures.py
The output is deterministic, so running it again changes nothing.
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def png(width, height, pixel):
    """A truecolour PNG; pixel(x, y) -> (r, g, b)."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(pixel(x, y))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")


def scene(width, height, shapes, background, design=(400, 300)):
    """Filled rectangles ("rect", x1, y1, x2, y2, colour) and circles ("circle", cx, cy, r, colour),
    in a design space (400x300 unless told) scaled to width x height; later shapes paint over
    earlier ones."""
    sx, sy = design[0] / width, design[1] / height

    def pixel(x, y):
        px, py = (x + 0.5) * sx, (y + 0.5) * sy
        colour = background
        for s in shapes:
            if s[0] == "rect" and s[1] <= px <= s[3] and s[2] <= py <= s[4]:
                colour = s[5]
            elif s[0] == "circle" and (px - s[1]) ** 2 + (py - s[2]) ** 2 <= s[3] ** 2:
                colour = s[4]
        return colour

    return png(width, height, pixel)


GREY, DARK, BLUE, GREEN, ORANGE, WHITE = (235, 236, 240), (60, 64, 72), (54, 102, 204), (46, 160, 90), (230, 140, 40), (255, 255, 255)

# A browser with a web shop: the padlock at (30, 20), the address bar, a logo, a trash can corner.
WEBSHOP = [
    ("rect", 0, 0, 400, 40, DARK),
    ("circle", 30, 20, 12, GREEN),
    ("rect", 50, 8, 390, 32, WHITE),
    ("rect", 20, 60, 120, 110, BLUE),
    ("rect", 150, 60, 380, 180, WHITE),
    ("circle", 100, 100, 20, ORANGE),
    ("rect", 340, 240, 400, 300, DARK),
]


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


write("webshop.png", scene(400, 300, WEBSHOP, GREY))
# The same scene at half size: items declare it 400x300, so answers stay in that system.
write("webshop_half.png", scene(200, 150, WEBSHOP, GREY))
ICON = (400, 400)
write("trash.png", scene(40, 40, [("rect", 60, 60, 340, 370, DARK), ("rect", 40, 30, 360, 80, ORANGE)], WHITE, ICON))
write("magnifier.png", scene(40, 40, [("rect", 230, 230, 340, 340, DARK), ("circle", 170, 170, 120, BLUE)], WHITE, ICON))
# Wider than the 4096 pixels a side the kiosk accepts (its header says so; it is only 1 row high).
write("too_wide.png", png(5000, 1, lambda x, y: (x % 256, 0, 0)))
# A PNG signature followed by nonsense.
write("broken.png", b"\x89PNG\r\n\x1a\n" + bytes((i * 37) % 256 for i in range(300)))
