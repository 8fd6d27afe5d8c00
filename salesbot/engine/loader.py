"""Load and validate case files and the pattern library.

Every problem names the file, the line and the field, and says what is expected, so a
trainer who is not a programmer can fix a case from the message alone. Validation collects
every problem in a file rather than stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .matcher import parse_phrase
from .model import (
    CLIENT_TYPES,
    DIMENSIONS,
    LANGUAGES,
    PATTERN_KINDS,
    SEVERITIES,
    STYLES,
    Case,
    Condition,
    Example,
    Library,
    Outcome,
    Pattern,
    Persona,
    Step,
    Transition,
)

FORMAT_VERSION = 1
LIBRARY_FILE = "library.yaml"
MAX_FILE_BYTES = 1_000_000
MAX_NODES = 200_000  # anchors and aliases may not expand a file beyond this many values
_ID_HINT = "use lower-case latin letters, digits and -"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_PATTERN_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_STANDARD_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class CaseFileError(Exception):
    """One or more files are invalid; `problems` lists every one found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Map(dict):
    """A mapping read from YAML that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]


class _List(list):
    line: int = 0
    item_lines: list[int]


def _line_of(value: Any, default: int) -> int:
    return getattr(value, "line", 0) or default


def read_yaml(path: Path) -> Any:
    """Parse a YAML file safely into dicts and lists that carry line numbers."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseFileError(
            [Problem(name, 0, "", f"cannot read the file: {exc.strerror}")]
        ) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise CaseFileError(
            [
                Problem(
                    name,
                    0,
                    "",
                    f"the file is larger than {MAX_FILE_BYTES // 1000} KB; "
                    "split it into several cases",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CaseFileError(
            [Problem(name, 0, "", "the file is not UTF-8 text; save it as UTF-8")]
        ) from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        reason = exc.problem or exc.context or "invalid YAML"
        raise CaseFileError(
            [
                Problem(
                    name,
                    line,
                    "",
                    f"YAML syntax error: {reason}; check the indentation, "
                    "colons and quotes on this line and the one before",
                )
            ]
        ) from exc
    except yaml.YAMLError as exc:
        raise CaseFileError([Problem(name, 0, "", f"YAML error: {exc}")]) from exc
    if node is None:
        raise CaseFileError([Problem(name, 1, "", "the file is empty")])
    budget = [MAX_NODES]
    return _convert(node, name, budget)


def _convert(node: yaml.Node, name: str, budget: list[int]) -> Any:
    budget[0] -= 1
    line = node.start_mark.line + 1
    if budget[0] < 0:
        raise CaseFileError(
            [
                Problem(
                    name,
                    line,
                    "",
                    "the file expands to too many values (anchors and aliases?); "
                    "write the values out instead",
                )
            ]
        )
    if node.tag not in _STANDARD_TAGS:
        raise CaseFileError(
            [Problem(name, line, "", f"the tag {node.tag!r} is not allowed; remove it")]
        )
    if isinstance(node, yaml.MappingNode):
        result = _Map()
        result.line = line
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, name, budget)
            if not isinstance(key, str | int | float | bool) or key is None:
                raise CaseFileError(
                    [Problem(name, key_node.start_mark.line + 1, "", "a key must be a plain word")]
                )
            key = str(key)
            if key in result:
                raise CaseFileError(
                    [
                        Problem(
                            name,
                            key_node.start_mark.line + 1,
                            key,
                            "this field appears twice; keep one",
                        )
                    ]
                )
            result[key] = _convert(value_node, name, budget)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        items = _List()
        items.line = line
        items.item_lines = []
        for child in node.value:
            items.append(_convert(child, name, budget))
            items.item_lines.append(child.start_mark.line + 1)
        return items
    return yaml.SafeLoader(b"").construct_object(node, deep=True)


class _Checker:
    """Collects problems while reading one file's values."""

    def __init__(self, file: str, languages: tuple[str, ...] = LANGUAGES):
        self.file = file
        self.languages = languages
        self.problems: list[Problem] = []

    def problem(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, field, message))

    def mapping(self, value: Any, field: str, line: int, allowed: Iterable[str]) -> _Map | None:
        if not isinstance(value, dict):
            self.problem(
                _line_of(value, line), field, f"expected a block of fields, got {_describe(value)}"
            )
            return None
        allowed = tuple(allowed)
        for key in value:
            if key not in allowed:
                self.problem(
                    value.key_lines.get(key, value.line),
                    _join(field, key),
                    f"unknown field; expected one of: {', '.join(allowed)}",
                )
        return value

    def field_line(self, data: _Map, key: str) -> int:
        return data.key_lines.get(key, data.line)

    def required(self, data: _Map, key: str, field: str) -> Any:
        if key not in data or data[key] is None:
            self.problem(data.line, _join(field, key), "this field is required")
            return None
        return data[key]

    def string(
        self,
        data: _Map,
        key: str,
        field: str,
        *,
        required: bool = True,
        pattern: re.Pattern[str] | None = None,
        choices: Iterable[str] | None = None,
        hint: str = "",
    ) -> str | None:
        path = _join(field, key)
        if key not in data or data[key] is None:
            if required:
                self.problem(
                    data.line, path, "this field is required" + (f"; {hint}" if hint else "")
                )
            return None
        value = data[key]
        line = self.field_line(data, key)
        if not isinstance(value, str) or not value.strip():
            self.problem(line, path, f"expected text, got {_describe(value)}")
            return None
        if choices is not None and value not in choices:
            self.problem(
                line, path, f"{value!r} is not allowed; expected one of: {', '.join(choices)}"
            )
            return None
        if pattern is not None and not pattern.match(value):
            self.problem(
                line,
                path,
                f"{value!r} is not a valid id; {hint or _ID_HINT}",
            )
            return None
        return value

    def integer(
        self, data: _Map, key: str, field: str, low: int, high: int, default: int | None = None
    ) -> int | None:
        path = _join(field, key)
        if key not in data:
            if default is None:
                self.problem(
                    data.line, path, f"this field is required; a whole number from {low} to {high}"
                )
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(
                self.field_line(data, key),
                path,
                f"expected a whole number from {low} to {high}, got {_describe(value)}",
            )
            return default
        return value

    def text(self, data: _Map, key: str, field: str, *, required: bool = True) -> dict[str, str]:
        """A text in every language of the file: {ru: ..., en: ...}."""
        path = _join(field, key)
        if key not in data or data[key] is None:
            if required:
                self.problem(
                    data.line, path, f"this field is required: the text in {_langs(self.languages)}"
                )
            return {}
        value = data[key]
        line = self.field_line(data, key)
        if isinstance(value, str):
            self.problem(
                line,
                path,
                f"give the text per language, e.g. '{path}: {{ru: ..., en: ...}}' "
                f"for {_langs(self.languages)}",
            )
            return {}
        found = self.mapping(value, path, line, LANGUAGES)
        if found is None:
            return {}
        result = {}
        for lang in self.languages:
            text = found.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.problem(
                    found.key_lines.get(lang, found.line),
                    _join(path, lang),
                    "the text is missing or empty"
                    if text is None
                    else f"expected text, got {_describe(text)}",
                )
            else:
                result[lang] = text.strip()
        return result

    def phrases(
        self, data: _Map, key: str, field: str, *, required: bool
    ) -> dict[str, tuple[str, ...]]:
        """Phrases per language: {ru: [...], en: [...]}, each checked for syntax."""
        path = _join(field, key)
        if key not in data or data[key] is None:
            if required:
                self.problem(
                    data.line,
                    path,
                    "this field is required: phrases per language, "
                    'e.g. {ru: ["понимаю вас"], en: ["I understand"]}',
                )
            return {}
        value = self.mapping(data[key], path, self.field_line(data, key), LANGUAGES)
        if value is None:
            return {}
        result: dict[str, tuple[str, ...]] = {}
        for lang, items in value.items():
            if lang not in LANGUAGES:
                continue
            lang_path = _join(path, lang)
            line = value.key_lines.get(lang, value.line)
            if not isinstance(items, list) or not items:
                self.problem(line, lang_path, f"expected a list of phrases, got {_describe(items)}")
                continue
            good = []
            for i, phrase in enumerate(items):
                item_line = items.item_lines[i] if hasattr(items, "item_lines") else line
                if not isinstance(phrase, str) or not phrase.strip():
                    self.problem(
                        item_line,
                        f"{lang_path}[{i + 1}]",
                        f"expected a phrase, got {_describe(phrase)}",
                    )
                    continue
                try:
                    parse_phrase(phrase)
                except ValueError as exc:
                    self.problem(item_line, f"{lang_path}[{i + 1}]", f"{phrase!r}: {exc}")
                    continue
                good.append(phrase)
            result[lang] = tuple(good)
        return result

    def id_list(self, data: _Map, key: str, field: str) -> tuple[str, ...]:
        if key not in data or data[key] is None:
            return ()
        value = data[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(
                self.field_line(data, key),
                _join(field, key),
                f"expected a list of ids, got {_describe(value)}",
            )
            return ()
        return tuple(value)

    def items(
        self, data: _Map, key: str, field: str, *, minimum: int
    ) -> list[tuple[str, int, Any]]:
        """The items of a list field with their paths and lines."""
        path = _join(field, key)
        if key not in data or data[key] is None:
            if minimum:
                self.problem(
                    data.line, path, f"this field is required: a list of at least {minimum}"
                )
            return []
        value = data[key]
        if not isinstance(value, list):
            self.problem(
                self.field_line(data, key), path, f"expected a list, got {_describe(value)}"
            )
            return []
        if len(value) < minimum:
            self.problem(
                self.field_line(data, key),
                path,
                f"expected at least {minimum} entries, found {len(value)}",
            )
        return [(f"{path}[{i + 1}]", value.item_lines[i], item) for i, item in enumerate(value)]


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def _langs(languages: Iterable[str]) -> str:
    return " and ".join(languages)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no ({value})"
    if isinstance(value, dict):
        return "a block of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    return f"{type(value).__name__} {value!r}"


def _check_format(check: _Checker, data: _Map) -> None:
    fmt = data.get("format")
    if fmt != FORMAT_VERSION:
        check.problem(
            check.field_line(data, "format"),
            "format",
            f"expected 'format: {FORMAT_VERSION}' (the case format version), got {_describe(fmt)}",
        )


_PATTERN_FIELDS = ("id", "kind", "family", "weight", "severity", "phrases", "tip", "title")


def _read_pattern(check: _Checker, item: Any, path: str, line: int) -> Pattern | None:
    data = check.mapping(item, path, line, _PATTERN_FIELDS)
    if data is None:
        return None
    pid = check.string(
        data,
        "id",
        path,
        pattern=_PATTERN_ID,
        hint="use lower-case latin letters, digits, '.', '-' and '_'",
    )
    kind = check.string(data, "kind", path, choices=PATTERN_KINDS)
    family = check.string(data, "family", path, pattern=_SLUG) or "general"
    weight = data.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 5:
        check.problem(
            check.field_line(data, "weight"),
            _join(path, "weight"),
            f"expected a number above 0 and at most 5, got {_describe(weight)}",
        )
        weight = 1.0
    severity = check.string(
        data,
        "severity",
        path,
        required=kind == "anti",
        choices=SEVERITIES,
        hint=f"anti-patterns need one of: {', '.join(SEVERITIES)}",
    )
    phrases = check.phrases(data, "phrases", path, required=True)
    tip = check.text(data, "tip", path, required=kind == "anti")
    title = check.text(data, "title", path, required=False)
    if pid is None or kind is None:
        return None
    return Pattern(
        pid, kind, family, phrases, float(weight), severity if kind == "anti" else None, tip, title
    )


def load_library(path: Path) -> Library:
    """Read the shared pattern library; raises CaseFileError listing every problem."""
    data = read_yaml(path)
    check = _Checker(str(path))
    root = check.mapping(data, "", 1, ("format", "kind", "version", "patterns", "tips"))
    if root is None:
        raise CaseFileError(check.problems)
    _check_format(check, root)
    if root.get("kind") != "library":
        check.problem(check.field_line(root, "kind"), "kind", "expected 'kind: library'")
    version = check.integer(root, "version", "", 1, 10_000) or 1
    patterns = _read_patterns(check, root, "patterns", minimum=1)
    tips: dict[str, dict[str, str]] = {}
    tip_block = check.mapping(
        root.get("tips", _Map()),
        "tips",
        check.field_line(root, "tips"),
        root.get("tips", {}).keys() if isinstance(root.get("tips"), dict) else (),
    )
    if tip_block is not None:
        for key in tip_block:
            tips[key] = check.text(tip_block, key, "tips")
    if check.problems:
        raise CaseFileError(check.problems)
    return Library(version, tuple(patterns), tips, str(path))


def _read_patterns(check: _Checker, root: _Map, key: str, minimum: int) -> list[Pattern]:
    patterns: list[Pattern] = []
    seen: set[str] = set()
    for path, line, item in check.items(root, key, "", minimum=minimum):
        pattern = _read_pattern(check, item, path, line)
        if pattern is None:
            continue
        if pattern.id in seen:
            check.problem(line, _join(path, "id"), f"the pattern id {pattern.id!r} is used twice")
            continue
        seen.add(pattern.id)
        patterns.append(pattern)
    return patterns


_CASE_FIELDS = (
    "format",
    "id",
    "version",
    "title",
    "description",
    "difficulty",
    "client_type",
    "languages",
    "persona",
    "topic",
    "patterns",
    "steps",
    "outcomes",
    "fallback",
    "max_turns",
)
_STEP_FIELDS = ("id", "client", "ideal", "expects", "topic", "hint", "transitions", "examples")
_WHEN_FIELDS = (
    "style",
    "min_total",
    "max_total",
    "matched",
    "matched_any",
    "missing",
    "violation",
    "violations",
    "severe",
)


def load_case(path: Path, library: Library) -> Case:
    """Read and validate one case file against the library; raises CaseFileError."""
    data = read_yaml(path)
    check = _Checker(str(path))
    root = check.mapping(data, "", 1, _CASE_FIELDS)
    if root is None:
        raise CaseFileError(check.problems)
    _check_format(check, root)
    languages = _read_languages(check, root)
    check.languages = languages
    case_id = check.string(root, "id", "", pattern=_SLUG)
    version = check.integer(root, "version", "", 1, 10_000)
    title = check.text(root, "title", "")
    description = check.text(root, "description", "")
    difficulty = check.integer(root, "difficulty", "", 1, 3)
    client_type = check.string(root, "client_type", "", choices=CLIENT_TYPES)
    persona = _read_persona(check, root)
    topic = check.phrases(root, "topic", "", required=False)
    patterns = _read_patterns(check, root, "patterns", minimum=0)
    known_ids = {p.id: p for p in library.patterns}
    for pattern in patterns:
        if pattern.id in known_ids:
            check.problem(
                root.line,
                "patterns",
                f"{pattern.id!r} is already in the library; choose another id",
            )
        known_ids[pattern.id] = pattern
    steps = [
        s
        for s in (
            _read_step(check, item, path, line, known_ids)
            for path, line, item in check.items(root, "steps", "", minimum=3)
        )
        if s
    ]
    outcomes = [
        o
        for o in (
            _read_outcome(check, item, path, line)
            for path, line, item in check.items(root, "outcomes", "", minimum=1)
        )
        if o
    ]
    _check_graph(check, root, steps, outcomes)
    fallback = root.get("fallback") or next(
        (o.id for o in outcomes if o.result == "lost"), outcomes[-1].id if outcomes else ""
    )
    if outcomes and fallback not in {o.id for o in outcomes}:
        check.problem(
            check.field_line(root, "fallback"),
            "fallback",
            f"{fallback!r} is not an outcome of this case; expected one of: "
            f"{', '.join(o.id for o in outcomes)}",
        )
    max_turns = check.integer(root, "max_turns", "", 3, 100, default=2 * len(steps) + 2) or 0
    if case_id and path.stem != case_id:
        check.problem(
            check.field_line(root, "id"),
            "id",
            f"the id {case_id!r} differs from the file name; name the file {case_id}.yaml",
        )
    if check.problems:
        raise CaseFileError(check.problems)
    assert case_id and version and difficulty and client_type and persona
    return Case(
        case_id,
        version,
        title,
        description,
        difficulty,
        client_type,
        languages,
        persona,
        topic,
        tuple(patterns),
        tuple(steps),
        tuple(outcomes),
        fallback,
        max_turns,
        path,
    )


def _read_languages(check: _Checker, root: _Map) -> tuple[str, ...]:
    value = root.get("languages")
    line = check.field_line(root, "languages")
    if (
        not isinstance(value, list)
        or not value
        or any(v not in LANGUAGES for v in value)
        or len(set(value)) != len(value)
    ):
        check.problem(
            line,
            "languages",
            f"expected a list of languages out of {', '.join(LANGUAGES)}, e.g. [ru, en]",
        )
        return LANGUAGES
    return tuple(value)


def _read_persona(check: _Checker, root: _Map) -> Persona | None:
    value = check.required(root, "persona", "")
    data = (
        check.mapping(value, "persona", check.field_line(root, "persona"), ("name", "role", "mood"))
        if value is not None
        else None
    )
    if data is None:
        return None
    return Persona(
        check.text(data, "name", "persona"),
        check.text(data, "role", "persona"),
        check.string(data, "mood", "persona") or "",
    )


def _read_step(
    check: _Checker, item: Any, path: str, line: int, known: dict[str, Pattern]
) -> Step | None:
    data = check.mapping(item, path, line, _STEP_FIELDS)
    if data is None:
        return None
    step_id = check.string(data, "id", path, pattern=_SLUG)
    client = check.text(data, "client", path)
    ideal = check.string(data, "ideal", path, choices=DIMENSIONS)
    expects = check.id_list(data, "expects", path)
    for pid in (alt for entry in expects for alt in entry.split("|")):
        if pid not in known:
            check.problem(
                check.field_line(data, "expects"),
                _join(path, "expects"),
                f"{pid!r} is neither a library pattern nor one of this case's patterns",
            )
    topic = check.phrases(data, "topic", path, required=False)
    hint = check.text(data, "hint", path, required=bool(expects))
    transitions = [
        t
        for t in (
            _read_transition(check, t_item, t_path, t_line, known)
            for t_path, t_line, t_item in check.items(data, "transitions", path, minimum=1)
        )
        if t
    ]
    if transitions and not transitions[-1].when.is_default:
        check.problem(
            transitions[-1].line,
            _join(path, "transitions"),
            "the last transition must have no 'when', so that every answer leads somewhere",
        )
    examples = [
        e
        for e in (
            _read_example(check, e_item, e_path, e_line)
            for e_path, e_line, e_item in check.items(data, "examples", path, minimum=0)
        )
        if e
    ]
    if step_id is None or ideal is None:
        return None
    return Step(
        step_id, client, ideal, expects, topic, hint, tuple(transitions), tuple(examples), line
    )


def _read_transition(
    check: _Checker, item: Any, path: str, line: int, known: dict[str, Pattern]
) -> Transition | None:
    data = check.mapping(item, path, line, ("when", "goto", "end", "say"))
    if data is None:
        return None
    when = Condition()
    if "when" in data:
        when_path = _join(path, "when")
        block = check.mapping(data["when"], when_path, check.field_line(data, "when"), _WHEN_FIELDS)
        if block is not None:
            when = _read_condition(check, block, when_path, known)
            if when.is_default:
                check.problem(
                    block.line,
                    when_path,
                    "an empty 'when' always holds; remove it or give a condition",
                )
    goto, end = data.get("goto"), data.get("end")
    if (goto is None) == (end is None):
        check.problem(
            line,
            path,
            "give exactly one of 'goto: STEP_ID' (the next step) or "
            "'end: OUTCOME_ID' (the outcome)",
        )
    for key, value in (("goto", goto), ("end", end)):
        if value is not None and not isinstance(value, str):
            check.problem(
                check.field_line(data, key),
                _join(path, key),
                f"expected an id, got {_describe(value)}",
            )
    say = check.text(data, "say", path, required=False)
    return Transition(
        when,
        goto if isinstance(goto, str) else None,
        end if isinstance(end, str) else None,
        say,
        line,
    )


def _read_condition(
    check: _Checker, block: _Map, path: str, known: dict[str, Pattern]
) -> Condition:
    styles = check.id_list(block, "style", path)
    for style in styles:
        if style not in STYLES:
            check.problem(
                check.field_line(block, "style"),
                _join(path, "style"),
                f"{style!r} is not a style; expected one of: {', '.join(STYLES)}",
            )
    lists = {
        key: check.id_list(block, key, path)
        for key in ("matched", "matched_any", "missing", "violations")
    }
    for key, ids in lists.items():
        for pid in ids:
            if pid not in known:
                check.problem(
                    check.field_line(block, key),
                    _join(path, key),
                    f"{pid!r} is not a known pattern id",
                )
            elif key == "violations" and known[pid].kind != "anti":
                check.problem(
                    check.field_line(block, key),
                    _join(path, key),
                    f"{pid!r} is not an anti-pattern (kind: anti)",
                )
    flags = {}
    for key in ("violation", "severe"):
        value = block.get(key)
        if value is not None and not isinstance(value, bool):
            check.problem(
                check.field_line(block, key),
                _join(path, key),
                f"expected yes or no (true/false), got {_describe(value)}",
            )
            value = None
        flags[key] = value
    bounds = {}
    for key in ("min_total", "max_total"):
        bounds[key] = check.integer(block, key, path, 0, 100, default=-1)
        if bounds[key] == -1:
            bounds[key] = None
    return Condition(
        styles,
        bounds["min_total"],
        bounds["max_total"],
        lists["matched"],
        lists["matched_any"],
        lists["missing"],
        flags["violation"],
        lists["violations"],
        flags["severe"],
    )


def _read_example(check: _Checker, item: Any, path: str, line: int) -> Example | None:
    data = check.mapping(item, path, line, ("lang", "style", "text", "min_total", "max_total"))
    if data is None:
        return None
    lang = check.string(data, "lang", path, choices=check.languages)
    style = check.string(data, "style", path, choices=STYLES)
    text = check.string(data, "text", path)
    low = check.integer(data, "min_total", path, 0, 100, default=-1)
    high = check.integer(data, "max_total", path, 0, 100, default=-1)
    if lang is None or style is None or text is None:
        return None
    return Example(
        lang, text, style, None if low == -1 else low, None if high == -1 else high, line
    )


def _read_outcome(check: _Checker, item: Any, path: str, line: int) -> Outcome | None:
    data = check.mapping(item, path, line, ("id", "client", "rating", "result"))
    if data is None:
        return None
    outcome_id = check.string(data, "id", path, pattern=_SLUG)
    client = check.text(data, "client", path)
    result = check.string(data, "result", path, choices=("deal", "lost", "neutral"))
    rating = data.get("rating")
    if (
        not isinstance(rating, list)
        or len(rating) != 2
        or not all(isinstance(r, int) and not isinstance(r, bool) and 1 <= r <= 10 for r in rating)
        or rating[0] > rating[1]
    ):
        check.problem(
            check.field_line(data, "rating"),
            _join(path, "rating"),
            "expected [lowest, highest]: the client's 1-10 'would you recommend us' "
            "for the weakest and the best dialogue, e.g. [7, 10]",
        )
        rating = [1, 10]
    if outcome_id is None or result is None:
        return None
    return Outcome(outcome_id, client, (rating[0], rating[1]), result, line)


def _check_graph(check: _Checker, root: _Map, steps: list[Step], outcomes: list[Outcome]) -> None:
    step_ids = [s.id for s in steps]
    outcome_ids = {o.id for o in outcomes}
    for kind, ids in (("step", step_ids), ("outcome", [o.id for o in outcomes])):
        for dup in {i for i in ids if ids.count(i) > 1}:
            check.problem(root.line, f"{kind}s", f"the {kind} id {dup!r} is used twice")
    for step in steps:
        for t in step.transitions:
            if t.goto is not None and t.goto not in step_ids:
                check.problem(
                    t.line,
                    f"steps.{step.id}.transitions.goto",
                    f"{t.goto!r} is not a step of this case; expected one of: "
                    f"{', '.join(step_ids)}",
                )
            if t.end is not None and t.end not in outcome_ids:
                check.problem(
                    t.line,
                    f"steps.{step.id}.transitions.end",
                    f"{t.end!r} is not an outcome of this case; expected one of: "
                    f"{', '.join(sorted(outcome_ids))}",
                )
    if not steps:
        return
    reached = {steps[0].id}
    frontier = [steps[0]]
    by_id = {s.id: s for s in steps}
    while frontier:
        for t in frontier.pop().transitions:
            if t.goto in by_id and t.goto not in reached:
                reached.add(t.goto)
                frontier.append(by_id[t.goto])
    for step in steps:
        if step.id not in reached:
            check.problem(
                step.line,
                f"steps.{step.id}",
                "no transition leads to this step; add a 'goto' to it or remove it",
            )


def case_files(folder: Path) -> list[Path]:
    """The case files of a folder: every *.yaml except the library."""
    return sorted(p for p in folder.glob("*.yaml") if p.name != LIBRARY_FILE)


def load_folder(folder: Path) -> tuple[Library, dict[str, Case]]:
    """Load the library and every case of a folder; raises CaseFileError listing all problems."""
    if not folder.is_dir():
        raise CaseFileError([Problem(str(folder), 0, "", "the scenarios folder does not exist")])
    library = load_library(folder / LIBRARY_FILE)
    cases: dict[str, Case] = {}
    problems: list[Problem] = []
    for path in case_files(folder):
        try:
            case = load_case(path, library)
        except CaseFileError as exc:
            problems.extend(exc.problems)
            continue
        cases[case.id] = case
    if problems:
        raise CaseFileError(problems)
    if not cases:
        raise CaseFileError([Problem(str(folder), 0, "", "the folder has no case files (*.yaml)")])
    return library, cases
