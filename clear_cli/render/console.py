"""The one way clear makes a rich console: user text is never markup and never control codes.

Every terminal view (scorecard, comparison, banks, roadmap, the ``assess`` questions) prints
through :func:`make_console`:

- markup and emoji codes are off, so a locality ``[/]`` or ``[link=file:///etc/passwd]`` is
  printed as typed (our own styles are given as :class:`rich.text.Text` styles);
- every piece of text is passed through :func:`clear_cli.display.visible` after layout, so
  an escape sequence in a file cannot clear the screen, set the title or reorder text;
- the width never drops below :data:`MIN_WIDTH` (``COLUMNS=0`` still draws a scorecard).
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderHook, RenderResult
from rich.segment import Segment

from clear_cli.display import needs_visible, visible

if TYPE_CHECKING:
    from rich.console import ConsoleRenderable, RenderableType

MIN_WIDTH = 60


class _Visible:
    """Renders another renderable, showing the control characters in its text."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        segments: Iterable[Segment] = console.render(self.renderable, options)
        for seg in segments:
            if seg.control is None and needs_visible(seg.text):
                yield Segment(visible(seg.text), seg.style)
            else:
                yield seg


class _ShowControls(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Visible(r) for r in renderables]


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Leave a closed pipe to the command boundary, which exits quietly (141)."""
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def make_console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A console for text from users' files: no markup, no emoji codes, controls shown."""
    console = _Console(
        stderr=stderr, highlight=False, markup=False, emoji=False, width=width, soft_wrap=False
    )
    if console.width < MIN_WIDTH:
        console.width = MIN_WIDTH
    console.push_render_hook(_ShowControls())
    return console
