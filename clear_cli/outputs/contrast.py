"""Colour contrast as WCAG 2.2 measures it, and the text colour to put on a coloured badge.

A band's colour comes from ``frameworks/scoring.yaml`` (or a locality's own copy), so the
text on a band badge or a band-filled cell is chosen here rather than fixed: white where
white reaches 4.5:1 (the AA minimum for normal text), else the report's dark ink.
"""

from __future__ import annotations

#: WCAG 2.2 AA minimum for text below 18pt (or 14pt bold).
AA_TEXT = 4.5
WHITE = "#ffffff"
INK = "#1b2631"  # the report's body text colour (templates/report.css --ink)
BLACK = "#000000"


def luminance(colour: str) -> float:
    """Relative luminance of ``#RRGGBB`` (WCAG 2.2, after sRGB linearisation)."""
    hex6 = colour.lstrip("#")
    channels = [int(hex6[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two ``#RRGGBB`` colours, from 1 (same) to 21 (black on white)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def ink_on(background: str) -> str:
    """Text colour for ``background``: white, else the dark ink, whichever first reaches
    4.5:1, else black (white or black always reaches 4.58:1 on any colour)."""
    for ink in (WHITE, INK):
        if contrast(ink, background) >= AA_TEXT:
            return ink
    return BLACK
