"""Read YAML files safely, keeping the line of every value, and report problems in words a
trainer understands: file:line: field: message.

The same reader serves case files, the pattern library, tracks and the bot's config; a
thin adapter turns pydantic's error locations into YAML lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

M = TypeVar("M", bound=BaseModel)
_CUSTOM = "salesbot_problem"  # the error type of `problem()`

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 200_000  # anchors and aliases may not expand a file beyond this many values
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


def problem(message: str, *, at: str = "") -> PydanticCustomError:
    """An error for a validator to raise: `message` as is, reported at the validated field
    or, with `at` ("webhook.url"), at a field below it (cross-field rules)."""
    return PydanticCustomError(_CUSTOM, "{message}", {"message": message, "at": at})


def validate(
    model: type[M], data: Any, file: str, *, messages: Mapping[str, str] | None = None
) -> M:
    """`model(**data)`, or CaseFileError listing every problem with its line and field.

    `messages` give fields their own words ("telegram.mode": "expected polling or
    webhook"): the longest dotted prefix of an error's field with an entry wins."""
    try:
        return model(**data)
    except ValidationError as error:
        raise CaseFileError(problems_from(error, data, file, model, messages=messages)) from None


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


# ---------------------------------------------------------------- pydantic errors -> lines


def line_at(data: Any, loc: tuple[Any, ...]) -> int:
    """The YAML line of the value at a pydantic error location (or of its nearest parent)."""
    line = getattr(data, "line", 0) or 1
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            line = node.key_lines.get(part, line) if hasattr(node, "key_lines") else line
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            lines = getattr(node, "item_lines", None)
            line = lines[part] if lines else line
            node = node[part]
        else:
            break
    return line


def field_path(loc: tuple[Any, ...]) -> str:
    """One path style for every message: steps[2].expects[1].about.ru[3] (counting from 1)."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part + 1}]"
        elif part in ("function-after", "function-before", "function-plain") or (
            isinstance(part, str) and "[" in part
        ):
            continue
        else:
            path += f".{part}" if path else str(part)
    return path


def describe(value: Any) -> str:
    """A value as a trainer would name it, for "expected ..., got ..." messages."""
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


def _allowed_fields(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """The field names a pydantic model accepts at `loc` (for "unknown field" messages)."""
    import typing

    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _inner_model(fields[part].annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None) or {}
    _ = typing  # keeps the import local: only error paths need it
    return [f.alias or name for name, f in fields.items()]


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside list[...], X | None, dict[str, X], if any."""
    import typing

    if hasattr(annotation, "model_fields"):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _own_words(messages: Mapping[str, str], loc: tuple[Any, ...]) -> str | None:
    names = [
        p for p in loc if isinstance(p, str) and "[" not in p and not p.startswith("function-")
    ]
    for end in range(len(names), 0, -1):
        own = messages.get(".".join(names[:end]))
        if own is not None:
            return own
    return None


def problems_from(
    error: Any,
    data: Any,
    file: str,
    model: Any = None,
    prefix: tuple[Any, ...] = (),
    messages: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Turn a pydantic ValidationError into Problems with lines and plain messages.

    `data` is the file's raw data; `prefix` is where the validated value sits in it;
    `messages` are fields' own words (see `validate`)."""
    problems: list[Problem] = []
    seen: set[tuple[int, str, str]] = set()
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        value = item.get("input")
        ctx = item.get("ctx") or {}
        own = _own_words(messages, loc) if messages else None
        if kind == _CUSTOM:
            message = str(ctx["message"])
            if ctx.get("at"):
                loc = (*loc, *str(ctx["at"]).split("."))
        elif kind == "missing":
            message = "this field is required"
        elif kind == "extra_forbidden":
            allowed = _allowed_fields(model, loc) if model is not None else []
            message = "unknown field" + (
                f"; expected one of: {', '.join(allowed)}" if allowed else "; check the spelling"
            )
        elif own is not None:
            message = own
        elif kind in ("literal_error", "enum"):
            message = (
                f"{describe(value)} is not allowed; expected one of: {ctx.get('expected', '')}"
            )
            message = message.replace("'", "").replace(" or ", ", ")
        elif kind in ("int_type", "int_parsing", "int_from_float"):
            message = f"expected a whole number, got {describe(value)}"
        elif kind in ("float_type", "float_parsing"):
            message = f"expected a number, got {describe(value)}"
        elif kind in ("string_type",):
            message = f"expected text, got {describe(value)}"
        elif kind in ("string_too_short",):
            message = "the text is empty"
        elif kind in ("list_type", "tuple_type"):
            message = f"expected a list, got {describe(value)}"
        elif kind in ("dict_type", "model_type", "model_attributes_type"):
            message = f"expected a block of fields, got {describe(value)}"
        elif kind in ("bool_type", "bool_parsing"):
            message = f"expected yes or no (true/false), got {describe(value)}"
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            bound = next(iter(ctx.values()), "")
            words = {
                "greater_than_equal": "at least",
                "less_than_equal": "at most",
                "greater_than": "above",
                "less_than": "below",
            }[kind]
            message = f"expected a number {words} {bound}, got {describe(value)}"
        elif kind == "too_short":
            found = ctx.get("actual_length")
            message = f"expected at least {ctx.get('min_length')} entries, found {found}"
        elif kind == "too_long":
            found = ctx.get("actual_length")
            message = f"expected at most {ctx.get('max_length')} entries, found {found}"
        elif kind == "value_error":
            message = str(ctx.get("error", item["msg"])).removeprefix("Value error, ")
        elif kind == "assertion_error":
            message = item["msg"].removeprefix("Assertion failed, ")
        else:
            message = item["msg"]
        if kind == "missing" and loc:
            line = line_at(data, prefix + loc[:-1])
        else:
            line = line_at(data, prefix + loc)
        path = field_path(prefix + loc)
        key = (line, path, message)
        if key not in seen:
            seen.add(key)
            problems.append(Problem(file, line, path, message))
    return sorted(problems, key=lambda p: p.line)
