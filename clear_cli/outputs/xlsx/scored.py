"""One input of ``clear export``, read and scored: shared by the command and its sheets."""

from __future__ import annotations

from dataclasses import dataclass

from clear_cli.core.scoring import Scorecard
from clear_cli.sources.answers import Assessment


@dataclass(frozen=True)
class Scored:
    """One input file, read and scored."""

    source: str
    assessment: Assessment
    card: Scorecard
