"""Which files each output can be written as: one table, read by the output-file rule.

``check_output`` (:mod:`clear_cli.outputs.outfiles`) refuses any other suffix with a message
that lists these, so every command says the same thing the same way; each writer then picks
its template or workbook builder by the suffix it was given.
"""

from __future__ import annotations

#: HTML and Markdown pages (``.htm`` is taken as HTML).
PAGES = (".html", ".htm", ".md")
WORD = (".docx",)
WORKBOOK = (".xlsx",)
ANSWERS = (".yaml", ".yml", ".json")

#: The kind of output (the command that writes it) -> the suffixes it can be written as.
FORMATS: dict[str, tuple[str, ...]] = {
    "report": (*PAGES, *WORD),
    "plan": (*WORKBOOK, *PAGES, *WORD),
    "review": (*PAGES, *WORD),
    "review-notes": (".yaml", ".yml"),
    "compare": (*PAGES, *WORKBOOK),
    "trend": (*PAGES, *WORKBOOK),
    "pack": PAGES,
    "combine": (*ANSWERS, *WORKBOOK),
    "export": WORKBOOK,
    "template": WORKBOOK,
    "results-fetch": (".csv",),
}
