"""The jinja2 environment of every report: sandboxed, and user text made safe to show.

Templates load from ``--templates DIR`` first, then the bundled ``templates/`` folder, so a
locality can restyle one template without copying the rest. Every template runs in jinja2's
:class:`~jinja2.sandbox.SandboxedEnvironment`: it can read the values it is given, but not
reach Python's internals, files or processes. HTML is autoescaped; every value printed goes
through :func:`clear_cli.common.display.visible` (the environment's ``finalize``), so control
characters and direction overrides from users' files are shown, not obeyed. A template
that fails (a syntax error, a missing include, not UTF-8, a division by zero, endless
recursion) stops the command with exit 2, naming the template file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from clear_cli.common.display import visible
from clear_cli.common.errors import UserError, display_path
from clear_cli.outputs.contrast import ink_on
from clear_cli.sources.data import templates_dir

#: A Markdown line may not start a heading, list, quote, rule or code fence with user text.
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=~]|\d+[.)])")


def environment(extra: Path | None = None) -> Any:
    """A sandboxed jinja2 environment over the user's templates (if any) and the bundled ones."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    folders = [str(templates_dir())]
    if extra is not None:
        if not extra.is_dir():
            raise UserError.one(extra, "templates folder not found")
        folders.insert(0, str(extra))
    env = SandboxedEnvironment(
        loader=_utf8_loader(folders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "svg.j2")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_shown,
    )
    env.filters["md"] = md_escape
    env.filters["pct"] = lambda v: "n/a" if v is None else f"{v:.0f}%"
    env.filters["num"] = lambda v: f"{v:g}"
    env.filters["num2"] = lambda v: f"{round(v, 2):g}"
    env.filters["ink"] = ink_on
    env.filters["filename"] = file_name
    return env


def _shown(value: Any) -> Any:
    from markupsafe import Markup

    if isinstance(value, Markup):
        return Markup(visible(str(value)))
    if isinstance(value, str):
        return visible(value)
    return value


def md_escape(value: object) -> str:
    """User text safe in Markdown, in a table cell or at the start of a line: no pipes,
    newlines or raw HTML, and no heading, list, quote or rule made from what a user typed."""
    text = str(value)
    for old, new in (
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ("\\", "\\\\"),
        ("|", "\\|"),
        ("`", "\\`"),
        ("*", "\\*"),
        ("_", "\\_"),
        ("[", "\\["),
        ("]", "\\]"),
    ):
        text = text.replace(old, new)
    text = " ".join(text.split())
    return _MD_LINE_START.sub(_escape_start, text)


def _escape_start(m: re.Match[str]) -> str:
    mark = m.group(2)
    if mark[0].isdigit():  # "1." or "1)": escape the punctuation, not the number
        return f"{m.group(1)}{mark[:-1]}\\{mark[-1]}"
    return f"{m.group(1)}\\{mark}"


def render_template(
    env: Any, name: str, values: dict[str, Any], templates: Path | None = None
) -> str:
    """Render ``name``; any failure is a UserError naming the template file and line."""
    import jinja2

    try:
        return str(env.get_template(name).render(**values))
    except UserError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        where = display_path(exc.filename or exc.name or "template")
        raise UserError.one(where, f"template error: {exc.message}", str(exc.lineno)) from None
    except jinja2.TemplateNotFound as exc:
        raise _located(exc, f"template not found: {exc.message}", templates or name) from None
    except RecursionError as exc:
        raise _located(
            exc, "template error: it includes or calls itself without end", templates or name
        ) from None
    except jinja2.TemplateError as exc:
        raise _located(exc, f"template error: {exc.message}", templates or name) from None
    except Exception as exc:  # a template's own mistake: 1/0, a bad format, a bad call
        raise _located(
            exc, f"template error: {type(exc).__name__}: {exc}", templates or name
        ) from None


def _located(exc: BaseException, message: str, fallback: Path | str) -> UserError:
    """The innermost template file and line in the traceback (jinja2 maps them for us)."""
    where: tuple[str, int] | None = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if not name.endswith(".py") and Path(name).is_file():  # a template's frame
            where = (name, tb.tb_lineno)
        tb = tb.tb_next
    if where is None:
        return UserError.one(fallback, message)
    return UserError.one(where[0], message, str(where[1]))


def _utf8_loader(folders: list[str]) -> Any:
    """A FileSystemLoader that says which template file is not UTF-8, and at which line."""
    import jinja2

    class Utf8Loader(jinja2.FileSystemLoader):
        def get_source(
            self, environment: Any, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            try:
                return super().get_source(environment, template)
            except UnicodeDecodeError as exc:
                path = next(
                    (p for f in folders if (p := Path(f) / template).is_file()), Path(template)
                )
                line = exc.object[: exc.start].count(b"\n") + 1
                raise UserError.one(
                    path, "template is not UTF-8 text: save it as UTF-8", str(line)
                ) from None

    return Utf8Loader(folders)


def file_name(path: str | None) -> str:
    """The last part of a path ("/home/me/returns/north.yaml" -> "north.yaml"): a page sent to
    others names its input files without the folders of the machine it was made on."""
    if not path:
        return ""
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
