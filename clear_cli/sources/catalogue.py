"""Load banks, the roadmap and the scoring bands, and check them against each other.

``validate_catalogue(["core", "my_bank.yaml"])`` resolves bank ids, groups and paths, loads
every file, runs the single-file checks (the models' validators) and the cross-file checks
here (ids across banks, stops against the roadmap), and
raises one :class:`UserError` holding every problem found in every file.

``load_catalogue`` gives the same result through two caches: catalogues already loaded in
this process, and the validated bundled files kept between runs (:mod:`clear_cli.sources.cache`).
Every command that needs banks calls it.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

from clear_cli.common.errors import Problem, UserError, display_path
from clear_cli.models import Bank, Roadmap, ScoringConfig
from clear_cli.models.bank import DUPLICATE_ID, listed_stops, question_ids
from clear_cli.models.roadmap import STOP_NUMBERS
from clear_cli.sources import cache, data
from clear_cli.sources.validation import line_col, validate
from clear_cli.sources.yamlsrc import Located, PathT, load


@dataclass
class Catalogue:
    """The banks in play, with the roadmap and bands they are scored against."""

    banks: dict[str, Bank]
    roadmap: Roadmap
    scoring: ScoringConfig
    files: dict[str, str] = field(default_factory=dict)

    def bank_of(self, question_id: str) -> Bank | None:
        for bank in self.banks.values():
            for q in bank.questions:
                if q.id == question_id:
                    return bank
        return None


def is_path(name: str, base: Path | None = None) -> bool:
    """Whether a bank name is a file's path rather than a bundled id or group.

    ``base``: the folder of the file the name was written in (a bare name counts as a path
    when it is a file there); None for a name typed on the command line (the current folder).
    """
    if name in data.GROUPS or name in data.BUNDLED:
        return False
    if name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name:
        return True
    try:
        return (base / name if base is not None else Path(name)).exists()
    except (OSError, ValueError):
        return False


def rebase(names: Iterable[str], base: Path | None, named: Sequence[Path] = ()) -> list[str]:
    """Names as written in a file in folder ``base``: its bank paths must stay in that folder.

    The file may come from anyone, so a path in it to anywhere else (``/etc/passwd``,
    ``../../x.yaml``, a link out of the folder) is never opened: it counts only when the
    user named a bank file of that name (``--bank``), which is then used. A UserError names
    every such path; ``named`` are the bank files the user gave.
    """
    if base is None:
        return list(names)
    out: list[str] = []
    problems: list[Problem] = []
    for name in names:
        if _controls(name) or not is_path(name, base):
            out.append(name)  # resolve() explains a name with control characters
            continue
        inside = _inside(base, name)
        if inside is not None:
            out.append(str(inside))
            continue
        wanted = PureWindowsPath(name).name.casefold()
        given = [p for p in named if p.name.casefold() == wanted]
        if given:
            out.append(str(given[0]))
            continue
        shown = printable(name, 80) or "?"
        problems.append(
            Problem(
                "",
                "",
                f"bank file '{shown}' is outside this file's folder: for safety clear reads "
                "a bank named in a file only from that file's folder; give the bank file "
                f"yourself with --bank {shlex.quote(PureWindowsPath(shown).name)} (to clear "
                "assess, as a BANK), or move it beside this file",
            )
        )
    if problems:
        raise UserError(problems)
    return out


def _inside(base: Path, name: str) -> Path | None:
    """``base / name`` when it is, through every ``..`` and link, inside ``base``; else None."""
    candidate = base / name
    try:
        real_base = base.resolve()
        real = candidate.resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if real != real_base and real_base not in real.parents:
        return None
    return candidate


def _controls(name: str) -> str:
    """The first control or unprintable character in a name, as U+XXXX; empty if none."""
    for ch in name:
        if not ch.isprintable():
            return f"U+{ord(ch):04X}"
    return ""


def printable(text: str, limit: int) -> str:
    """Text from a file the user did not write, cut short and without control characters."""
    clean = "".join(ch for ch in text if ch.isprintable())
    return clean if len(clean) <= limit else clean[: limit - 3] + "..."


def resolve(names: Iterable[str]) -> list[str | Path]:
    """Bank ids, group names and paths, expanded in order, without repeats."""
    out: list[str | Path] = []
    for name in names:
        items: list[str | Path]
        bad = _controls(name)
        if bad:
            raise UserError.one(
                "",
                f"bank '{printable(name, 60)}' holds the control character {bad}, which "
                "no bank id or file name has",
            )
        if name in data.GROUPS:
            items = list(data.GROUPS[name])
        elif name in data.BUNDLED:
            items = [name]
        elif is_path(name):
            items = [Path(name)]
        else:
            known = ", ".join([*data.BUNDLED, *data.GROUPS])
            raise UserError.one(
                "", f"unknown bank '{name}': use one of {known}, or the path of a bank file"
            )
        out.extend(i for i in items if i not in out)
    return out


def _real(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # a symlink loop: the loader explains it
        return str(path)


def load_bank_file(path: Path) -> tuple[Bank, Located]:
    located = load(path)
    return validate(Bank, located), located


def _load_bank_or_raw(path: Path) -> tuple[Bank | None, Located | None, list[Problem]]:
    """The bank, or, when it fails its own checks, the data as read (for the cross-file
    checks that can still be made on it) with the problems found."""
    try:
        located = load(path)
    except UserError as exc:
        return None, None, exc.problems
    try:
        return validate(Bank, located), located, []
    except UserError as exc:
        return None, located, exc.problems


def load_roadmap() -> Roadmap:
    return validate(Roadmap, load(data.roadmap_path()))


def load_scoring() -> ScoringConfig:
    return validate(ScoringConfig, load(data.scoring_path()))


def validate_catalogue(names: Sequence[str] = ("all",)) -> Catalogue:
    """Load and cross-check the named banks afresh; every problem in every file at once."""
    problems: list[Problem] = []
    loaded: list[tuple[Bank, Located]] = []
    roadmap: Roadmap | None = None
    scoring: ScoringConfig | None = None
    try:
        roadmap = load_roadmap()
    except UserError as exc:
        problems.extend(exc.problems)
    try:
        scoring = load_scoring()
    except UserError as exc:
        problems.extend(exc.problems)
    opened: dict[str, str] = {}  # a file's real path -> how it was named first
    raw: list[Located] = []  # banks that failed their own checks, as read
    for item in resolve(names):
        path = data.bundled_path(item) if isinstance(item, str) else item
        real = _real(path)
        if real in opened:
            again = f"the same file as '{opened[real]}', named already: name each bank once"
            problems.append(
                Problem(display_path(item), "", f"is {again}")
                if isinstance(item, Path)
                else Problem("", "", f"bank '{item}' is {again}")
            )
            continue
        opened[real] = str(item) if isinstance(item, str) else display_path(item)
        bank, located, found = _load_bank_or_raw(path)
        problems.extend(found)
        if bank is not None and located is not None:
            loaded.append((bank, located))
        elif located is not None:
            raw.append(located)
    problems.extend(cross_check(loaded, roadmap, raw))
    if problems:
        raise UserError(in_file_order(problems))
    assert roadmap is not None and scoring is not None
    return Catalogue(
        banks={b.id: b for b, _ in loaded},
        roadmap=roadmap,
        scoring=scoring,
        files={b.id: loc.file for b, loc in loaded},
    )


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """Each file's problems together, top to bottom; files in the order first met."""
    files: dict[str, int] = {}
    for p in problems:
        files.setdefault(p.file, len(files))
    return sorted(problems, key=lambda p: (files[p.file], line_col(p.place)))


