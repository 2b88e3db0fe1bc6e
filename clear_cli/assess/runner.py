"""Run one ``clear assess``: open the file, ask, save, and end with the scorecard.

Returns the exit code: 0 done or quit, 130 interrupted (Ctrl-C or end of input), after
saving every answer given and printing the command that carries on.
"""

from __future__ import annotations

import datetime as dt
import shlex
import shutil
import stat
import sys
from pathlib import Path

from rich.text import Text

from clear_cli.assess.session import Ask, Outcome, Session, clean, say
from clear_cli.assess.setup import LONG_DATE, Asker, Plan, Request, assessment_date, open_plan
from clear_cli.assess.store import AnswersStore
from clear_cli.assess.view import RichView
from clear_cli.common.display import visible
from clear_cli.common.errors import UserError, display_path
from clear_cli.core.scoring import score_assessment
from clear_cli.outputs.terminal.console import make_console
from clear_cli.outputs.terminal.scorecard import print_scorecard
from clear_cli.sources.catalogue import is_path
from clear_cli.sources.loader import load_assessment

EXIT_INTERRUPTED = 130


def terminal_input(prompt: str) -> str:
    """``input()``, with line editing when a person is typing."""
    if sys.stdin is None or sys.stdin.closed:  # started with stdin closed (<&-)
        raise EOFError
    if sys.stdin.isatty():
        import readline  # noqa: F401  (arrow keys and history for input())

        return input(prompt)
    line = input(prompt)
    print(visible(line))  # piped input is not echoed: show it, so a transcript reads as a session
    return line


def typed_so_far() -> str:
    """The line being typed when Ctrl-C arrived (readline keeps it), or "" when piped."""
    if sys.stdin is None or sys.stdin.closed or not sys.stdin.isatty():
        return ""
    import readline

    return readline.get_line_buffer()


def _check_writable(path: Path) -> None:
    """Refuse a read-only answers file before asking anything: its owner meant it to stay."""
    try:
        st = path.stat()
    except OSError:
        return
    if stat.S_ISREG(st.st_mode) and not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise UserError.one(
            path,
            "is read-only, so clear will not change it: make it writable, "
            "or copy it and answer in the copy",
        )


