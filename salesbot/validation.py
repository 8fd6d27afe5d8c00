"""`salesbot validate`: check files, run every example answer through the scorer, walk
each case's conversation (every outcome reachable, the best one not by poor answers), and
check the tracks (`tracks/*.yaml` next to the cases: every case exists, none twice)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .engine.dialogue import dialogue_problems
from .engine.loader import (
    LIBRARY_FILE,
    CaseFileError,
    Problem,
    case_files,
    load_case,
    load_library,
)
from .engine.model import Case, Library
from .engine.scoring import Scorer
from .engine.tracks import TRACKS_FOLDER, load_track, load_tracks, track_files
from .engine.yamlfile import field_path, line_at, read_yaml
from .paths import bundled_scenarios


def _library_for(folder: Path, problems: list[Problem]) -> Library | None:
    path = folder / LIBRARY_FILE
    if not path.exists():
        path = bundled_scenarios() / LIBRARY_FILE
    try:
        return load_library(path)
    except CaseFileError as exc:
        problems.extend(exc.problems)
        return None


def example_problems(scorer: Scorer, case: Case, data: Any = None) -> list[Problem]:
    """Every example answer whose style or total differs from its label, with its line (from
    `data`, the case file as read; read here if not given) and its path in the loader's style
    (steps[2].examples[1])."""
    data = read_yaml(case.source) if data is None else data
    problems = []
    for i, step in enumerate(case.steps):
        for j, example in enumerate(step.examples):
            result = scorer.score_answer(case, step, example.text, example.lang)
            wrong = []
            if result.style != example.style:
                wrong.append(f"expected style {example.style}, got {result.style}")
            if example.min_total is not None and result.total < example.min_total:
                wrong.append(f"expected total >= {example.min_total}, got {result.total}")
            if example.max_total is not None and result.total > example.max_total:
                wrong.append(f"expected total <= {example.max_total}, got {result.total}")
            if wrong:
                evidence = ", ".join(m.pattern for m in result.matched) or "no pattern"
                where = ("steps", i, "examples", j)
                problems.append(
                    Problem(
                        str(case.source),
                        line_at(data, where),
                        field_path(where),
                        f"{'; '.join(wrong)} for {example.text[:60]!r} (matched: {evidence})",
                    )
                )
    return problems


def case_ids(folder: Path) -> set[str]:
    """The ids the case files of a folder declare (a broken case still names its id, so a
    track listing it is not blamed for it)."""
    ids = set()
    for file in case_files(folder):
        try:
            data = read_yaml(file)
        except CaseFileError:
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            ids.add(data["id"])
    return ids


def track_problems(path: Path) -> tuple[list[Problem], int]:
    """A track file, the tracks/ folder, or the tracks of a scenarios folder: every problem
    and the number of track files checked."""
    if path.is_file():
        try:
            load_track(path, case_ids(path.parent.parent))
        except CaseFileError as exc:
            return exc.problems, 1
        return [], 1
    scenarios = path.parent if path.name == TRACKS_FOLDER else path
    try:
        load_tracks(scenarios, case_ids(scenarios))
    except CaseFileError as exc:
        return exc.problems, len(track_files(scenarios))
    return [], len(track_files(scenarios))


def validate_paths(paths: list[Path]) -> tuple[list[Problem], int]:
    """Validate files and folders; return every problem and the number of files checked."""
    problems: list[Problem] = []
    checked = 0
    for path in paths:
        if not path.exists():
            problems.append(Problem(str(path), 0, "", "no such file or folder"))
            continue
        in_tracks = path.parent if path.is_file() else path
        if in_tracks.name == TRACKS_FOLDER:
            found, count = track_problems(path)
            problems += found
            checked += count
            continue
        folder = path if path.is_dir() else path.parent
        if path.is_file() and path.name == LIBRARY_FILE:
            checked += 1
            _library_for(folder, problems)
            continue
        files = case_files(path) if path.is_dir() else [path]
        if path.is_dir():
            checked += 1  # the library
        library = _library_for(folder, problems)
        if library is None:
            continue
        scorer = Scorer(library)
        for file in files:
            checked += 1
            try:
                case = load_case(file, library)
            except CaseFileError as exc:
                problems.extend(exc.problems)
                continue
            data = read_yaml(file)  # read again for the lines of examples and outcomes
            problems.extend(example_problems(scorer, case, data))
            problems.extend(
                Problem(str(case.source), line_at(data, ("outcomes",)), "outcomes", message)
                for message in dialogue_problems(case, scorer, library.reactions)
            )
        if path.is_dir():
            found, count = track_problems(path)
            problems += found
            checked += count
    return problems, checked
