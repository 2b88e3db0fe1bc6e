"""The ``clear`` application: global options, the error boundary, command registration.

Commands are listed in :data:`COMMAND_MODULES` and each module is imported only when its
command runs (or help lists it), so ``clear --version`` and ``clear banks`` start fast; the
heavy libraries (openpyxl, jinja2) are imported inside the functions that use them.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from clear_cli import __version__
from clear_cli.cli.metavars import readable_metavars
from clear_cli.cli.options import new_typer
from clear_cli.common.display import plain_streams, say
from clear_cli.common.errors import UserError

EXIT_USER = 2
EXIT_INTERNAL = 1
EXIT_INTERRUPTED = 130
#: Output piped to a program that stopped reading (``clear banks | head -1``): quiet, as a
#: program stopped by SIGPIPE would be (128 + 13).
EXIT_BROKEN_PIPE = 141

# typer (0.29+) carries its own copy of click; find its exception base without importing it.
_CLICK_ERROR: type[BaseException] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)
_PASS_THROUGH: tuple[type[BaseException], ...] = (typer.Exit, typer.Abort, _CLICK_ERROR)


class _State:
    debug = False


STATE = _State()


class ClearGroup(TyperGroup):
    """Turns the tool's own errors into messages and exit codes, for every command.

    Commands are found in :data:`COMMAND_MODULES` and built when first asked for.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMAND_MODULES)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMAND_MODULES:
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]

    def invoke(self, ctx: Any) -> Any:
        plain_streams()
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
            return result
        except UserError as exc:
            report_problems(exc)
            raise typer.Exit(EXIT_USER) from None
        except _PASS_THROUGH:
            raise
        except KeyboardInterrupt:
            say("\nclear: interrupted", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                _silence_stdout()
                raise typer.Exit(EXIT_BROKEN_PIPE) from None
            if not _stdout_failed(exc):
                _internal(exc)
            _silence_stdout()
            say(f"clear: cannot write the output: {exc.strerror or exc}", err=True)
            raise typer.Exit(EXIT_USER) from None
        except Exception as exc:
            _internal(exc)


def _internal(exc: BaseException) -> None:
    if STATE.debug:
        import traceback

        traceback.print_exc()
    say(f"clear: internal error: {type(exc).__name__}: {exc}", err=True)
    if not STATE.debug:
        say(
            "This is a bug in clear, not in your files. Run again with --debug "
            "for the details and report them.",
            err=True,
        )
    raise typer.Exit(EXIT_INTERNAL) from None


def _stdout_failed(exc: OSError) -> bool:
    """Whether ``exc`` came from writing to stdout (disk full, device gone), not a bug."""
    if exc.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EBADF, errno.EFBIG):
        return False
    try:
        sys.stdout.flush()
    except OSError:
        return True
    return exc.filename is None


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
        pass


def report_problems(exc: UserError) -> None:
    """One line per problem on stderr, then a count."""
    for problem in exc.problems:
        say(f"error: {problem}", err=True)
    n = len(exc.problems)
    if n > 1:
        say(f"clear: {n} problems found; no file was changed.", err=True)


app = new_typer(
    cls=ClearGroup,
    name="clear",
    help="Score CLeaR self-assessments and peer reviews for local tobacco control in England.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        say(f"clear {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of internal errors.")
    ] = False,
) -> None:
    """Score CLeaR self-assessments and peer reviews for local tobacco control in England.

    Start with `clear banks`, make a workbook with `clear template`, or answer in the
    terminal with `clear assess`; then `clear score` and `clear report`.
    """
    STATE.debug = debug


#: Every command, in the order `clear --help` lists them, and the module that defines it.
#: A command's module (and so what it imports) loads only when that command runs or help
#: lists it: `clear banks` never pays for the modules behind `clear compare`.
COMMAND_MODULES: dict[str, str] = {
    "banks": "catalogue_cmds",
    "show": "catalogue_cmds",
    "roadmap": "catalogue_cmds",
    "validate": "catalogue_cmds",
    "schema": "catalogue_cmds",
    "template": "workbook_cmds",
    "export": "workbook_cmds",
    "assess": "assess_cmd",
    "score": "score_cmd",
    "report": "report_cmd",
    "plan": "plan_cmd",
    "compare": "compare_cmd",
    "combine": "combine_cmd",
    "trend": "trend_cmd",
    "results": "results_cmd",
    "review": "review_cmd",
}


def load_command(name: str) -> Any:
    """The click command ``name``, built from the function its module registers."""
    module = importlib.import_module(f"clear_cli.cli.{COMMAND_MODULES[name]}")
    command = module.COMMANDS[name]
    if isinstance(command, typer.Typer):  # a group of sub-commands (``clear results fill``)
        return readable_metavars(typer.main.get_command(command))
    single = new_typer()
    single.command(name)(command)
    return readable_metavars(typer.main.get_command(single))


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interrupted outside a command
        say("\nclear: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
