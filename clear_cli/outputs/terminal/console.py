"""The one way clear makes a rich console: user text is never markup and never control codes.

Every terminal view (scorecard, comparison, banks, roadmap, the ``assess`` questions) prints
through :func:`make_console`:

- markup and emoji codes are off, so a locality ``[/]`` or ``[link=file:///etc/passwd]`` is
  printed as typed (our own styles are given as :class:`rich.text.Text` styles);
- every piece of text is passed through :func:`clear_cli.common.display.visible` (before layout
  where the renderable is known, so columns line up; after layout for anything else), so an
  escape sequence in a file cannot clear the screen, set the title or reorder text;
- the width never drops below :data:`MIN_WIDTH` (``COLUMNS=0`` still draws a scorecard).
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderHook, RenderResult
from rich.panel import Panel
from rich.rule import Rule
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from clear_cli.common.display import needs_visible, visible

if TYPE_CHECKING:
    from rich.console import ConsoleRenderable, RenderableType

MIN_WIDTH = 60


def _shown(item: Any, depth: int = 0) -> Any:
    """``item`` with its text made visible before layout, so widths come out right.

    :func:`visible` keeps the length of a text, so a Text's styles stay where they were.
    What this walk does not know is still made visible after layout (see :class:`_Visible`).
    """
    if depth > 20:
        return item
    if isinstance(item, str):
        return visible(item) if needs_visible(item) else item
    if isinstance(item, Text):
        if needs_visible(item.plain):
            item.plain = visible(item.plain)
        return item
    if isinstance(item, Table):
        item.title = _shown(item.title, depth + 1)
        item.caption = _shown(item.caption, depth + 1)
        for column in item.columns:
            column.header = _shown(column.header, depth + 1)
            column._cells = [_shown(c, depth + 1) for c in column._cells]
    elif isinstance(item, Panel):
        item.renderable = _shown(item.renderable, depth + 1)
        item.title = _shown(item.title, depth + 1)
    elif isinstance(item, Group):
        item.renderables[:] = [_shown(r, depth + 1) for r in item.renderables]
    elif isinstance(item, Rule):
        item.title = _shown(item.title, depth + 1)
    return item


class _Visible:
    """Renders another renderable, showing the control characters in its text."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = _shown(renderable)

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