def cross_check(
    loaded: list[tuple[Bank, Located]], roadmap: Roadmap | None, raw: Sequence[Located] = ()
) -> list[Problem]:
    """The checks that span files: a bank id or question id used by two banks, and stops
    that the roadmap lacks. Each bank's own rules are its model's (:mod:`clear_cli.models.bank`).
    On ``raw`` banks (those that failed their own checks) the question ids are checked as
    read, so every problem is reported at once."""
    numbers = {s.number for s in roadmap.stops} if roadmap else set(STOP_NUMBERS)
    problems = [p for _, loc in loaded for p in _off_roadmap(loc, numbers)]
    files: list[tuple[str | None, Located]] = [(b.id, loc) for b, loc in loaded]
    files.extend((None, loc) for loc in raw)
    for clash in clashes([(bank_id, question_ids(loc.data)) for bank_id, loc in files]):
        loc, first = files[clash.index][1], files[clash.first][1]
        if clash.question is None:
            message = (
                f"bank id '{files[clash.index][0]}' is also the id of {first.file}: is it "
                "a copy of that bank? Name one of them only"
            )
        else:
            at = f"{first.file}:{first.place(clash.first_at)}"
            message = DUPLICATE_ID.format(qid=clash.question, first=at)
        problems.append(loc.problem(clash.at, message))
    return problems


def _off_roadmap(loc: Located, numbers: set[int]) -> list[Problem]:
    """Stops a bank names (each a stop number, its model checks) that the roadmap lacks."""
    return [
        loc.problem((*where, i), f"{who}: stop {stop} is not a stop of the roadmap")
        for where, stops, who in listed_stops(loc.data)
        for i, stop in enumerate(stops)
        if stop in STOP_NUMBERS and stop not in numbers
    ]


@dataclass(frozen=True)
class Clash:
    """A bank id (``question`` None) or question id met in an earlier bank file: where it is
    (the file's index and the path in it), and where it was first."""

    index: int
    at: PathT
    question: str | None
    first: int
    first_at: PathT


