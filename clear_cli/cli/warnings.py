"""How every command prints the warnings of what it read: one line each, on stderr."""

from __future__ import annotations

from collections.abc import Iterable

from clear_cli.common.display import say


def print_warnings(warnings: Iterable[object]) -> None:
    for w in warnings:
        say(f"warning: {w}", err=True)
