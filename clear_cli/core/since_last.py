"""``clear report FILE --previous OLD``: what changed since the last assessment.

The same checks and calculation as ``clear trend`` with the two files; this module adds the
words of the report's paragraph and the change by bank and section for its column.
"""

from __future__ import annotations

from clear_cli.common.errors import Problem, UserError
from clear_cli.common.text import plural
from clear_cli.core.trend import Trend, check_run, follow, name
from clear_cli.sources.answers import Assessment


def since_last(previous: Assessment, current: Assessment) -> Trend:
    """``current`` against the earlier ``previous`` (``clear report --previous``): the same
    checks and calculation as ``clear trend`` with the two files."""
    run = check_run([previous, current])
    if run[-1] is not current:
        raise UserError(
            [
                Problem(
                    name(previous),
                    "",
                    f"is dated after {name(current)}: --previous takes the earlier assessment",
                )
            ]
        )
    return follow(run)


def changes(t: Trend) -> dict[str, float | None]:
    """Change since the previous assessment by key: ``overall``, a bank id, ``bank/section``."""
    out: dict[str, float | None] = {"overall": t.overall.since_previous}
    for b in t.banks:
        out[b.id] = b.since_previous
        out.update({f"{b.id}/{s.id}": s.since_previous for s in b.sections})
    return out


def _moved_words(value: float | None) -> str:
    if value is None:
        return "not comparable"
    if not value:
        return "unchanged"
    return f"{'up' if value > 0 else 'down'} {abs(value):.1f} points"


def since_paragraph(t: Trend) -> str:
    """A few lines for a board: what changed since the previous assessment."""
    then = t.points[-2]
    parts = [f"overall {_moved_words(t.overall.since_previous)}"]
    moved_banks = [b for b in t.banks if b.since_previous]
    if moved_banks:
        listed = ", ".join(f"{b.title} {_moved_words(b.since_previous)}" for b in moved_banks)
        still = len(t.banks) - len(moved_banks)
        parts.append(listed + (f" ({plural(still, 'other bank')} unchanged)" if still else ""))
    fell = sorted((s for s in t.stops if s.since_previous < 0), key=lambda s: s.since_previous)
    rose = sorted((s for s in t.stops if s.since_previous > 0), key=lambda s: -s.since_previous)
    if fell:
        s = fell[0]
        parts.append(
            f"the shortfall fell most at stop {s.stop}, {s.title} ({s.since_previous:+.1f})"
        )
    if rose:
        s = rose[0]
        parts.append(f"it rose most at stop {s.stop}, {s.title} ({s.since_previous:+.1f})")
    up, down = len(t.moved_up), len(t.moved_down)
    parts.append(
        f"{plural(up, 'answer')} moved up and {down} down" if up or down else "no answer moved"
    )
    text = f"Since the last assessment on {then.date.strftime('%-d %B %Y')}: {'; '.join(parts)}."
    if t.left_out:
        text += (
            f" Compared over the {t.compared} questions both assessments share; "
            f"{plural(sum(1 for x in t.left_out if x.question), 'question')} and "
            f"{plural(sum(1 for x in t.left_out if not x.question), 'bank')} left out."
        )
    return text