def clashes(banks: Sequence[tuple[str | None, list[tuple[str, PathT]]]]) -> list[Clash]:
    """Ids met again in a later bank file. ``banks``: each file's bank id (None for a bank
    that failed its own checks) and question ids with their paths. A bank whose id is taken
    is one clash, not one per question; an id repeated within one bank is that bank's own
    rule, not a clash."""
    bank_ids: dict[str, int] = {}
    first: dict[str, tuple[int, PathT]] = {}
    out: list[Clash] = []
    for index, (bank_id, ids) in enumerate(banks):
        if bank_id is not None and bank_id in bank_ids:
            out.append(Clash(index, ("id",), None, bank_ids[bank_id], ()))
            continue
        if bank_id is not None:
            bank_ids[bank_id] = index
        mine: dict[str, PathT] = {}  # each id where first met in this bank
        for qid, at in ids:
            mine.setdefault(qid, at)
        out.extend(Clash(index, at, qid, *first[qid]) for qid, at in mine.items() if qid in first)
        for qid, at in mine.items():
            first.setdefault(qid, (index, at))
    return out


#: Catalogues already loaded in this process, keyed by the names, the current folder (for the
#: files' names as shown) and every file's size and modification time.
_LOADED: dict[tuple[object, ...], Catalogue] = {}
_MAX_LOADED = 8


def load_catalogue(
    names: Sequence[str] = ("all",), *, base: Path | None = None, named: Sequence[Path] = ()
) -> Catalogue:
    """``validate_catalogue(names)``, from the caches while the files are unchanged.

    ``base``: the folder of the file that names the banks; its bank paths must stay there
    (:func:`rebase`), unless ``named`` (the bank files the user gave) has one of that name.

    Within a process a catalogue is loaded once (``clear export`` reads many files against
    the same banks); between processes the bundled files come from the cache of validated
    models. A cache never changes the result: on any problem, or any doubt, the files are
    loaded and checked afresh and every problem is reported as ``validate_catalogue`` does.
    """
    names = rebase(names, base, named)
    try:
        items = resolve(names)
        stamps = _stamps(items)
        key = (tuple(names), Path.cwd(), stamps)
    except (OSError, UserError):
        return validate_catalogue(names)  # let the loader explain what is wrong
    if key not in _LOADED:
        catalogue = _from_cache(items) or _validate_and_store(names, items, stamps)
        if len(_LOADED) >= _MAX_LOADED:
            _LOADED.pop(next(iter(_LOADED)))
        _LOADED[key] = catalogue
    return _LOADED[key]


def _path_of(item: str | Path) -> Path:
    return data.bundled_path(item) if isinstance(item, str) else item


def _stamps(items: list[str | Path]) -> tuple[tuple[str, int, int], ...]:
    files = [*(_path_of(i) for i in items), data.roadmap_path(), data.scoring_path()]
    return tuple((str(f), st.st_mtime_ns, st.st_size) for f in files for st in [f.stat()])


def _from_cache(items: list[str | Path]) -> Catalogue | None:
    """The catalogue from cached bundled models and freshly read bank files, when all is well.

    A bundled model is cached only after passing every check, so here only a user's bank
    files are checked (by their model, and their stops against the roadmap), and ids
    compared across banks (:func:`clashes`, as in :func:`cross_check`); on any problem (or a
    miss) the answer is None and the caller loads every file afresh, for messages with lines
    and columns.
    """
    if cache.folder() is None:
        return None
    roadmap_file = data.roadmap_path()
    roadmap = cache.get(Roadmap, "roadmap", roadmap_file)
    scoring = cache.get(ScoringConfig, "scoring", data.scoring_path())
    if roadmap is None or scoring is None:
        return None
    numbers = {s.number for s in roadmap.stops}
    loaded: list[tuple[Bank, str]] = []
    ids: list[tuple[str | None, list[tuple[str, PathT]]]] = []
    for item in items:
        if isinstance(item, str):  # cached only after passing every check
            path = data.bundled_path(item)
            bank = cache.get(Bank, f"bank-{item}", path, [roadmap_file])
            if bank is None:
                return None
            loaded.append((bank, display_path(path)))
            ids.append((bank.id, [(q.id, ()) for q in bank.questions]))
            continue
        try:
            bank, loc = load_bank_file(item)  # the bank's own rules: its model's
        except UserError:
            return None
        if _off_roadmap(loc, numbers):
            return None
        loaded.append((bank, loc.file))
        ids.append((bank.id, question_ids(loc.data)))
    if clashes(ids):
        return None
    return Catalogue(
        banks={b.id: b for b, _ in loaded},
        roadmap=roadmap,
        scoring=scoring,
        files={b.id: shown for b, shown in loaded},
    )


def _validate_and_store(
    names: Sequence[str], items: list[str | Path], stamps: tuple[tuple[str, int, int], ...]
) -> Catalogue:
    """Load and check afresh; cache the bundled models if no file changed meanwhile."""
    catalogue = validate_catalogue(names)
    if cache.folder() is None:
        return catalogue
    try:
        unchanged = _stamps(items) == stamps
    except OSError:
        unchanged = False
    if unchanged:
        roadmap_file = data.roadmap_path()
        cache.put(catalogue.roadmap, "roadmap", roadmap_file)
        cache.put(catalogue.scoring, "scoring", data.scoring_path())
        # Every item gave one bank, in order (a repeated id is an error above).
        for item, bank in zip(items, catalogue.banks.values(), strict=True):
            if isinstance(item, str):
                cache.put(bank, f"bank-{item}", data.bundled_path(item), [roadmap_file])
    return catalogue
