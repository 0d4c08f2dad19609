"""The join URL as a QR code drawn in a terminal: two modules per character, with half blocks."""

from __future__ import annotations

import segno

QUIET = 2  # modules of white around the code; the widget's white padding adds to it


def qr_lines(text: str) -> list[str]:
    """Dark modules as ink: the lines must be shown dark on light (black on white)."""
    code = segno.make(text, error="l", micro=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=QUIET)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    glyph = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    return ["".join(glyph[bool(a), bool(b)] for a, b in zip(top, bottom, strict=True))
            for top, bottom in zip(rows[::2], rows[1::2], strict=True)]
