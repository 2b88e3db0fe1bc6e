"""Fill the example workbooks from the example answers files: examples/NAME.yaml -> NAME.xlsx.

Run `make examples` after changing a bank or an example answers file, so the workbooks stay
in step (a test checks that they are current). With a folder argument, writes there instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

from clear_cli.outputs.xlsx.template import make_template
from clear_cli.sources.loader import load_assessment

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def build(source: Path, out: Path) -> None:
    """One answers file as a filled workbook (the same answers, evidence and notes)."""
    assessment = load_assessment(source)
    if assessment.meta.targets:
        raise SystemExit(f"{source}: workbooks do not carry targets; remove them or skip this file")
    make_template(assessment.meta.banks, out, filled=assessment, force=True)


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else EXAMPLES
    sources = sorted(EXAMPLES.glob("*.yaml"))
    for source in sources:
        out = out_dir / f"{source.stem}.xlsx"
        build(source, out)
        print(f"wrote {out}")
    return 0 if sources else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
