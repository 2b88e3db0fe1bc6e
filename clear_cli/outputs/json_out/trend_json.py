"""``clear trend --json``: the trend as the shape documented in docs/json.md.

A test validates real output against ``schemas/trend.schema.json`` (made from
:mod:`clear_cli.models.trend_output`), so the two cannot drift apart.
"""

from __future__ import annotations

from clear_cli.core.trend import Series, Trend


def to_json(t: Trend) -> dict[str, object]:
    """The JSON shape of ``clear trend --json`` (docs/json.md, schemas/trend.schema.json)."""

    def series(s: Series) -> dict[str, object]:
        return {
            "id": s.id,
            "title": s.title,
            "percents": s.percents,
            "change": {"since_previous": s.since_previous, "since_first": s.since_first},
        }

    return {
        "locality": t.locality,
        "dates": [d.isoformat() for d in t.dates],
        "overall": {
            "percents": t.overall.percents,
            "change": {
                "since_previous": t.overall.since_previous,
                "since_first": t.overall.since_first,
            },
        },
        "banks": [{**series(b), "sections": [series(s) for s in b.sections]} for b in t.banks],
        "stops": [
            {
                "stop": s.stop,
                "title": s.title,
                "shortfalls": s.shortfalls,
                "change": {"since_previous": s.since_previous, "since_first": s.since_first},
            }
            for s in t.stops
        ],
        "moved": [
            {
                "id": m.id,
                "bank": m.latest.bank_id,
                "from": m.from_key,
                "to": m.to_key,
                "change": m.change,
            }
            for m in t.moved
        ],
        "left_out": [
            {"bank": x.bank, "question": x.question, "message": x.message} for x in t.left_out
        ],
    }
