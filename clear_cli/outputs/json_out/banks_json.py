"""``clear banks --json``: the bundled banks as :class:`~clear_cli.models.banks_output.
BanksOutput`, whose JSON Schema ``clear schema banks`` prints (described in docs/json.md).
The table ``clear banks`` prints is made from the same rows."""

from __future__ import annotations

from typing import Any, Literal

from clear_cli.models import Bank
from clear_cli.models.banks_output import BankListed, BanksOutput
from clear_cli.sources.catalogue import Catalogue
from clear_cli.sources.data import GROUPS


def _group(b: Bank) -> Literal["core", "deep-dives"]:
    if b.id in GROUPS["core"]:
        return "core"
    if b.id in GROUPS["deep-dives"]:
        return "deep-dives"
    raise ValueError(f"bundled bank '{b.id}' is in no group (GROUPS in clear_cli/sources/data.py)")


def banks_output(cat: Catalogue) -> BanksOutput:
    """Every bank of ``cat`` (the bundled ones), in its order."""
    return BanksOutput(
        [
            BankListed(
                id=b.id,
                title=b.title,
                version=b.version,
                group=_group(b),
                sections=len(b.sections),
                questions=len(b.questions),
                file=cat.files[b.id],
            )
            for b in cat.banks.values()
        ]
    )


def to_json(cat: Catalogue) -> list[dict[str, Any]]:
    """What ``clear banks --json`` prints (keys in the printed order)."""
    return [row.model_dump(mode="json") for row in banks_output(cat).root]
