"""Load and validate case files and the pattern library.

Every problem names the file, the line and the field, and says what is expected, so a
trainer who is not a programmer can fix a case from the message alone. Validation reports
every problem in a file in one run: the shape of each value (schema.py), then what spans
the file (references between steps, outcomes, patterns and expectations).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .model import (
    Bounds,
    Branch,
    Case,
    Condition,
    Days,
    Duration,
    Example,
    Expectation,
    Hours,
    Library,
    Outcome,
    Pattern,
    Persona,
    Step,
    Value,
)
from .schema import (
    FORMAT_VERSION,
    WEEKDAYS,
    CaseHeadSchema,
    CaseSchema,
    LibrarySchema,
    OutcomeSchema,
    PatternSchema,
    StepSchema,
    parse_clock,
    parse_duration,
    parse_value,
    parse_window,
)
from .yamlfile import (
    CaseFileError,
    Problem,
    describe,
    field_path,
    line_at,
    problems_from,
    read_yaml,
)

LIBRARY_FILE = "library.yaml"
# How many answers that do not move things on each client type puts up with: a buyer who
# wants and can buy is busy; one who wants but cannot is patient; one who does not want to
# buy gives up soonest.
PATIENCE = {"wants_and_can": 3, "wants_but_cannot": 4, "can_but_does_not_want": 2, "neither": 2}
# Violations the scorer derives itself; branches may name them.
DERIVED_VIOLATIONS = (
    "speech.but_after_ack",
    "evasive_praise",
    "keyword_stuffing",
    "invented_fact",
    "capitulation",
    "copy_of_client",
)
_EARLIEST = {"today": 0, "tomorrow": 1, "day after tomorrow": 2}


class _Problems:
    """Collects cross-field problems for one file, with lines looked up in the raw data."""

    def __init__(self, file: str, data: Any):
        self.file = file
        self.data = data
        self.items: list[Problem] = []

    def add(self, loc: tuple[Any, ...], message: str) -> None:
        self.items.append(Problem(self.file, line_at(self.data, loc), field_path(loc), message))


def _format_problem(data: Any, file: str, what: str) -> list[Problem]:
    if not isinstance(data, dict):
        return [
            Problem(
                file,
                getattr(data, "line", 1),
                "",
                f"expected a block of fields, got {describe(data)}",
            )
        ]
    fmt = data.get("format")
    if fmt != FORMAT_VERSION:
        hint = "; format 1 files must be converted, see docs/case-format.md" if fmt == 1 else ""
        return [
            Problem(
                file,
                line_at(data, ("format",)),
                "format",
                f"expected 'format: {FORMAT_VERSION}' (the {what} format version), got "
                f"{describe(fmt)}{hint}",
            )
        ]
    return []


def _tuple_variants(value: dict[str, list[str]] | None) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(v.strip() for v in lines) for lang, lines in (value or {}).items()}


def _tuple_phrases(value: dict[str, list[str]] | None) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(lines) for lang, lines in (value or {}).items()}


def _pattern(schema: PatternSchema) -> Pattern:
    return Pattern(
        schema.id,
        schema.kind,
        schema.family,
        _tuple_phrases(schema.phrases),
        float(schema.weight),
        schema.severity if schema.kind == "anti" else None,
        dict(schema.tip or {}),
        dict(schema.title or {}),
    )


def load_library(path: Path) -> Library:
    """Read the shared pattern library; raises CaseFileError listing every problem."""
    name = str(path)
    data = read_yaml(path)
    problems = _format_problem(data, name, "library")
    try:
        schema = LibrarySchema.model_validate(data)
    except ValidationError as exc:
        problems += [
            p for p in problems_from(exc, data, name, LibrarySchema) if p.field != "format"
        ]
        raise CaseFileError(problems) from None
    if problems:
        raise CaseFileError(problems)
    check = _Problems(name, data)
    seen: set[str] = set()
    for i, pattern in enumerate(schema.patterns):
        if pattern.id in seen:
            check.add(("patterns", i, "id"), f"the pattern id {pattern.id!r} is used twice")
        seen.add(pattern.id)
        if pattern.kind == "anti" and not pattern.tip:
            check.add(("patterns", i), "an anti-pattern needs a tip: what to do instead")
    if check.items:
        raise CaseFileError(check.items)
    return Library(
        schema.version,
        tuple(_pattern(p) for p in schema.patterns),
        {k: dict(v) for k, v in schema.tips.items()},
        {k: _tuple_variants(v) for k, v in schema.reactions.items()},
        name,
    )


def load_case(path: Path, library: Library) -> Case:
    """Read and validate one case file against the library; raises CaseFileError listing
    every problem of the file at once."""
    name = str(path)
    data = read_yaml(path)
    problems = _format_problem(data, name, "case")
    if problems and not isinstance(data, dict):
        raise CaseFileError(problems)
    schema = _validated(CaseHeadSchema, data, (), name, data, problems)
    # Each step, outcome and pattern on its own: a broken one doesn't hide the others.
    items: dict[str, list[Any]] = {}
    for key, model in (
        ("patterns", PatternSchema),
        ("steps", StepSchema),
        ("outcomes", OutcomeSchema),
    ):
        raw = data.get(key) if isinstance(data.get(key), list) else []
        items[key] = [
            _validated(model, item, (key, i), name, data, problems) for i, item in enumerate(raw)
        ]
    if schema is None or any(x is None for xs in items.values() for x in xs):
        # Cross-checks still run on what is valid, with the ids of what is not.
        check = _Problems(name, data)
        _check_raw_references(check, data, library)
        problems += [p for p in check.items if p not in problems]
        raise CaseFileError(problems)
    case = CaseSchema.model_validate(
        {**schema.model_dump(by_alias=True, exclude={"patterns", "steps", "outcomes"}),
         "patterns": items["patterns"], "steps": items["steps"], "outcomes": items["outcomes"]}
    )  # fmt: skip
    check = _Problems(name, data)
    _check_case(check, case, library, path)
    if problems or check.items:
        raise CaseFileError(problems + check.items)
    return _build_case(case, library, path)


def _validated(
    model: Any, value: Any, loc: tuple[Any, ...], name: str, data: Any, problems: list[Problem]
) -> Any:
    """The value validated by `model`, or None with its problems added (lines from `data`)."""
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        for problem in problems_from(exc, data, name, model, loc):
            if problem.field == "format" and any(p.field == "format" for p in problems):
                continue
            problems.append(problem)
        return None


def _check_raw_references(check: _Problems, data: Any, library: Library) -> None:
    """The references between steps and outcomes, and to patterns, checked on the raw file
    when some part of it is invalid: a "goto: detials" typo is reported in the same run."""

    def items(value: Any) -> list[Any]:  # a broken file may hold anything where a list goes
        return value if isinstance(value, list) else []

    steps = [s for s in items(data.get("steps")) if isinstance(s, dict)]
    outcomes = [o for o in items(data.get("outcomes")) if isinstance(o, dict)]
    step_ids = [s.get("id") for s in steps if isinstance(s.get("id"), str)]
    outcome_ids = [o.get("id") for o in outcomes if isinstance(o.get("id"), str)]
    pattern_ids = {p.id for p in library.patterns} | {
        p.get("id") for p in items(data.get("patterns")) if isinstance(p, dict)
    }
    for i, step in enumerate(items(data.get("steps"))):
        if not isinstance(step, dict):
            continue
        for key, known, what in (("next", step_ids, "step"), ("end", outcome_ids, "outcome")):
            target = step.get(key)
            if isinstance(target, str) and target not in known:
                check.add(
                    ("steps", i, key),
                    f"{target!r} is not a {what}; expected one of: {', '.join(known)}",
                )
        for j, expectation in enumerate(items(step.get("expects"))):
            if not isinstance(expectation, dict):
                continue
            for k, pattern_id in enumerate(items(expectation.get("patterns"))):
                if isinstance(pattern_id, str) and pattern_id not in pattern_ids:
                    check.add(
                        ("steps", i, "expects", j, "patterns", k),
                        f"{pattern_id!r} is not a pattern of the library or the case",
                    )
        for j, branch in enumerate(items(step.get("branches"))):
            if not isinstance(branch, dict):
                continue
            for key, known, what in (("goto", step_ids, "step"), ("end", outcome_ids, "outcome")):
                target = branch.get(key)
                if isinstance(target, str) and target not in known:
                    check.add(
                        ("steps", i, "branches", j, key),
                        f"{target!r} is not a {what}; expected one of: {', '.join(known)}",
                    )


def _check_languages(
    check: _Problems, value: Any, loc: tuple[Any, ...], languages: list[str]
) -> None:
    if value is None:
        return
    for lang in languages:
        if lang not in value:
            check.add(
                loc, f"the text in {lang!r} is missing (the case is in {' and '.join(languages)})"
            )


def _check_case(check: _Problems, case: CaseSchema, library: Library, path: Path) -> None:
    langs = list(case.languages)
    if path.stem != case.id:
        check.add(
            ("id",), f"the id {case.id!r} differs from the file name; name the file {case.id}.yaml"
        )
    for field in ("title", "description"):
        _check_languages(check, getattr(case, field), (field,), langs)
    _check_languages(check, case.persona.name, ("persona", "name"), langs)
    _check_languages(check, case.persona.role, ("persona", "role"), langs)

    known = {p.id: p for p in library.patterns}
    for i, pattern in enumerate(case.patterns):
        if pattern.id in known:
            check.add(
                ("patterns", i, "id"), f"{pattern.id!r} is already a pattern; choose another id"
            )
        known[pattern.id] = _pattern(pattern)
        if pattern.kind == "anti" and not pattern.tip:
            check.add(("patterns", i), "an anti-pattern needs a tip: what to do instead")
    step_ids = [s.id for s in case.steps]
    outcome_ids = [o.id for o in case.outcomes]
    for i, step_id in enumerate(step_ids):
        if step_ids.index(step_id) != i:
            check.add(("steps", i, "id"), f"the step id {step_id!r} is used twice")
    for i, outcome_id in enumerate(outcome_ids):
        if outcome_ids.index(outcome_id) != i:
            check.add(("outcomes", i, "id"), f"the outcome id {outcome_id!r} is used twice")
        if outcome_id in step_ids:
            check.add(("outcomes", i, "id"), f"{outcome_id!r} is also a step id; choose another")
    kinds = [o.kind for o in case.outcomes]
    if kinds.count("best") != 1:
        check.add(
            ("outcomes",),
            f"expected exactly one outcome with 'kind: best', found {kinds.count('best')}",
        )
    if "lost" not in kinds:
        check.add(("outcomes",), "expected an outcome with 'kind: lost' (the client gives up)")
    for i, outcome in enumerate(case.outcomes):
        _check_languages(check, outcome.title, ("outcomes", i, "title"), langs)
        _check_languages(check, outcome.client, ("outcomes", i, "client"), langs)
    if case.fallback is not None and case.fallback not in outcome_ids:
        check.add(
            ("fallback",),
            f"{case.fallback!r} is not an outcome; expected one of: {', '.join(outcome_ids)}",
        )
    for i, step in enumerate(case.steps):
        _check_step(check, step, ("steps", i), langs, known, step_ids, outcome_ids)
    named: list[tuple[tuple[Any, ...], list[str]]] = [
        (("bounds", "values", i, "steps"), value.steps)
        for i, value in enumerate(case.bounds.values)
    ]
    named += [(("bounds", "hours", i, "steps"), h.steps) for i, h in enumerate(case.bounds.hours)]
    if case.bounds.earliest is not None:
        named.append((("bounds", "earliest", "steps"), case.bounds.earliest.steps))
    for loc, listed in named:
        for step_id in listed:
            if step_id not in step_ids:
                check.add(loc, f"{step_id!r} is not a step; expected one of: {', '.join(step_ids)}")
    _check_reachable(check, case)


def _target(
    check: _Problems,
    loc: tuple[Any, ...],
    goto: str | None,
    end: str | None,
    steps: list[str],
    outcomes: list[str],
) -> None:
    if goto is not None and goto not in steps:
        check.add(
            (*loc, "goto" if loc[-1] != "next" else "next"),
            f"{goto!r} is not a step; expected one of: {', '.join(steps)}",
        )
    if end is not None and end not in outcomes:
        check.add(
            (*loc, "end"), f"{end!r} is not an outcome; expected one of: {', '.join(outcomes)}"
        )


def _check_step(
    check: _Problems,
    step: StepSchema,
    loc: tuple[Any, ...],
    langs: list[str],
    known: dict[str, Pattern],
    steps: list[str],
    outcomes: list[str],
) -> None:
    _check_languages(check, step.client, (*loc, "client"), langs)
    _check_languages(check, step.hint, (*loc, "hint"), langs)
    _check_languages(check, step.say, (*loc, "say"), langs)
    if (step.next is None) == (step.end is None):
        check.add(
            loc,
            "a step needs either 'next: <step>' or 'end: <outcome>' (where a complete answer "
            "leads), not both",
        )
    if step.next is not None and step.next not in steps:
        check.add(
            (*loc, "next"), f"{step.next!r} is not a step; expected one of: {', '.join(steps)}"
        )
    if step.end is not None and step.end not in outcomes:
        check.add(
            (*loc, "end"), f"{step.end!r} is not an outcome; expected one of: {', '.join(outcomes)}"
        )
    expectation_ids = [e.id for e in step.expects]
    if step.need is not None and step.need > len(step.expects):
        check.add(
            (*loc, "need"),
            f"need is {step.need}, but the step lists only {len(step.expects)} expectations",
        )
    for j, expectation in enumerate(step.expects):
        eloc = (*loc, "expects", j)
        if expectation_ids.index(expectation.id) != j:
            check.add(
                (*eloc, "id"), f"the expectation id {expectation.id!r} is used twice in this step"
            )
        if not expectation.about and not expectation.patterns and not expectation.items:
            check.add(
                eloc,
                "give 'about' (phrases naming the subject), 'patterns' (pattern ids)"
                " or 'items' (the things a complete answer names)",
            )
        if expectation.value is not None and not expectation.about and not expectation.alone:
            check.add(
                (*eloc, "value"),
                "'value' needs 'about' (the subject the value belongs to) or 'alone: true'",
            )
        for k, pattern_id in enumerate(expectation.patterns):
            if pattern_id not in known:
                check.add(
                    (*eloc, "patterns", k),
                    f"{pattern_id!r} is not a pattern of the library or the case",
                )
        _check_languages(check, expectation.name, (*eloc, "name"), langs)
        _check_languages(check, expectation.ask, (*eloc, "ask"), langs)
        if expectation.about:
            _check_languages(check, expectation.about, (*eloc, "about"), langs)
        if expectation.items:
            _check_languages(check, expectation.items, (*eloc, "items"), langs)
            for lang, phrases in expectation.items.items():
                if len(phrases) < expectation.min_items:
                    check.add(
                        (*eloc, "items", lang),
                        f"{len(phrases)} items, fewer than min_items ({expectation.min_items})",
                    )
    for j, branch in enumerate(step.branches):
        bloc = (*loc, "branches", j)
        targets = sum(1 for t in (branch.goto, branch.end) if t is not None) + branch.stay
        if targets != 1:
            check.add(
                bloc,
                "a branch needs exactly one of 'goto: <step>', 'end: <outcome>' or 'stay: true'",
            )
        _target(check, bloc, branch.goto, branch.end, steps, outcomes)
        _check_languages(check, branch.say, (*bloc, "say"), langs)
        when = branch.when
        for field in ("matched", "matched_any", "missing"):
            for k, pattern_id in enumerate(getattr(when, field)):
                if pattern_id not in known:
                    check.add(
                        (*bloc, "when", field, k),
                        f"{pattern_id!r} is not a pattern of the library or the case",
                    )
        for field in ("met", "unmet"):
            for k, eid in enumerate(getattr(when, field)):
                if eid not in expectation_ids:
                    check.add(
                        (*bloc, "when", field, k),
                        f"{eid!r} is not an expectation of this step; expected one of: "
                        f"{', '.join(expectation_ids)}",
                    )
        for k, vid in enumerate(when.violations):
            if vid not in known and vid not in DERIVED_VIOLATIONS:
                check.add(
                    (*bloc, "when", "violations", k),
                    f"{vid!r} is not an anti-pattern or a violation the scorer derives",
                )
    for kind, variants in step.reactions.items():
        _check_languages(check, variants, (*loc, "reactions", kind), langs)
    for j, example in enumerate(step.examples):
        if example.lang not in langs:
            check.add(
                (*loc, "examples", j, "lang"), f"{example.lang!r} is not a language of this case"
            )


def _check_reachable(check: _Problems, case: CaseSchema) -> None:
    """Every step is reachable from the first one."""
    steps = {s.id: s for s in case.steps}
    seen = {case.steps[0].id}
    todo = [case.steps[0].id]
    while todo:
        step = steps.get(todo.pop())
        if step is None:
            continue
        for target in [step.next, *(b.goto for b in step.branches)]:
            if target is not None and target not in seen and target in steps:
                seen.add(target)
                todo.append(target)
    for i, step in enumerate(case.steps):
        if step.id not in seen:
            check.add(
                ("steps", i, "id"),
                f"no step leads to {step.id!r}; add it as a 'next' or a branch's 'goto', or "
                "remove it",
            )


def _condition(when: Any) -> Condition:
    return Condition(
        tuple(when.style),
        when.min_total,
        when.max_total,
        tuple(when.matched),
        tuple(when.matched_any),
        tuple(when.missing),
        tuple(when.met),
        tuple(when.unmet),
        when.violation,
        tuple(when.violations),
        when.severe,
        tuple(when.reaction),
    )


def _build_case(schema: CaseSchema, library: Library, path: Path) -> Case:
    steps = []
    for step in schema.steps:
        expects = tuple(
            Expectation(
                e.id,
                dict(e.name),
                _tuple_phrases(e.about),
                e.value,
                tuple(e.patterns),
                _tuple_variants(e.ask),
                e.required or (step.need is None),
                e.alone,
                e.inventory,
                _tuple_phrases(e.items),
                e.min_items,
            )
            for e in step.expects
        )
        branches = tuple(
            Branch(_condition(b.when), b.goto, b.end, b.stay, _tuple_variants(b.say))
            for b in step.branches
        )
        examples = tuple(
            Example(x.lang, x.text, x.style, x.min_total, x.max_total) for x in step.examples
        )
        steps.append(
            Step(
                id=step.id,
                client=_tuple_variants(step.client),
                ideal=step.ideal,
                expects=expects,
                need=step.need or len(expects),
                hint=dict(step.hint),
                next=step.next,
                end=step.end,
                say=_tuple_variants(step.say),
                branches=branches,
                reactions={k: _tuple_variants(v) for k, v in step.reactions.items()},
                topic=_tuple_phrases(step.topic),
                examples=examples,
                rejects=tuple(step.rejects),
            )
        )
    outcomes = tuple(
        Outcome(o.id, o.kind, dict(o.title), _tuple_variants(o.client), (o.rating[0], o.rating[1]))
        for o in schema.outcomes
    )
    fallback = schema.fallback or next(
        (o.id for o in outcomes if o.kind == "fair"),
        next(o.id for o in outcomes if o.kind == "lost"),
    )
    bounds = schema.bounds
    earliest = bounds.earliest
    result_bounds = Bounds(
        bounds.max_discount,
        _EARLIEST[earliest.day] if earliest else None,
        _tuple_phrases(earliest.about) if earliest else {},
        tuple(
            Duration(_tuple_phrases(d.about), parse_duration(d.at_least)) for d in bounds.durations
        ),
        tuple(
            Hours(
                _tuple_phrases(h.about),
                parse_clock(h.from_),
                parse_clock(h.to),
                tuple(parse_window(w) for w in h.windows),
                tuple(h.steps),
                h.parts,
            )
            for h in bounds.hours
        ),
        tuple(
            Value(
                _tuple_phrases(v.about),
                v.kind,
                tuple(parse_value(v.kind, a) for a in v.allowed or ()),
                None if v.at_most is None else parse_value(v.kind, v.at_most),
                tuple(v.steps),
            )
            for v in bounds.values
        ),
        tuple(earliest.steps) if earliest else (),
        tuple(
            Days(_tuple_phrases(d.about), frozenset(WEEKDAYS.index(day) for day in d.allowed))
            for d in bounds.days
        ),
        None if bounds.today is None else WEEKDAYS.index(bounds.today),
    )
    patience = schema.patience or max(
        1, PATIENCE[schema.client_type] - (schema.persona.mood == "angry")
    )
    return Case(
        id=schema.id,
        version=schema.version,
        title=dict(schema.title),
        description=dict(schema.description),
        difficulty=schema.difficulty,
        client_type=schema.client_type,
        languages=tuple(schema.languages),
        persona=Persona(dict(schema.persona.name), dict(schema.persona.role), schema.persona.mood),
        topic=_tuple_phrases(schema.topic),
        patterns=tuple(_pattern(p) for p in schema.patterns),
        steps=tuple(steps),
        outcomes=outcomes,
        fallback=fallback,
        max_turns=schema.max_turns or 3 * len(steps) + 3,
        patience=patience,
        bounds=result_bounds,
        source=path,
    )


def case_files(folder: Path) -> list[Path]:
    """The case files of a folder: every .yaml but the library, in name order."""
    return sorted(p for p in folder.glob("*.yaml") if p.name != LIBRARY_FILE)


def load_folder(folder: Path) -> tuple[Library, dict[str, Case]]:
    """Load the library and every case of a folder; raises CaseFileError with every problem
    of every file."""
    problems: list[Problem] = []
    library_path = folder / LIBRARY_FILE
    try:
        library = load_library(library_path)
    except CaseFileError as exc:
        raise CaseFileError(exc.problems) from None
    cases: dict[str, Case] = {}
    for path in case_files(folder):
        try:
            case = load_case(path, library)
        except CaseFileError as exc:
            problems.extend(exc.problems)
            continue
        if case.id in cases:
            problems.append(
                Problem(str(path), 1, "id", f"the case id {case.id!r} is used by another file")
            )
            continue
        cases[case.id] = case
    if problems:
        raise CaseFileError(problems)
    if not cases:
        raise CaseFileError([Problem(str(folder), 0, "", "no case files (*.yaml) in this folder")])
    return library, cases


__all__ = [
    "LIBRARY_FILE",
    "CaseFileError",
    "Problem",
    "case_files",
    "load_case",
    "load_folder",
    "load_library",
]
