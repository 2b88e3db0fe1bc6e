"""Text as a person means it: the one rule for "the same answer", "the same locality", a label.

Spaces are collapsed and trimmed and case is ignored, so "In  place ", "in place" and
"IN PLACE" are the same text wherever clear compares what people typed. And the one way
clear counts things in words (:func:`plural`).
"""

from __future__ import annotations


def normalise(text: object) -> str:
    """``text`` with its runs of white space made one space, trimmed, and case-folded.

    ``None`` is the empty text; anything else is taken as ``str(text)``.
    """
    return " ".join(str(text).split()).casefold() if text is not None else ""


def same_text(a: object, b: object) -> bool:
    """Whether ``a`` and ``b`` read the same, spaces and case aside."""
    return normalise(a) == normalise(b)


def plural(n: int, word: str) -> str:
    """``3|plural("question")`` -> "3 questions"; "1 question"."""
    return f"{n} {word}{'' if n == 1 else 's'}"
