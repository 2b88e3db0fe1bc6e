"""pydantic models for every file the tool reads: banks, roadmap, scoring bands, answers."""

from clear_cli.models.answers import Answer, AnswersFile
from clear_cli.models.bank import Bank, Option, Question, Scale, Section
from clear_cli.models.roadmap import Roadmap, Stop
from clear_cli.models.scoring import Band, ScoringConfig

__all__ = [
    "Answer",
    "AnswersFile",
    "Band",
    "Bank",
    "Option",
    "Question",
    "Roadmap",
    "Scale",
    "ScoringConfig",
    "Section",
    "Stop",
]
