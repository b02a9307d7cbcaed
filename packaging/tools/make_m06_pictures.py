#!/usr/bin/env python3
"""Draws the pictures of items/m06-rommelmarkt/media (a class's jumble sale).

Made for the bank: plain shapes drawn here, no photos, no fonts, no words (only the digits 1-3),
so the Dutch and English items share them (items/README.md, "Pictures"). Only the Python standard
library: a small raster of filled rectangles, ellipses and polygons, written as an RGB PNG.

    python3 packaging/tools/make_m06_pictures.py [items/m06-rommelmarkt/media]

Writes the same bytes on every run.
"""
import math
import os
import sys

import picture_canvas
from picture_canvas import BLUE, BROWN, GREEN, GREY, INK, LIGHT, RED, SKY, WHITE, YELLOW


class Canvas(picture_canvas.Canvas):
    def digit(self, d, x, y, s, c):
        for r, row in enumerate(DIGITS[d]):
            for k, bit in enumerate(row):
                if bit == "#":
                    self.rect(x + k * s, y + r * s, x + (k + 1) * s, y + (r + 1) * s, c)


DIGITS = {
    "1": ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."],
    "2": [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
    "3": [".###.", "#...#", "....#", "..##.", "....#", "#...#", ".###."],
}



def arrow(cv, cx, cy, left, c):
    """A curved arrow (undo when it points left, redo when right), as in most editors."""
    s = -1 if left else 1
    # The bow: a thick half ring over the top, open at the bottom.
    for a in range(0, 181, 3):
        t = math.radians(a)
        x, y = cx + 14 * math.cos(t), cy - 2 - 12 * math.sin(t)
        cv.ellipse(x, y, 3.5, 3.5, c)
    # The head at the end the arrow points to, pointing down.
    hx = cx + s * 14
    cv.poly([(hx - 9, cy + 2), (hx + 9, cy + 2), (hx, cy + 14)], c)


def toolbar(path):
    """Six buttons of a text editor's toolbar: save, print, undo, redo, cut, bin (knoppen.png)."""
    cv = Canvas(480, 96, LIGHT)
    cv.rect(0, 0, 480, 6, GREY)
    for i in range(6):
        x0 = 18 + i * 76
        cv.rect(x0, 16, x0 + 64, 80, WHITE)
        cv.frame(x0, 16, x0 + 64, 80, GREY, 2)
        cx, cy = x0 + 32, 48
        if i == 0:  # floppy disk
            cv.rect(cx - 18, cy - 18, cx + 18, cy + 18, BLUE)
            cv.rect(cx - 10, cy - 18, cx + 10, cy - 6, WHITE)
            cv.rect(cx + 3, cy - 16, cx + 7, cy - 8, BLUE)
            cv.rect(cx - 12, cy + 2, cx + 12, cy + 16, LIGHT)
        elif i == 1:  # printer
            cv.rect(cx - 12, cy - 20, cx + 12, cy - 6, WHITE)
            cv.frame(cx - 12, cy - 20, cx + 12, cy - 6, INK, 2)
            cv.rect(cx - 20, cy - 8, cx + 20, cy + 10, INK)
            cv.rect(cx - 12, cy + 4, cx + 12, cy + 20, WHITE)
            cv.frame(cx - 12, cy + 4, cx + 12, cy + 20, INK, 2)
            cv.rect(cx + 12, cy - 4, cx + 16, cy, GREEN)
        elif i in (2, 3):  # undo, redo
            arrow(cv, cx, cy + 2, i == 2, INK)
        elif i == 4:  # scissors
            cv.line(cx - 10, cy - 20, cx + 8, cy + 6, 4, INK)
            cv.line(cx + 10, cy - 20, cx - 8, cy + 6, 4, INK)
            cv.ring(cx - 10, cy + 12, 8, 3, RED)
            cv.ring(cx + 10, cy + 12, 8, 3, RED)
        else:  # bin
            cv.rect(cx - 16, cy - 18, cx + 16, cy - 13, INK)
            cv.rect(cx - 5, cy - 22, cx + 5, cy - 18, INK)
            cv.poly([(cx - 13, cy - 11), (cx + 13, cy - 11), (cx + 10, cy + 20), (cx - 10, cy + 20)], GREY)
            for k in (-6, 0, 6):
                cv.rect(cx + k - 1, cy - 6, cx + k + 2, cy + 15, WHITE)
    cv.png(path)


def layouts(path):
    """Three plans of a poster, numbered 1 to 3 (indelingen.png). 1: a small title, long text in
    small lines, a small picture; 2: a big title, a big picture, three short lines; 3: no title,
    five pictures close together and small text everywhere."""
    cv = Canvas(480, 240, LIGHT)
    for n in range(3):
        x0 = 24 + n * 152
        cv.rect(x0, 12, x0 + 128, 192, WHITE)
        cv.frame(x0, 12, x0 + 128, 192, GREY, 2)
        cv.digit(str(n + 1), x0 + 54, 204, 4, INK)
        if n == 0:
            cv.rect(x0 + 10, 22, x0 + 60, 28, INK)
            for k in range(16):
                cv.rect(x0 + 10, 36 + k * 8, x0 + (118 if k % 4 != 3 else 90), 39 + k * 8, GREY)
            cv.rect(x0 + 96, 166, x0 + 118, 184, BLUE)
        elif n == 1:
            cv.rect(x0 + 10, 24, x0 + 118, 44, INK)
            cv.rect(x0 + 18, 54, x0 + 110, 130, SKY)
            cv.rect(x0 + 18, 110, x0 + 110, 130, GREEN)
            cv.ellipse(x0 + 64, 96, 18, 18, YELLOW)
            for k in range(3):
                cv.rect(x0 + 16, 144 + k * 14, x0 + 112 - k * 10, 151 + k * 14, INK)
        else:
            colours = [BLUE, RED, YELLOW, GREEN, BROWN]
            for k in range(5):
                px, py = x0 + 10 + (k % 3) * 38, 22 + (k // 3) * 40
                cv.rect(px, py, px + 32, py + 32, colours[k])
            for k in range(11):
                cv.rect(x0 + 10, 108 + k * 7, x0 + 118 - (k % 3) * 6, 110 + k * 7, GREY)
    cv.png(path)


def stall(path):
    """A market stall with a striped awning and things for sale (kraam.png)."""
    cv = Canvas(160, 120, SKY)
    cv.rect(0, 96, 160, 120, (170, 170, 160))
    cv.rect(22, 30, 26, 100, BROWN)
    cv.rect(134, 30, 138, 100, BROWN)
    for k in range(8):
        cv.poly([(14 + k * 16, 18), (30 + k * 16, 18), (30 + k * 16, 34), (14 + k * 16, 34)],
                RED if k % 2 == 0 else WHITE)
    cv.rect(18, 70, 142, 78, BROWN)
    cv.rect(24, 78, 136, 98, (190, 140, 90))
    cv.rect(30, 50, 44, 70, BLUE)       # books
    cv.rect(46, 54, 58, 70, GREEN)
    cv.ellipse(78, 60, 10, 10, YELLOW)  # a ball
    cv.rect(96, 56, 118, 70, RED)       # a toy car
    cv.ellipse(101, 71, 4, 4, INK)
    cv.ellipse(113, 71, 4, 4, INK)
    cv.poly([(120, 70), (128, 46), (136, 70)], (120, 80, 160))  # a lamp
    cv.png(path)


def dog(path):
    """A dog from the animal shelter, sitting (hond.png)."""
    cv = Canvas(160, 120, (236, 228, 210))
    cv.rect(0, 100, 160, 120, (200, 186, 160))
    c = (176, 122, 70)
    cv.ellipse(80, 78, 30, 24, c)
    cv.ellipse(80, 44, 20, 18, c)
    cv.ellipse(62, 40, 7, 15, BROWN)
    cv.ellipse(98, 40, 7, 15, BROWN)
    cv.ellipse(80, 54, 9, 6, (220, 180, 140))
    cv.ellipse(80, 50, 4, 3, INK)
    cv.ellipse(72, 40, 3, 3, INK)
    cv.ellipse(88, 40, 3, 3, INK)
    cv.rect(62, 92, 72, 104, c)
    cv.rect(88, 92, 98, 104, c)
    cv.line(108, 84, 124, 66, 5, c)
    cv.rect(66, 60, 94, 64, RED)  # collar
    cv.png(path)


def toys(path):
    """A box of second-hand toys and books (spullen.png)."""
    cv = Canvas(160, 120, (244, 240, 230))
    cv.poly([(30, 60), (130, 60), (122, 110), (38, 110)], (190, 140, 90))
    cv.rect(30, 56, 130, 62, BROWN)
    cv.rect(40, 28, 52, 58, BLUE)
    cv.rect(54, 34, 64, 58, RED)
    cv.rect(66, 24, 76, 58, GREEN)
    cv.ellipse(96, 44, 14, 14, YELLOW)
    cv.ellipse(96, 44, 14, 3, RED)
    cv.ellipse(118, 40, 7, 7, (200, 160, 120))   # a teddy's head
    cv.ellipse(112, 34, 3, 3, (200, 160, 120))
    cv.ellipse(124, 34, 3, 3, (200, 160, 120))
    cv.png(path)


def snowman(path):
    """A snowman in the snow: a winter picture (sneeuwpop.png)."""
    cv = Canvas(160, 120, (170, 196, 226))
    cv.rect(0, 96, 160, 120, WHITE)
    cv.ellipse(80, 80, 24, 20, WHITE)
    cv.ellipse(80, 46, 16, 15, WHITE)
    cv.rect(68, 22, 92, 32, INK)
    cv.rect(62, 30, 98, 34, INK)
    cv.ellipse(74, 44, 2, 2, INK)
    cv.ellipse(86, 44, 2, 2, INK)
    cv.poly([(80, 48), (96, 51), (80, 53)], (236, 130, 40))
    cv.line(58, 70, 36, 56, 3, BROWN)
    cv.line(102, 70, 124, 56, 3, BROWN)
    for x, y in ((20, 20), (40, 60), (130, 18), (146, 70), (110, 90), (14, 84)):
        cv.ellipse(x, y, 2, 2, WHITE)
    cv.png(path)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "..", "items", "m06-rommelmarkt", "media")
    os.makedirs(out, exist_ok=True)
    for name, draw in (("knoppen", toolbar), ("indelingen", layouts), ("kraam", stall), ("hond", dog),
                       ("spullen", toys), ("sneeuwpop", snowman)):
        draw(os.path.join(out, name + ".png"))


if __name__ == "__main__":
    main()
