#!/usr/bin/env python3
"""ansi2html.py — turns `tmux capture-pane -e -p` output (SGR colour
escapes) into a standalone HTML page, so the README's screenshot of the
mixer is made from a real capture: docs/screenshot.sh renders it to PNG
with headless Chromium."""
import html
import re
import sys

BASE = ["#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
        "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff"]


def xterm(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    v = 8 + 10 * (n - 232)
    return "#%02x%02x%02x" % (v, v, v)


def convert(text):
    fg, bg, bold, rev = None, None, False, False
    out = []
    for part in re.split(r"(\x1b\[[0-9;]*m)", text):
        m = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
        if not m:
            if part:
                f, b = (bg or "#1e1e1e", fg or "#d4d4d4") if rev else (fg or "#d4d4d4", bg or "#1e1e1e")
                style = "color:%s;background:%s%s" % (f, b, ";font-weight:bold" if bold else "")
                out.append('<span style="%s">%s</span>' % (style, html.escape(part)))
            continue
        codes = [int(c) if c else 0 for c in m.group(1).split(";")] or [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                fg, bg, bold, rev = None, None, False, False
            elif c == 1:
                bold = True
            elif c == 7:
                rev = True
            elif c == 22:
                bold = False
            elif c == 27:
                rev = False
            elif 30 <= c <= 37:
                fg = BASE[c - 30]
            elif 90 <= c <= 97:
                fg = BASE[c - 90 + 8]
            elif 40 <= c <= 47:
                bg = BASE[c - 40]
            elif 100 <= c <= 107:
                bg = BASE[c - 100 + 8]
            elif c == 39:
                fg = None
            elif c == 49:
                bg = None
            elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                if c == 38:
                    fg = xterm(codes[i + 2])
                else:
                    bg = xterm(codes[i + 2])
                i += 2
            i += 1
    return "".join(out)


def main():
    text = sys.stdin.read()
    body = convert(text)
    print("<!doctype html><meta charset=utf-8><style>body{margin:0;background:#1e1e1e}"
          "pre{margin:8px;font:15px/1.15 'DejaVu Sans Mono',monospace;color:#d4d4d4}</style>"
          "<pre>%s</pre>" % body)


if __name__ == "__main__":
    main()
