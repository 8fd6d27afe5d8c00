"""Train the style's second opinion (salesbot/engine/opinion.py) on the dev part of the
blind corpus and write salesbot/engine/style_model.json.

    pip install -e '.[train]'
    python bench/train_style_model.py            # train, choose the margin, write the file
    python bench/train_style_model.py --check    # only the cross-validation figures

Only the dev part is read: the test part stays untouched, for reporting. The cases' own
example answers (labelled by the cases' authors) are learned too, never scored here: the model
should not reject the answers a case holds up as models. The margin (how much more probable
the model's style must be than the rules' one before it is taken) is chosen by
leave-one-writer-out cross-validation on dev, so that it is judged on writers the model did
not learn from.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from salesbot.engine import load_casebook  # noqa: E402
from salesbot.engine.opinion import MODEL_FILE, StyleModel, model_from_dict  # noqa: E402

DEV = ROOT / "tests" / "data" / "blind" / "dev.jsonl"
C = 1.0  # inverse L2 strength; 0.3-3 gave the same cross-validated accuracy
MARGINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
MIN_WEIGHT = 0.01  # smaller weights are dropped from the file


def corpus_digest(path: Path = DEV) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def featurise(book, rows: list[dict]) -> list[tuple[dict, str, list[str] | None, bool]]:
    """(row, the rules' style, the features or None where the model is not consulted,
    whether the rules found the whole answer)."""
    out = []
    for row in rows:
        case = book.case(row["case"])
        lang = row["lang"] if row["lang"] in case.languages else None
        result, features = book.scorer.opinion_features(case, row["step"], row["text"], lang)
        out.append((row, result.style, features, result.signals["answered"]))
    return out


def fit(items, margin: float) -> StyleModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    usable = [(row, feats) for row, _, feats, _ in items if feats is not None]
    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform([dict.fromkeys(feats, 1.0) for _, feats in usable])
    model = LogisticRegression(C=C, max_iter=5000)
    model.fit(matrix, [row["style"] for row, _ in usable])
    names = vectoriser.get_feature_names_out()
    weights = {}
    for k, name in enumerate(names):
        column = [float(model.coef_[c][k]) for c in range(len(model.classes_))]
        if max(abs(w) for w in column) >= MIN_WEIGHT:
            weights[str(name)] = [round(w, 4) for w in column]
    return model_from_dict(
        {
            "classes": [str(c) for c in model.classes_],
            "bias": [round(float(b), 4) for b in model.intercept_],
            "weights": weights,
            "margin": margin,
        }
    )


def accuracy(model: StyleModel | None, items, margin: float, reject: float = -1.0) -> float:
    at_margin = None
    if model is not None:
        at_margin = replace(model, margin=margin, reject_margin=reject)
    right = 0
    for row, rules_style, feats, answered in items:
        style = rules_style
        if at_margin is not None and feats is not None:
            style = at_margin.decide(feats, rules_style, answered)
        right += style == row["style"]
    return right / len(items)


def case_examples(book) -> list[dict]:
    """Every example answer of every step, as a labelled row."""
    return [
        {
            "id": f"example:{case.id}:{step.id}:{n}",
            "case": case.id,
            "step": step.id,
            "lang": example.lang,
            "text": example.text,
            "style": example.style,
        }
        for case in book.cases.values()
        for step in case.steps
        for n, example in enumerate(step.examples)
    ]


def cross_validate(items, examples=()) -> dict[tuple[float, float], float]:
    """Leave one writer out: accuracy per (margin, margin for rejecting a situational
    answer) over answers of unseen writers (the examples are always on the training side)."""
    writers = sorted({row["id"].split("-")[0] for row, *_ in items})
    right: Counter = Counter()
    for writer in writers:
        train = [it for it in items if it[0]["id"].split("-")[0] != writer] + list(examples)
        held = [it for it in items if it[0]["id"].split("-")[0] == writer]
        model = fit(train, 0.0)
        for margin in MARGINS:
            for reject in MARGINS:
                right[margin, reject] += accuracy(model, held, margin, reject) * len(held)
    return {pair: right[pair] / len(items) for pair in right}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="cross-validate, write nothing")
    args = parser.parse_args()
    book = load_casebook(ROOT / "scenarios")
    with open(DEV, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    items = featurise(book, rows)
    examples = featurise(book, case_examples(book))
    print(f"dev: {len(items)} answers, {sum(f is not None for _, _, f, _ in items)} consulted")
    print(f"case examples learned too: {len(examples)}")
    print(f"rules alone: {accuracy(None, items, 0.0):.3f}")
    figures = cross_validate(items, examples)
    same = {m: figures[m, m] for m in MARGINS}
    for margin, value in same.items():
        print(f"leave-one-writer-out, margin {margin:.1f}: {value:.4f}")
    best = max(same.values())
    # The most cautious margin within half a point of the best: every change the model makes
    # over the rules is one a trainee may question, and flagged for review.
    margin = max(m for m, v in same.items() if v >= best - 0.005)
    print(f"margin chosen: {margin:.1f}")
    # Rejecting an answer the rules call situational is chosen apart, by accuracy alone (the
    # larger margin on a tie): a jab or an invented fact the rules miss otherwise scores 55+,
    # the failure that costs a trainee's trust most, and every rejection is flagged.
    rejects = {r: figures[margin, r] for r in MARGINS}
    for reject, value in rejects.items():
        print(f"leave-one-writer-out, margin {margin:.1f}, to reject {reject:.1f}: {value:.4f}")
    reject = max(MARGINS, key=lambda r: (round(rejects[r], 4), r))
    print(f"margin to reject a situational answer chosen: {reject:.1f}")
    if args.check:
        return
    model = fit(items + examples, margin)
    data = {
        "classes": list(model.classes),
        "bias": list(model.bias),
        "margin": margin,
        "reject_margin": reject,
        "trained_on": corpus_digest(),
        "weights": {k: list(v) for k, v in sorted(model.weights.items())},
    }
    MODEL_FILE.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {MODEL_FILE.relative_to(ROOT)}: {len(model.weights)} weights")


if __name__ == "__main__":
    main()
