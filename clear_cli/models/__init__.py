"""Pydantic models: the shape of every file clear reads and every JSON it prints.

Input models (a bank, the roadmap, the scoring bands, an answers file) check themselves, each
problem carrying its location. Output models (``*_output``) are the one source of each JSON
output and of the schema ``clear schema NAME`` prints.
"""

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