class Runner:
    def __init__(self, req: Request, ask: Ask = terminal_input) -> None:
        self.req, self.ask = req, ask
        self.out = make_console()
        self.err = make_console(stderr=True)
        self.view = RichView(self.out)
        self.plan: Plan | None = None
        self.store: AnswersStore | None = None
        self.session: Session | None = None

    def run(self) -> int:
        try:
            return self._run()
        except (KeyboardInterrupt, EOFError) as exc:
            return self._stopped(eof=isinstance(exc, EOFError))

    def _run(self) -> int:
        req = self.req
        _check_writable(req.answers)
        asker = Asker(self._ask_locality, self._ask_assessors, self._ask_date)
        plan = self.plan = open_plan(req, asker)
        self._notes(plan)
        store = self.store = AnswersStore(req.answers)
        session = self.session = Session(
            plan.items,
            plan.draft,
            ask=self.ask,
            view=self.view,
            save=lambda: store.save(plan.draft),
            roadmap=plan.catalogue.roadmap,
            review=req.review,
            start=plan.start,
            typed_so_far=typed_so_far if self.ask is terminal_input else lambda: "",
        )
        if plan.backup is not None:
            shutil.copy2(req.answers, plan.backup)
        if plan.created or plan.added:
            store.save(plan.draft)
        count, file = len(plan.items), display_path(req.answers)
        if req.review:
            self.view.say(say("review", count=count))
        elif session.first() is not None and session.answered:
            first = plan.items[session.first() or 0].question.id
            self.view.say(say("resuming", answered=session.answered, count=count, qid=first))
        outcome = session.run()
        if outcome is Outcome.QUIT:
            self._line(say("quit", answered=session.answered, count=count, file=file))
            self._line(say("resume", command=self._resume_command()), soft_wrap=True)
            return 0
        if outcome is Outcome.NOTHING_TO_DO:
            self._line(say("all_answered", count=count, command=req.command()), soft_wrap=True)
        else:
            self._line(say("finished", answered=session.answered, count=count, file=file))
            if session.unanswered:
                ids = ", ".join(session.unanswered)
                self._line(say("skipped", n=len(session.unanswered), ids=ids))
        self._scorecard()
        return 0

    def _ask_locality(self) -> str:
        while True:
            name = clean(self.ask(say("locality_prompt")))
            if name:
                return name
            self.view.warn(say("locality_needed"))

    def _ask_assessors(self) -> list[str]:
        typed = clean(self.ask(say("assessors_prompt")))
        return [name.strip() for name in typed.split(";") if name.strip()]

    def _ask_date(self) -> dt.date:
        today = dt.date.today()
        while True:
            typed = clean(self.ask(say("date_prompt", today=today.strftime(LONG_DATE))))
            if not typed:
                return today
            date = assessment_date(typed)
            if date is None:
                self.view.warn(say("date_invalid", given=typed))
                continue
            self.view.say(say("date_understood", date=date.strftime(LONG_DATE).lstrip("0")))
            return date

    def _notes(self, plan: Plan) -> None:
        file = display_path(self.req.answers)
        for w in plan.warnings:
            self.err.print(Text(f"warning: {w}"))
        if plan.added and not plan.created:
            self.view.warn(
                say(
                    "banks_added",
                    file=file,
                    added=", ".join(plan.added),
                    banks=", ".join(plan.catalogue.banks),
                )
            )
        if plan.others:
            asked = [b for b in plan.catalogue.banks if b not in plan.others]
            self.view.warn(
                say("banks_kept", file=file, others=", ".join(plan.others), asked=", ".join(asked))
            )
        if plan.backup is not None:
            self.view.warn(say("comments_kept", file=file, backup=display_path(plan.backup)))
        meta = plan.draft.meta
        kind = "self-assessment" if meta.assessment == "self" else "peer assessment"
        self.view.say(
            say("start", locality=meta.locality, assessment=kind, count=len(plan.items), file=file)
        )

    def _line(self, text: str, *, soft_wrap: bool = False) -> None:
        self.out.print(Text(text), soft_wrap=soft_wrap)

    def _resume_command(self) -> str:
        s = self.session
        if self.req.review and s is not None and s.position is not None:
            return self.req.command(review_from=s.items[s.position].question.id)
        return self.req.command()

    def _stopped(self, *, eof: bool) -> int:
        """Ctrl-C or end of input: make sure the last answer is on disk, say how to go on."""
        self.out.print()
        plan, store, session = self.plan, self.store, self.session
        if plan is None or store is None or session is None:
            self.err.print(Text("Stopped before any question was asked; no answer was given."))
            return EXIT_INTERRUPTED
        if store.pending:  # interrupted while saving: save again (os.replace kept F whole)
            try:
                store.save(plan.draft)
            except UserError as exc:
                for problem in exc.problems:
                    self.err.print(Text(f"error: {problem}"))
        if session.kept is not None:
            qid, text = session.kept
            self.err.print(Text(say("evidence_kept", qid=qid, text=text)))
        key = "end_of_input" if eof else "interrupted"
        self.err.print(
            Text(
                say(
                    key,
                    answered=session.answered,
                    count=len(plan.items),
                    file=display_path(self.req.answers),
                )
            )
        )
        self.err.print(Text(say("resume", command=self._resume_command())), soft_wrap=True)
        return EXIT_INTERRUPTED

    def _scorecard(self) -> None:

        named = [Path(n) for n in self.req.banks if is_path(n)]
        assessment = load_assessment(self.req.answers, named)
        self.out.print()
        print_scorecard(
            score_assessment(assessment),
            assessment.catalogue,
            console=self.out,
            source=assessment.source,
        )
        path = self.req.answers
        out = path.with_name(f"{path.stem}-report.html")
        self.out.print()
        self._line(
            say(
                "report_hint",
                command=shlex.join(
                    ["clear", "report", display_path(path), "--out", display_path(out)]
                ),
            ),
            soft_wrap=True,
        )
