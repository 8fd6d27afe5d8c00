"""The scorer against the blind labelled corpus: style accuracy, Spearman(total, grade),
accuracy on tricky answers, and whether every grade-3 answer outscores every grade-0 one.

    python bench/judgement.py dev            # the part you may look at and tune on
    python bench/judgement.py dev --errors   # ... with every disagreement
    python bench/judgement.py test           # the untouched part: report only, never tune
    python bench/judgement.py dev --rules-only   # without the learned second opinion
    python bench/judgement.py dev --file new.jsonl   # a fresh batch, scored once on its own

The corpus (tests/data/blind/) was written and labelled by experts who never saw the
patterns, the scorer or its tests; see docs/labelling.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from salesbot.engine import load_casebook  # noqa: E402
from salesbot.engine.scoring import Scorer  # noqa: E402

DATA = ROOT / "tests" / "data" / "blind"


def rows(part: str | Path) -> list[dict]:
    path = part if isinstance(part, Path) else DATA / f"{part}.jsonl"
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(xs: list[float], ys: list[float]) -> float:
    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def evaluate(part: str, book=None, rules_only: bool = False) -> dict:
    """Score every answer of a part and return the figures and the scored rows;
    `rules_only` leaves out the learned second opinion (salesbot/engine/opinion.py)."""
    book = book or load_casebook(ROOT / "scenarios")
    scorer = Scorer(book.library, book.cases.values(), opinion=None) if rules_only else book.scorer
    data = rows(part)
    scored = []
    for row in data:
        case = book.case(row["case"])
        lang = row["lang"] if row["lang"] in case.languages else None
        result = scorer.score_answer(case, row["step"], row["text"], lang)
        scored.append((row, result))
    styles = [r.style == row["style"] for row, r in scored]
    tricky = [r.style == row["style"] for row, r in scored if row.get("tricky")]
    totals = [r.total for _, r in scored]
    grades = [row["grade"] for row, _ in scored]
    best = [r.total for row, r in scored if row["grade"] == 3]
    worst = [r.total for row, r in scored if row["grade"] == 0]
    return {
        "answers": len(scored),
        "style_accuracy": sum(styles) / len(styles),
        "spearman": spearman(totals, grades),
        "tricky_accuracy": sum(tricky) / len(tricky) if tricky else 1.0,
        "tricky": len(tricky),
        "grade3_min": min(best) if best else None,
        "grade0_max": max(worst) if worst else None,
        "separated": (min(best) > max(worst)) if best and worst else True,
        # the share of (grade-3, grade-0) pairs in which the excellent answer scores higher
        "pairs_ordered": (
            sum(b > w for b in best for w in worst) / (len(best) * len(worst))
            if best and worst
            else 1.0
        ),
        "scored": scored,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=["dev", "test"])
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument("--rules-only", action="store_true", help="without the second opinion")
    parser.add_argument("--file", type=Path, help="score another labelled JSONL file instead")
    args = parser.parse_args()
    if args.errors and args.part == "test":
        sys.exit("The test part is for reporting only: look at the dev part instead.")
    figures = evaluate(args.file or args.part, rules_only=args.rules_only)
    scored = figures.pop("scored")
    print(
        f"{args.file or args.part}: {figures['answers']} answers | style accuracy "
        f"{figures['style_accuracy']:.3f}"
        f" | Spearman {figures['spearman']:.3f} | tricky {figures['tricky_accuracy']:.3f}"
        f" ({figures['tricky']}) | grade-3 min {figures['grade3_min']} > grade-0 max"
        f" {figures['grade0_max']}: {figures['separated']}"
        f" | grade-3 above grade-0 in {figures['pairs_ordered']:.3f} of pairs"
    )
    confusion: Counter = Counter((row["style"], r.style) for row, r in scored)
    print("confusion (label -> scored):", dict(sorted(confusion.items())))
    by_case: dict[str, list[bool]] = defaultdict(list)
    for row, r in scored:
        by_case[row["case"]].append(row["style"] == r.style)
    for case, hits in sorted(by_case.items()):
        print(f"  {case:24} {sum(hits)}/{len(hits)}")
    by_trick: dict[str, list[bool]] = defaultdict(list)
    for row, r in scored:
        if row.get("tricky"):
            by_trick[row["tricky"]].append(row["style"] == r.style)
    print("tricky:", {k: f"{sum(v)}/{len(v)}" for k, v in sorted(by_trick.items())})
    if args.errors:
        for row, r in scored:
            if row["style"] != r.style or (row["grade"] >= 2) != (r.total >= 50):
                print(
                    f"\n[{row['id']}] {row['case']}/{row['step']} label "
                    f"{row['style']}/{row['grade']}"
                    f" ({row.get('tricky')}) -> {r.style}/{r.total} met={list(r.met)}"
                    f" viol={[v.id for v in r.violations]}\n  {row['text']}\n  note: {row['note']}"
                )


if __name__ == "__main__":
    main()
