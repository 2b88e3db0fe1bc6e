"""Load banks, the roadmap and the scoring bands, and check them against each other.

``validate_catalogue(["core", "my_bank.yaml"])`` resolves bank ids, groups and paths, loads
every file, runs the single-file checks (pydantic) and the cross-file checks here, and
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
from typing import Any

from clear_cli.common.errors import Problem, UserError, display_path
from clear_cli.common.text import normalise
from clear_cli.models import Bank, Roadmap, ScoringConfig
from clear_cli.sources import cache, data
from clear_cli.sources.validation import line_col, validate
from clear_cli.sources.yamlsrc import Located, load


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
    """Checks that need more than one model: scales, targets, ids, stops. On ``raw`` banks
    (those that failed their own checks) the stops and question ids are checked as read, so
    every problem is reported at once."""
    problems: list[Problem] = []
    stops = {s.number for s in roadmap.stops} if roadmap else set(range(1, 13))
    seen_banks: dict[str, str] = {}
    seen_questions: dict[str, str] = {}
    for bank, loc in loaded:
        problems.extend(_check_bank(bank, loc, stops))
        if bank.id in seen_banks:
            problems.append(
                loc.problem(
                    ("id",),
                    f"bank id '{bank.id}' is also the id of {seen_banks[bank.id]}: is it "
                    "a copy of that bank? Name one of them only",
                )
            )
            continue  # its questions would each clash with the copy's: one message is enough
        seen_banks[bank.id] = f"{loc.file}"
        for si, section in enumerate(bank.sections):
            for qi, q in enumerate(section.questions):
                where = ("sections", si, "questions", qi, "id")
                problems.extend(_question_id(loc, where, q.id, seen_questions))
    for loc in raw:
        problems.extend(_check_raw(loc, stops, seen_questions))
    return problems


def _dicts(value: object) -> list[tuple[int, dict[str, Any]]]:
    """The mappings in a list read from a file, with their positions; [] for anything else."""
    if not isinstance(value, list):
        return []
    return [(i, x) for i, x in enumerate(value) if isinstance(x, dict)]


def _numbers(value: object) -> list[int]:
    """A stops list as read, when it is a list of whole numbers (else its own check says so)."""
    if not isinstance(value, list) or not all(
        isinstance(x, int) and not isinstance(x, bool) for x in value
    ):
        return []
    return value


def _check_raw(loc: Located, stops: set[int], seen_questions: dict[str, str]) -> list[Problem]:
    """The cross-file checks that can be made on a bank that failed its own checks: roadmap
    stops of questions and options, and question ids used twice."""
    problems: list[Problem] = []
    bank = loc.data if isinstance(loc.data, dict) else {}
    scales = bank.get("scales")
    for name, scale in scales.items() if isinstance(scales, dict) else []:
        opt_path: tuple[str | int, ...] = ("scales", name)
        options = scale
        if isinstance(scale, dict):  # a mapping with its options, not a bare list of them
            opt_path, options = (*opt_path, "options"), scale.get("options")
        for i, opt in _dicts(options):
            who = f"scale '{name}': option '{opt.get('key')}'"
            path = (*opt_path, i, "stops")
            problems.extend(_check_stops(loc, path, _numbers(opt.get("stops")), stops, who))
    for si, section in _dicts(bank.get("sections")):
        for qi, q in _dicts(section.get("questions")):
            qpath: tuple[str | int, ...] = ("sections", si, "questions", qi)
            qid = q.get("id")
            who = f"question '{qid}'" if isinstance(qid, str | int) else "question"
            problems.extend(
                _check_stops(loc, (*qpath, "stops"), _numbers(q.get("stops")), stops, who)
            )
            if isinstance(qid, str):
                problems.extend(_question_id(loc, (*qpath, "id"), qid, seen_questions))
    return problems


def _question_id(
    loc: Located, where: tuple[str | int, ...], qid: str, seen: dict[str, str]
) -> list[Problem]:
    """A problem when ``qid`` was met before (in any bank); else note where it is."""
    if qid in seen:
        return [
            loc.problem(
                where,
                f"question id '{qid}' is used twice (also at {seen[qid]}); "
                "ids must be unique across all banks",
            )
        ]
    seen[qid] = f"{loc.file}:{loc.place(where)}"
    return []


def _check_bank(bank: Bank, loc: Located, stops: set[int]) -> list[Problem]:
    problems: list[Problem] = []
    names = ", ".join(bank.scales)
    if bank.default_scale not in bank.scales:
        problems.append(
            loc.problem(
                ("default_scale",),
                f"default_scale '{bank.default_scale}' is not one of the scales ({names})",
            )
        )
    elif bank.scales[bank.default_scale].option(bank.target) is None:
        default = bank.scales[bank.default_scale]
        problems.append(
            loc.problem(
                ("target",),
                f"target '{bank.target}' is not an option key of "
                f"the default scale '{bank.default_scale}' ({_keys(default)})",
            )
        )
    for name, scale in bank.scales.items():
        base: tuple[str | int, ...] = ("scales", name)
        in_list = isinstance(loc.data.get("scales", {}).get(name), list)
        opt_path = base if in_list else (*base, "options")
        keys: dict[str, int] = {}
        labels: dict[str, int] = {}
        for i, opt in enumerate(scale.options):
            k, lab = opt.key.casefold(), normalise(opt.label)
            if k in keys:
                problems.append(
                    loc.problem(
                        (*opt_path, i, "key"),
                        f"scale '{name}': option key '{opt.key}' is used twice",
                    )
                )
            if lab in labels:
                problems.append(
                    loc.problem(
                        (*opt_path, i, "label"),
                        f"scale '{name}': option label '{opt.label}' is used twice",
                    )
                )
            if k in {"na", "n/a", "not applicable"} or lab in {"na", "n/a", "not applicable"}:
                problems.append(
                    loc.problem(
                        (*opt_path, i, "key"),
                        f"scale '{name}': '{opt.key}' "
                        "is reserved for not applicable (use na_allowed)",
                    )
                )
            keys[k], labels[lab] = i, i
            problems.extend(
                _check_stops(
                    loc,
                    (*opt_path, i, "stops"),
                    opt.stops or [],
                    stops,
                    f"scale '{name}': option '{opt.key}'",
                )
            )
            if i and opt.points <= scale.options[i - 1].points:
                problems.append(
                    loc.problem(
                        (*opt_path, i, "points"),
                        f"scale '{name}': points must "
                        f"increase down the list, but option '{opt.key}' has "
                        f"{opt.points:g} after {scale.options[i - 1].points:g}",
                    )
                )
        if scale.target is not None and scale.option(scale.target) is None:
            problems.append(
                loc.problem(
                    (*base, "target"),
                    f"scale '{name}': target "
                    f"'{scale.target}' is not one of its option keys "
                    f"({_keys(scale)})",
                )
            )
        if (
            scale.target is None
            and name != bank.default_scale
            and scale.option(bank.target) is None
        ):
            problems.append(
                loc.problem(
                    ("target",),
                    f"target '{bank.target}' is not an option key "
                    f"of scale '{name}' ({_keys(scale)}); give the scale its "
                    "own target or change the bank's",
                )
            )
    leads = set(bank.stakeholders)
    section_ids: set[str] = set()
    for si, section in enumerate(bank.sections):
        if section.id in section_ids:
            problems.append(
                loc.problem(
                    ("sections", si, "id"), f"section id '{section.id}' is used twice in this bank"
                )
            )
        section_ids.add(section.id)
        if not section.questions:
            problems.append(
                loc.problem(("sections", si), f"section '{section.id}' has no questions")
            )
        for qi, q in enumerate(section.questions):
            qpath: tuple[str | int, ...] = ("sections", si, "questions", qi)
            if q.scale is not None and q.scale not in bank.scales:
                problems.append(
                    loc.problem(
                        (*qpath, "scale"),
                        f"question '{q.id}': scale '{q.scale}' is not one of the scales ({names})",
                    )
                )
            problems.extend(
                _check_stops(loc, (*qpath, "stops"), q.stops, stops, f"question '{q.id}'")
            )
            for i, lead in enumerate(q.leads):
                if lead not in leads:
                    known = ", ".join(sorted(leads)) or "none defined"
                    problems.append(
                        loc.problem(
                            (*qpath, "leads", i),
                            f"question '{q.id}': lead "
                            f"'{lead}' is not in the bank's stakeholders "
                            f"({known})",
                        )
                    )
    return problems


def _check_stops(
    loc: Located, path: tuple[str | int, ...], listed: list[int], stops: set[int], who: str
) -> list[Problem]:
    """Every stop a roadmap stop, none listed twice (questions and options alike)."""
    problems = [
        loc.problem((*path, i), f"{who}: stop {stop} is not a roadmap stop (1-12)")
        for i, stop in enumerate(listed)
        if stop not in stops
    ]
    if len(set(listed)) != len(listed):
        problems.append(loc.problem(path, f"{who}: a stop is listed twice"))
    return problems


def _keys(scale: object) -> str:
    return ", ".join(o.key for o in getattr(scale, "options", []))


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
    files are checked, and ids compared across banks; on any problem (or a miss) the answer
    is None and the caller loads every file afresh, for messages with lines and columns.
    """
    if cache.folder() is None:
        return None
    roadmap_file = data.roadmap_path()
    roadmap = cache.get(Roadmap, "roadmap", roadmap_file)
    scoring = cache.get(ScoringConfig, "scoring", data.scoring_path())
    if roadmap is None or scoring is None:
        return None
    stops = {s.number for s in roadmap.stops}
    loaded: list[tuple[Bank, str]] = []
    for item in items:
        if isinstance(item, str):
            path = data.bundled_path(item)
            bank = cache.get(Bank, f"bank-{item}", path, [roadmap_file])
            if bank is None:
                return None
            loaded.append((bank, display_path(path)))
            continue
        try:
            bank, loc = load_bank_file(item)
        except UserError:
            return None
        if _check_bank(bank, loc, stops):
            return None
        loaded.append((bank, loc.file))
    bank_ids = [b.id for b, _ in loaded]
    question_ids = [q.id for b, _ in loaded for q in b.questions]
    if len(set(bank_ids)) < len(bank_ids) or len(set(question_ids)) < len(question_ids):
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
