#!/usr/bin/env python3
"""Draws the pictures of items/m01-schoolreis/media (class 8's trip to Museum De Ontdekking).

Made for the bank: plain shapes drawn here, no photos, no fonts, no words, so the Dutch and English
items share them (items/README.md, "Pictures"). Only the Python standard library: a small raster of
filled rectangles, ellipses and polygons, written as an RGB PNG. The poster of the large task
(schoolreis-10-poster) offers them: the bus, the moon stone, the paper bridge and the packed lunch.

    python3 packaging/tools/make_m01_pictures.py [items/m01-schoolreis/media]

Writes the same bytes on every run.
"""
import os
import sys

from picture_canvas import BLUE, BROWN, GREEN, GREY, INK, LIGHT, RED, SKY, WHITE, YELLOW, Canvas


ROAD = (120, 124, 130)
NIGHT = (28, 36, 72)


def bus(path):
    """A coach on the road, seen from the side: windows, a door and two wheels (bus.png)."""
    cv = Canvas(160, 120, SKY)
    cv.rect(0, 92, 160, 120, ROAD)
    for x in range(6, 160, 30):
        cv.rect(x, 104, x + 16, 107, WHITE)
    cv.ellipse(28, 22, 14, 7, WHITE)   # clouds
    cv.ellipse(40, 18, 10, 6, WHITE)
    cv.ellipse(124, 26, 12, 6, WHITE)
    # The body, its nose on the right with a rounded corner.
    cv.rect(14, 40, 142, 90, YELLOW)
    cv.ellipse(142, 52, 6, 12, YELLOW)
    cv.rect(136, 52, 148, 90, YELLOW)
    cv.rect(14, 76, 148, 82, BLUE)      # a stripe
    for k in range(4):                  # windows
        x0 = 20 + k * 23
        cv.rect(x0, 46, x0 + 18, 64, SKY)
        cv.frame(x0, 46, x0 + 18, 64, INK, 1)
    cv.rect(130, 46, 146, 64, SKY)      # the front window
    cv.frame(130, 46, 146, 64, INK, 1)
    cv.rect(114, 46, 127, 88, (220, 170, 40))  # the door
    cv.frame(114, 46, 127, 88, INK, 1)
    cv.rect(116, 48, 125, 64, SKY)
    cv.rect(144, 70, 148, 74, WHITE)    # a headlight
    for cx in (40, 118):                # wheels
        cv.ellipse(cx, 90, 10, 10, INK)
        cv.ellipse(cx, 90, 4, 4, GREY)
    cv.png(path)


