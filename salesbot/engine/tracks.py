"""Tracks: cases a team lead assigns as one, in order, each with a pass mark, and a rule.

A track is a YAML file in the `tracks/` folder next to the cases:

    id: complaints
    title: {ru: "Жалобы", en: "Complaints"}
    cases:
      - rude-client                          # passed at the config's pass mark
      - {case: courier-no-call, pass_mark: 75}
    pass: all                                # or a number: pass 3 of the cases

Loading checks the shape (pydantic, through `yamlfile`) and what spans the file (every
case exists, none is listed twice, the rule asks for no more cases than there are), and
reports every problem as file:line: field: message, like the case files.

Pure: nothing here knows about Telegram, SQLite or templates.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from .model import LANGUAGES
from .schema import Text, _id_check
from .yamlfile import CaseFileError, Problem, field_path, line_at, read_yaml, validate

TRACKS_FOLDER = "tracks"  # inside the scenarios folder

# A field's own words (see yamlfile.validate).
MESSAGES = {
    "id": "expected an id of lower-case latin letters, digits, - and _",
    "title": "expected the title in both languages: {ru: ..., en: ...}",
    "cases": "expected a list of case ids, or {case: ID, pass_mark: 0-100} entries",
    "cases.pass_mark": "expected a whole number from 0 to 100",
    "pass": "expected 'all' or how many of the cases must be passed, e.g. 4",
}


@dataclass(frozen=True, slots=True)
class TrackCase:
    case_id: str
    pass_mark: int | None = None  # None: the config's pass mark for the case


@dataclass(frozen=True, slots=True)
class Track:
    id: str
    title: dict[str, str]  # language -> title
    cases: tuple[TrackCase, ...]  # in the order they are played
    need: int  # how many of the cases must be passed ("pass 4 of 5"); all by default
    source: str = ""

    def text(self, lang: str) -> str:
        return self.title.get(lang) or next(iter(self.title.values()))


def _entry(value: Any) -> Any:
    """A case may be listed by its id alone."""
    return {"case": value} if isinstance(value, str) else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class TrackCaseSchema(_Strict):
    case: str
    pass_mark: Annotated[int, Field(ge=0, le=100, strict=True)] | None = None

    _id = field_validator("case")(_id_check)


class TrackSchema(_Strict):
    id: str
    title: Text
    cases: list[Annotated[TrackCaseSchema, BeforeValidator(_entry)]] = Field(min_length=1)
    pass_: Literal["all"] | Annotated[int, Field(ge=1, strict=True)] = Field("all", alias="pass")

    _id = field_validator("id")(_id_check)

    @field_validator("title")
    @classmethod
    def _both_languages(cls, title: dict[str, str]) -> dict[str, str]:
        missing = [lang for lang in LANGUAGES if lang not in title]
        if missing:
            raise ValueError(f"the title in {', '.join(missing)} is missing")
        return {lang: text.strip() for lang, text in title.items()}


def _listed(data: Any) -> list[tuple[int, str]]:
    """(position, case id) of each entry of the raw `cases` list that names a case."""
    raw = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        return []
    found = []
    for index, item in enumerate(raw):
        entry = _entry(item)
        case_id = entry.get("case") if isinstance(entry, dict) else None
        if isinstance(case_id, str):
            found.append((index, case_id))
    return found


def _cross_problems(data: Any, name: str, known_cases: Collection[str]) -> list[Problem]:
    """Cases that do not exist, cases listed twice, a rule asking for too many."""
    problems = []

    def add(loc: tuple[Any, ...], message: str) -> None:
        problems.append(Problem(name, line_at(data, loc), field_path(loc), message))

    seen: dict[str, int] = {}
    for index, case_id in _listed(data):
        loc = ("cases", index)
        if case_id not in known_cases:
            add(loc, f"there is no case {case_id!r}; check the id (salesbot cases lists them)")
        elif case_id in seen:
            add(loc, f"{case_id!r} is already listed as case {seen[case_id] + 1}; keep one")
        seen.setdefault(case_id, index)
    need = data.get("pass") if isinstance(data, dict) else None
    count = len(data.get("cases") or []) if isinstance(data, dict) else 0
    if isinstance(need, int) and not isinstance(need, bool) and count and need > count:
        add(("pass",), f"the track has {count} cases; it cannot ask to pass {need}")
    return problems


def load_track(path: Path, known_cases: Collection[str]) -> Track:
    """Read and check one track file; raises CaseFileError listing every problem."""
    name = str(path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise CaseFileError(
            [Problem(name, getattr(data, "line", 1), "", "expected id, title, cases and pass")]
        )
    problems = _cross_problems(data, name, known_cases)
    try:
        schema = validate(TrackSchema, data, name, messages=MESSAGES)
    except CaseFileError as exc:
        merged = {(p.line, p.field, p.message): p for p in [*exc.problems, *problems]}
        raise CaseFileError(sorted(merged.values(), key=lambda p: p.line)) from None
    if problems:
        raise CaseFileError(problems)
    cases = tuple(TrackCase(c.case, c.pass_mark) for c in schema.cases)
    need = len(cases) if schema.pass_ == "all" else int(schema.pass_)
    return Track(schema.id, dict(schema.title), cases, need, name)


def track_files(scenarios: Path) -> list[Path]:
    """The track files of a scenarios folder, in name order (none without a tracks/)."""
    return sorted((scenarios / TRACKS_FOLDER).glob("*.yaml"))


def load_tracks(scenarios: Path, known_cases: Collection[str]) -> dict[str, Track]:
    """Every track of a scenarios folder, by id; raises CaseFileError with every problem of
    every file."""
    problems: list[Problem] = []
    tracks: dict[str, Track] = {}
    for path in track_files(scenarios):
        try:
            track = load_track(path, known_cases)
        except CaseFileError as exc:
            problems.extend(exc.problems)
            continue
        if track.id in tracks:
            problems.append(
                Problem(
                    str(path),
                    line_at(read_yaml(path), ("id",)),
                    "id",
                    f"the track id {track.id!r} is used by {tracks[track.id].source}",
                )
            )
            continue
        tracks[track.id] = track
    if problems:
        raise CaseFileError(problems)
    return tracks


__all__ = ["TRACKS_FOLDER", "Track", "TrackCase", "load_track", "load_tracks", "track_files"]
