"""Train the style's second opinion (salesbot/engine/opinion.py) on the dev part of the
blind corpus and write salesbot/engine/style_model.json.

    pip install -e '.[train]'
    python bench/train_style_model.py            # train, choose the margin, write the file
    python bench/train_style_model.py --check    # only the cross-validation figures

Only the dev part is read: the test part stays untouched, for reporting. The cases' own
example answers (labelled by the cases' authors) are learned too, never scored here: the model
should not reject the answers a case holds up as models. So are the dev answers in which the
rules found a severe fault, with that finding hidden: the model exists for the harm the rules
miss, and these are the harmful answers it can learn that from. The margin (how much more
probable the model's style must be than the rules' one before it is taken) is chosen by
cross-validation on dev, each fifth of its writers left out in turn, so that it is judged on
writers the model did not learn from (and on the answers as the rules really read them).
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
FOLDS = 5  # the writers left out at a time: a fifth
# How much an answer learned with its severe finding hidden counts against a real one: it
# stands for the harm the rules miss, not a sample of it, and its fault's own words (a free
# delivery given away) would otherwise weigh against the same words as a plain feature.
# Five folds of the 59,340 dev answers of 2.26: 1.0, 0.5 and 0.3 gave 0.9848, 0.9849 and
# 0.9851 style accuracy, and at 1.0 the model turned down the method's example of features
# after a full answer.
HIDDEN_WEIGHT = 0.5
# How much a case's own example answer counts against a dev answer: the model must not turn
# down or doubt the answers a case holds up as models. At 1.0, once the dev part grew to
# 64,740 answers, it doubted the price case's «Приедем в четверг с 10 до 13.» (69 where the
# close asks 70) and turned down the suite's size-then-features answer at the chat's size step.
EXAMPLE_WEIGHT = 3.0


def corpus_digest(path: Path = DEV) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def featurise(
    book, rows: list[dict], hide_severe: bool = False
) -> list[tuple[dict, str, list[str] | None, bool]]:
    """(row, the rules' style, the features or None where the model is not consulted,
    whether the rules found the whole answer)."""
    out = []
    for row in rows:
        case = book.case(row["case"])
        lang = row["lang"] if row["lang"] in case.languages else None
        result, features = book.scorer.opinion_features(
            case, row["step"], row["text"], lang, hide_severe=hide_severe
        )
        out.append((row, result.style, features, result.signals["answered"]))
    return out


def writer(item) -> str:
    return item[0]["id"].split("-")[0]


def fit(items, margin: float, hidden=()) -> StyleModel:
    """A model learned from `items` (the case examples among them at EXAMPLE_WEIGHT) and, at
    HIDDEN_WEIGHT, from `hidden`."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    usable = [
        (row, feats, EXAMPLE_WEIGHT if row["id"].startswith("example:") else 1.0)
        for row, _, feats, _ in items
        if feats is not None
    ]
    usable += [(row, feats, HIDDEN_WEIGHT) for row, _, feats, _ in hidden if feats is not None]
    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform([dict.fromkeys(feats, 1.0) for _, feats, _ in usable])
    model = LogisticRegression(C=C, max_iter=5000)
    model.fit(
        matrix,
        [row["style"] for row, _, _ in usable],
        sample_weight=[weight for _, _, weight in usable],
    )
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


def cross_validate(items, examples=(), hidden=()) -> dict[tuple[float, float], float]:
    """Each fifth of the writers left out in turn: accuracy per (margin, margin for
    rejecting a situational answer) over answers of unseen writers, as the rules read them
    (the examples are always on the training side, and the answers with their severe
    finding hidden only for the writers learned from)."""
    writers = sorted({writer(it) for it in items})
    right: Counter = Counter()
    for k in range(FOLDS):
        out = set(writers[k::FOLDS])
        train = [it for it in items if writer(it) not in out] + list(examples)
        held = [it for it in items if writer(it) in out]
        model = fit(train, 0.0, [it for it in hidden if writer(it) not in out])
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
    severe = [row for row, _, feats, _ in items if feats is None]
    hidden = [it for it in featurise(book, severe, hide_severe=True) if it[2] is not None]
    print(f"dev: {len(items)} answers, {sum(f is not None for _, _, f, _ in items)} consulted")
    print(f"case examples learned too: {len(examples)}")
    print(f"answers with a severe fault, learned with it hidden: {len(hidden)}")
    print(f"rules alone: {accuracy(None, items, 0.0):.3f}")
    figures = cross_validate(items, examples, hidden)
    same = {m: figures[m, m] for m in MARGINS}
    for margin, value in same.items():
        print(f"a fifth of the writers out, margin {margin:.1f}: {value:.4f}")
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
        print(
            f"a fifth of the writers out, margin {margin:.1f}, to reject {reject:.1f}: {value:.4f}"
        )
    reject = max(MARGINS, key=lambda r: (round(rejects[r], 4), r))
    print(f"margin to reject a situational answer chosen: {reject:.1f}")
    if args.check:
        return
    model = fit(items + examples, margin, hidden)
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
