"""Bands in the terminal: red must look red whatever the theme, and the word stays beside it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

CLEAR = Path(sys.executable).parent / "clear"


@pytest.mark.parametrize("term", ["xterm-256color", "xterm"])
def test_red_band_uses_the_terminals_own_red(term: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "COLORTERM"}}
    env.update(FORCE_COLOR="1", TERM=term, COLUMNS="100")
    out = subprocess.run(
        [str(CLEAR), "score", str(EXAMPLES / "southvale-self.yaml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    ).stdout
    # Standard SGR colours (31 red, 33 yellow, 32 green) are drawn by the theme as themselves;
    # 256-colour approximations of a hex colour (38;5;130) made red look brown.
    assert re.search(r"\x1b\[1;31mRed *\x1b\[0m", out), out[:2000]
    assert "38;5;130" not in out and "38;5;172" not in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "Red" in plain  # the band word is always there, colour or not