def moon_stone(path):
    """A grey stone from the moon under a glass dome on a stand, in a dark room with stars and the
    moon (maansteen.png)."""
    cv = Canvas(160, 120, NIGHT)
    for x, y in ((12, 14), (30, 40), (50, 10), (100, 16), (128, 44), (146, 12), (18, 70), (140, 80)):
        cv.rect(x, y, x + 2, y + 2, WHITE)
    cv.ellipse(132, 24, 12, 12, (236, 236, 220))  # the moon
    cv.ellipse(128, 20, 3, 3, (200, 200, 186))
    cv.ellipse(136, 28, 2, 2, (200, 200, 186))
    # The stand.
    cv.rect(52, 88, 108, 96, (90, 96, 110))
    cv.rect(58, 96, 102, 116, (110, 116, 130))
    # The glass dome: a pale half ellipse with a rim.
    for y in range(40, 89):
        for x in range(50, 111):
            if ((x - 80) / 30) ** 2 + ((y - 88) / 46) ** 2 <= 1.0:
                i = (y * cv.w + x) * 3
                r, g, b = cv.px[i], cv.px[i + 1], cv.px[i + 2]
                cv.dot(x, y, ((r + 2 * 170) // 3, (g + 2 * 200) // 3, (b + 2 * 230) // 3))
    # The stone: a lumpy grey shape with darker pits.
    cv.poly([(64, 86), (66, 74), (74, 66), (86, 64), (96, 70), (98, 80), (94, 86)], (128, 128, 132))
    cv.ellipse(76, 74, 4, 3, (96, 96, 100))
    cv.ellipse(88, 78, 3, 2, (96, 96, 100))
    cv.ellipse(84, 70, 2, 2, (96, 96, 100))
    cv.line(56, 48, 62, 40, 2, WHITE)   # a shine on the glass
    cv.png(path)


def paper_bridge(path):
    """A bridge of folded paper between two piles of blocks, with a book lying on it, on a table
    (papierbrug.png)."""
    cv = Canvas(160, 120, (244, 240, 230))
    cv.rect(0, 96, 160, 120, (190, 140, 90))   # the table
    cv.rect(0, 96, 160, 99, BROWN)
    for k in range(3):                          # two piles of blocks
        cv.rect(14, 96 - (k + 1) * 14, 42, 96 - k * 14, (RED, BLUE, GREEN)[k])
        cv.frame(14, 96 - (k + 1) * 14, 42, 96 - k * 14, INK, 1)
        cv.rect(118, 96 - (k + 1) * 14, 146, 96 - k * 14, (GREEN, RED, BLUE)[k])
        cv.frame(118, 96 - (k + 1) * 14, 146, 96 - k * 14, INK, 1)
    # The paper: folded like a fan, so it is strong; seen from the front the folds are a zigzag.
    top, depth = 44, 10  # resting on the piles, whose top is at 54
    cv.rect(30, top, 130, top + depth, WHITE)
    for k in range(10):
        x0 = 30 + k * 10
        cv.poly([(x0, top), (x0 + 10, top), (x0 + 5, top + depth)], LIGHT)
        cv.line(x0, top, x0 + 5, top + depth, 1, GREY)
        cv.line(x0 + 5, top + depth, x0 + 10, top, 1, GREY)
    cv.rect(30, top - 1, 130, top + 1, GREY)
    cv.rect(30, top + depth - 1, 130, top + depth + 1, GREY)
    # The book on the bridge.
    cv.rect(50, top - 21, 110, top - 1, BLUE)
    cv.rect(54, top - 9, 110, top - 3, (230, 226, 210))   # its pages, seen from the side
    for k in range(3):
        cv.rect(56, top - 8 + k * 2, 110, top - 7 + k * 2, (200, 196, 180))
    cv.rect(50, top - 21, 54, top - 1, (36, 80, 150))       # its spine
    cv.png(path)


def packed_lunch(path):
    """An open lunch box with a sandwich and an apple, and a bottle of water beside it
    (lunchtrommel.png)."""
    cv = Canvas(160, 120, (236, 244, 236))
    cv.rect(0, 100, 160, 120, (206, 214, 206))
    # The box: a green tray, its lid leaning behind it.
    cv.poly([(16, 40), (104, 40), (108, 58), (12, 58)], (60, 140, 76))
    cv.rect(14, 58, 106, 100, GREEN)
    cv.frame(14, 58, 106, 100, (50, 120, 64), 2)
    # A sandwich: two slices of bread with cheese between them.
    cv.rect(22, 66, 62, 94, (222, 184, 120))
    cv.rect(24, 68, 60, 92, (244, 220, 170))
    cv.rect(22, 78, 62, 82, YELLOW)
    # An apple.
    cv.ellipse(82, 80, 13, 12, RED)
    cv.ellipse(78, 76, 3, 2, (236, 120, 110))
    cv.rect(81, 64, 84, 70, BROWN)
    cv.ellipse(88, 66, 5, 2, GREEN)
    # A bottle of water.
    cv.rect(122, 44, 146, 100, (170, 210, 240))
    cv.frame(122, 44, 146, 100, BLUE, 2)
    cv.rect(122, 60, 146, 74, BLUE)              # the label (no words)
    cv.poly([(124, 44), (144, 44), (138, 32), (130, 32)], (170, 210, 240))
    cv.rect(128, 24, 140, 32, BLUE)              # the cap
    cv.png(path)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "..", "items", "m01-schoolreis", "media")
    os.makedirs(out, exist_ok=True)
    for name, draw in (("bus", bus), ("maansteen", moon_stone), ("papierbrug", paper_bridge),
                       ("lunchtrommel", packed_lunch)):
        draw(os.path.join(out, name + ".png"))


if __name__ == "__main__":
    main()
