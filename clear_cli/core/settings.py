"""Stop 11 by setting: which issue group has the work.

Stop 11 (issue-focused collaboration) is the primary stop of most deep-dive questions and of
Challenge's priority-group services, so a single stop 11 shortfall hides where the gap is. Its
gap and reach are split here by setting: each deep dive (or a locality's own bank) is one
setting; in the core banks each section is one (Challenge's priority groups, young people...).
A setting counts the answered questions with stop 11 as their primary stop (the question's
first stop, or the answered option's), as the reports list them: shares at stop 11 as a
secondary stop stay in the stop's own figure but would scatter a few quarter-points across
every section here.
"""

from __future__ import annotations

from dataclasses import dataclass

from clear_cli.core.scoring import BankScore, QuestionScore
from clear_cli.sources.data import GROUPS

#: The stop whose gap is split by setting.
ISSUE_STOP = 11


@dataclass(frozen=True)
class SettingGap:
    """Stop 11's gap in one setting: a deep dive, or a section of a core bank."""

    bank_id: str
    section_id: str | None  # None when the whole bank is the setting
    title: str
    gap: float
    reach: float
    answered: int  # answered, applicable questions of this setting with it as primary stop
    questions: list[str]  # ids with a gap here, largest share x gap first

    @property
    def shortfall(self) -> float:
        """The share of what this setting could reach at the stop that is missing, 0-100."""
        return 100.0 * self.gap / self.reach if self.reach > 0 else 0.0


def _short(title: str) -> str:
    """A core bank's short name, for naming its sections as settings: "Challenge"."""
    return title.split(":", 1)[0].strip()


def by_setting(banks: list[BankScore], stop: int = ISSUE_STOP) -> list[SettingGap]:
    """The settings with a gap at ``stop``, largest shortfall first (then gap, then order)."""
    found: dict[tuple[str, str | None, str], list[tuple[float, QuestionScore]]] = {}
    for bank in banks:
        core = bank.id in GROUPS["core"]
        for section in bank.sections:
            where = (
                (bank.id, section.id, f"{_short(bank.title)}: {section.title}")
                if core
                else (bank.id, None, bank.title)
            )
            for q in section.questions:
                if q.counted and q.stops[:1] == [stop]:
                    found.setdefault(where, []).append((1.0, q))
    out = []
    for (bank_id, section_id, title), items in found.items():
        gap = sum(share * q.gap for share, q in items)
        if gap <= 0:
            continue
        weak = sorted((x for x in items if x[1].gap > 0), key=lambda x: -x[0] * x[1].gap)
        out.append(
            SettingGap(
                bank_id=bank_id,
                section_id=section_id,
                title=title,
                gap=gap,
                reach=sum(share * q.reach for share, q in items),
                answered=len(items),
                questions=[q.id for _, q in weak],
            )
        )
    return sorted(out, key=lambda s: (-round(s.shortfall, 9), -s.gap))
