"""Text as shown to people: nothing in a user's file can drive the terminal or hide itself.

Localities, evidence and notes come from files other people send. Before any of it reaches a
terminal, a Markdown or an HTML file, :func:`visible` turns control characters into visible
marks: C0 controls (but newline and tab) become the Unicode control pictures (ESC shows as
``␛``), DEL becomes ``␡``, and C1 controls, bidirectional overrides and line separators
become ``�``. So ``Evil\\x1b]0;TITLE\\x07`` cannot set the window title, and U+202E cannot
make text read backwards.

Where the output cannot encode a character (``PYTHONIOENCODING=cp1252``, as on Windows when
output is redirected), :func:`plain_streams` makes stdout and stderr fall back to plain
ASCII look-alikes (``█`` -> ``#``) instead of failing.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import sys

_C0 = "".join(chr(c) for c in range(0x20) if chr(c) not in "\n\t")
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_HIDDEN = re.compile(f"[{re.escape(_C0)}\x7f\x80-\x9f{_BIDI}]")
_NEWLINE_OR_TAB = re.compile("[\n\t]")

#: The characters clear draws with, and what they become where they cannot be encoded.
PLAIN = {
    "█": "#",
    "░": "-",
    "·": ".",
    "│": "|",
    "▶": ">",
    "◀": "<",
    "—": "-",
    "\u2013": "-",
    "•": "*",
    "…": "...",
    "\u2019": "'",
    "\u2018": "'",
    "“": '"',
    "”": '"',
    "✓": "v",
    "\u00d7": "x",
    "≥": ">=",
    "≤": "<=",
    "→": "->",
}
_ERRORS = "clear-plain"


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control or direction-changing character made visible.

    ``one_line`` also turns newlines and tabs into spaces (for a message on one line).
    """
    text = _HIDDEN.sub(_picture, text)
    if one_line:
        text = _NEWLINE_OR_TAB.sub(" ", text)
    return text


def say(text: str, *, err: bool = False) -> None:
    """Print a status line, heading or message: the one way clear prints plain text.

    Every line a command prints outside a rich view ("Wrote ...", a suggested command, a
    summary, a warning, an error) passes here, so a locality, an assessor or a file name
    holding an escape sequence shows it as visible marks (:func:`visible`), never runs it.
    """
    stream = sys.stderr if err else sys.stdout
    stream.write(visible(text) + "\n")
    stream.flush()


def needs_visible(text: str) -> bool:
    return _HIDDEN.search(text) is not None


def _plain_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(PLAIN.get(ch, "?") for ch in bad), exc.end


codecs.register_error(_ERRORS, _plain_fallback)


def plain_streams() -> None:
    """Let stdout and stderr write plain look-alikes where their encoding has no character."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if not encoding or encoding.startswith("utf"):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors=_ERRORS)
