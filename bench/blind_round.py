"""A new round of blind writers (docs/labelling.md): the brief they write from, and a check of
what they hand back.

    python bench/blind_round.py brief > brief.md              # what each writer may read
    python bench/blind_round.py check out_XX.jsonl            # the guide's format, all steps
    python bench/blind_round.py prefix XX out_XX.jsonl > XX.jsonl   # ids A-0001 -> XX-0001

The brief holds only what a writer may see: each case's description (what the employee knows),
the client and every step's client lines; never the patterns, the hints or the examples, so
that the writers stay blind to how answers are scored. Score a round once with the scorer as
it stands before reading any of it (bench/judgement.py --file), and choose the writers held
back for the test part before reading too.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from salesbot.engine import load_casebook  # noqa: E402
from salesbot.paths import bundled_scenarios  # noqa: E402

FIELDS = ("id", "case", "step", "lang", "text", "style", "grade", "tricky", "note")
STYLES = ("situational", "customer", "product", "none")
TRICKY = (
    "negation invented_fact rude_after_good keyword_list sarcasm copy_client padding "
    "wrong_language false_guarantee capitulation blame_reworded must no_predicate "
    "but_after_ack tricky_good"
).split()


def brief(book) -> str:
    """The cases as a writer may read them, in Markdown."""
    out: list[str] = []
    for case in sorted(book.cases.values(), key=lambda c: c.id):
        persona = case.persona
        out += [
            f"# CASE `{case.id}`: {case.title.get('en', '')} / {case.title.get('ru', '')}",
            "",
            f"Languages: {', '.join(case.languages)}. Client type: {case.client_type}. "
            f"Client: {persona.name.get('en', '')} ({persona.role.get('en', '')}), "
            f"mood: {persona.mood}.",
            "",
        ]
        for lang in ("en", "ru"):
            if case.description.get(lang):
                out += [f"Brief ({lang}): {case.description[lang].strip()}", ""]
        out.append("Steps (the client's line the employee answers; variants are alternatives):")
        for step in case.steps:
            out += ["", f"## step `{step.id}`"]
            for lang in ("ru", "en"):
                out += [f"- [{lang}] {line.strip()}" for line in step.client.get(lang, ())]
        out.append("")
    return "\n".join(out)


def check(book, path: Path) -> list[str]:
    """What in a writer's file breaks the guide's format (§3, §7) or leaves a step uncovered."""
    steps = {case.id: {s.id for s in case.steps} for case in book.cases.values()}
    problems: list[str] = []
    rows: list[dict] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"line {n}: not JSON ({error})")
            continue
        rows.append(row)
        if tuple(sorted(row)) != tuple(sorted(FIELDS)):
            problems.append(f"line {n}: the fields are {sorted(row)}")
        if row.get("id") != f"A-{len(rows):04d}":
            problems.append(f"line {n}: id {row.get('id')!r}, expected A-{len(rows):04d}")
        if row.get("step") not in steps.get(row.get("case"), ()):
            problems.append(f"line {n}: no step {row.get('case')}/{row.get('step')}")
        if row.get("lang") not in ("ru", "en", "other"):
            problems.append(f"line {n}: lang {row.get('lang')!r}")
        if row.get("style") not in STYLES or row.get("grade") not in (0, 1, 2, 3):
            problems.append(f"line {n}: style {row.get('style')!r}, grade {row.get('grade')!r}")
        elif (row["grade"] >= 2) != (row["style"] == "situational"):
            problems.append(f"line {n}: grades 2-3 are situational answers only (§3)")
        if row.get("tricky") is not None and row.get("tricky") not in TRICKY:
            problems.append(f"line {n}: tricky {row.get('tricky')!r}")
        if not str(row.get("text", "")).strip():
            problems.append(f"line {n}: empty text")
    repeated = [t for t, k in Counter(r.get("text") for r in rows).items() if k > 1]
    if repeated:
        problems.append(f"{len(repeated)} texts appear more than once")
    covered = {(r.get("case"), r.get("step")) for r in rows}
    missing = sorted(f"{c}/{s}" for c, ids in steps.items() for s in ids if (c, s) not in covered)
    if missing:
        problems.append("steps with no answer: " + ", ".join(missing))
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("brief", help="print the writers' brief (Markdown)")
    checking = commands.add_parser("check", help="check a writer's JSONL file")
    checking.add_argument("file", type=Path)
    prefixing = commands.add_parser("prefix", help="print the file with the writer's id prefix")
    prefixing.add_argument("writer")
    prefixing.add_argument("file", type=Path)
    args = parser.parse_args()
    book = load_casebook(bundled_scenarios())
    if args.command == "brief":
        print(brief(book))
    elif args.command == "check":
        problems = check(book, args.file)
        print("\n".join(problems) if problems else "OK")
        sys.exit(1 if problems else 0)
    else:
        for line in args.file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row["id"] = args.writer + row["id"][1:]
                print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
