"""A second opinion on the style: a linear model learned from labelled answers.

The rules (scoring.py) read the answer's structure and quote its words; they are right on
the phrasing their authors foresaw. On answers written by other people they miss phrasing
no lexicon lists. A multinomial logistic model over the rules' own signals and the answer's
lemmas, trained on the dev part of the blind corpus (bench/train_style_model.py), weighs the
same evidence with weights learned from experts' labels. It is consulted only where the
method leaves room: it never lifts an answer the rules reject outright (a severe violation,
no free credit), it changes the rules' style only when it is clearly more confident, and an
answer the rules found complete it may only reject. Rejecting an answer the rules call
situational has a margin of its own (`reject_margin`), chosen apart by cross-validation: a
harmful answer the rules miss otherwise scores 55 or more. Its probability for the style
also sets a situational answer's place in its band, and its probability for `none` the place
of an answer with a severe fault in the none band (scoring.py).

Deterministic and offline: the weights are a JSON file shipped in the package; when it
changes a style, the result names the features that weighed most (`opinion_reasons`), and
every result carries its probability (`opinion_confidence`), both shown by `salesbot score
--json`.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Final

MODEL_FILE: Final = Path(__file__).with_name("style_model.json")


# One weight per style, for one feature.
Row = tuple[float, ...]


# An explicit __init__, as text.Token's.
@dataclass(slots=True)
class VerdictFeatures:
    """One verdict's features in parts: the rules' findings as feature names, then the
    answer's lemmas, those of its last sentence and its shape. The model finds the weights
    of the lemmas and of their pairs through one record per lemma (StyleModel.lemmas) instead
    of spelling, hashing and looking up a name such as "b:доставить_завтра" for each among
    30,000 weights (bench/README.md). `names()` spells them all, for training and reasons."""

    head: list[str]
    keys: list[str]
    last: list[str]
    shape: list[str]

    def __init__(self, head: list[str], keys: list[str], last: list[str], shape: list[str]):
        self.head = head
        self.keys = keys
        self.last = last
        self.shape = shape

    def names(self) -> list[str]:
        features = list(self.head)
        features += [f"w:{key}" for key in self.keys]
        features += [f"b:{a}_{b}" for a, b in pairwise(self.keys)]
        features += [f"l:{key}" for key in self.last]
        features += [f"s:{item}" for item in self.shape]
        return list(dict.fromkeys(features))  # each feature counts once


class _Weights:
    """One feature's weights, the first four as native doubles: a compiled sum reads them
    from this one object, where a tuple row would be a tuple and four float objects to reach
    (and to unbox) in a model of some 8 MB that the cache does not hold (bench/README.md)."""

    def __init__(self, name: str, row: Row) -> None:
        self.name = name
        padded = [float(x) for x in row[:4]] + [0.0] * (4 - len(row[:4]))
        self.a: float = padded[0]
        self.b: float = padded[1]
        self.c: float = padded[2]
        self.d: float = padded[3]
        self.row: Row = row  # all of them, for a model of other than four styles


class _Lemma:
    """The weights of one lemma: as a word of the answer ("w:"), as a word of its last
    sentence ("l:"), and as the first of a pair ("b:"), by the second lemma."""

    def __init__(self) -> None:
        self.word: _Weights | None = None
        self.last: _Weights | None = None
        self.pairs: dict[str, _Weights] | None = None  # most lemmas begin no pair


@dataclass(frozen=True, slots=True)
class StyleModel:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, Row]
    margin: float  # how much more probable the model's style must be than the rules'
    trained_on: str  # sha256 of the training answers (tests check it is current)
    # The margin for rejecting an answer the rules call situational (`none`): chosen apart,
    # as a missed jab or invented fact costs more than a doubted style. -1: `margin`.
    reject_margin: float = -1.0
    # The "w:", "l:" and "b:" weights by lemma, filled from `weights` on creation. Lemmas are
    # interned, like the answers' (text._describe): found by identity.
    lemmas: dict[str, _Lemma] = field(default_factory=dict, repr=False, compare=False)
    # The other features' weights, by name, as _Weights.
    named: dict[str, _Weights] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        lemmas = self.lemmas
        for name, row in self.weights.items():
            kind, _, rest = name.partition(":")
            weights = _Weights(name, row)
            if kind == "w" or kind == "l":
                record = lemmas.setdefault(sys.intern(rest), _Lemma())
                if kind == "w":
                    record.word = weights
                else:
                    record.last = weights
            elif kind == "b":
                # Lemmas may hold "_" ("не_знать"): file the pair under every split. A wrong
                # split can only meet a pair of lemmas that spells the same name.
                for i, char in enumerate(rest):
                    if char == "_" and 0 < i < len(rest) - 1:
                        record = lemmas.setdefault(sys.intern(rest[:i]), _Lemma())
                        if record.pairs is None:
                            record.pairs = {}
                        record.pairs[sys.intern(rest[i + 1 :])] = weights
            else:
                self.named[sys.intern(name)] = weights

    def rows(self, features: VerdictFeatures) -> list[_Weights]:
        """The weights of the features present, in the order of `features.names()`, each
        feature once: the same sums, to the last bit, as weighing the names. Each name has
        its own _Weights object, so one object is one name: duplicates go by identity."""
        named, lemmas = self.named, self.lemmas
        found: list[_Weights] = []
        for name in features.head:
            weights = named.get(name)
            if weights is not None:
                found.append(weights)
        keys = features.keys
        records = [lemmas.get(key) for key in keys]
        for record in records:
            if record is not None and record.word is not None:
                found.append(record.word)
        for i in range(len(keys) - 1):
            record = records[i]
            if record is not None and record.pairs is not None:
                weights = record.pairs.get(keys[i + 1])
                if weights is not None:
                    found.append(weights)
        for key in features.last:
            record = lemmas.get(key)
            if record is not None and record.last is not None:
                found.append(record.last)
        for item in features.shape:
            weights = named.get("s:" + item)
            if weights is not None:
                found.append(weights)
        return list(dict.fromkeys(found))

    def probabilities(self, features: Iterable[str] | VerdictFeatures) -> list[float]:
        if isinstance(features, VerdictFeatures):
            found = self.rows(features)
            if len(self.bias) == 4:
                # The four styles: sums kept in plain floats, which mypyc compiles to C
                # doubles (a list of floats boxes every addition).
                a, b, c, d = self.bias
                for weights in found:
                    a += weights.a
                    b += weights.b
                    c += weights.c
                    d += weights.d
                return _softmax([a, b, c, d])
            rows = [weights.row for weights in found]
        else:
            rows = []
            for feature in features:
                row = self.weights.get(feature)
                if row is not None:
                    rows.append(row)
        logits = list(self.bias)
        for row in rows:
            for i in range(len(logits)):
                logits[i] += row[i]
        return _softmax(logits)

    def probability(self, features: Iterable[str] | VerdictFeatures, style: str) -> float:
        """The model's probability for one style (0 for a style it does not know)."""
        if style not in self.classes:
            return 0.0
        return self.probabilities(features)[self.classes.index(style)]

    def decide(
        self, features: Sequence[str] | VerdictFeatures, rules_style: str, answered: bool = False
    ) -> str:
        return self.verdict(features, rules_style, answered)[0]

    def verdict(
        self, features: Sequence[str] | VerdictFeatures, rules_style: str, answered: bool = False
    ) -> tuple[str, float]:
        """The style, and the model's probability for it. The model's style wins where it
        is clearly more confident than in the rules' one.

        Where the rules found the whole answer, the method ranks it above any filler around
        it: the model may then only reject the answer (`none`: a jab, an invented fact), not
        call it customer or product (the experts did so for 34 of 1,419 such dev answers)."""
        probs = self.probabilities(features)
        allowed: tuple[int, ...] = tuple(range(len(probs)))
        if answered and rules_style == "situational" and "none" in self.classes:
            allowed = (self.classes.index("none"),)
        best = max(allowed, key=probs.__getitem__)
        chosen = self.classes[best]
        if rules_style not in self.classes:
            return rules_style, 0.0
        kept = probs[self.classes.index(rules_style)]
        margin = self.margin
        if chosen == "none" and rules_style == "situational" and self.reject_margin >= 0:
            margin = self.reject_margin
        if chosen == rules_style or probs[best] - kept < margin:
            return rules_style, kept
        return chosen, probs[best]

    def reasons(
        self, features: Sequence[str] | VerdictFeatures, style: str, against: str, n: int = 3
    ) -> list[str]:
        """The features that pushed most towards `style` rather than `against`."""
        i, j = self.classes.index(style), self.classes.index(against)
        found: list[tuple[str, Row]] = []
        if isinstance(features, VerdictFeatures):
            found = [(weights.name, weights.row) for weights in self.rows(features)]
        else:
            for feature in set(features):
                row = self.weights.get(feature)
                if row is not None:
                    found.append((feature, row))
        pushes = []
        for feature, row in found:
            if row[i] > row[j]:
                pushes.append((row[i] - row[j], feature))
        pushes.sort(reverse=True)
        return [feature for _, feature in pushes[:n]]


def _softmax(logits: list[float]) -> list[float]:
    top = max(logits)
    exps = [math.exp(x - top) for x in logits]
    total = sum(exps)
    return [e / total for e in exps]


def verdict_features(
    rules_style: str,
    rules_total: int,
    scores: dict[str, int],
    signals: dict[str, bool],
    violations: Iterable[tuple[str, str]],
    evidence: Iterable[tuple[str, str]],
    met: int,
    missing: int,
    keys: Sequence[str],
    last: Sequence[str] = (),
    shape: Sequence[str] = (),
) -> VerdictFeatures:
    """Binary features of one verdict: the rules' findings and the answer's lemmas.

    `violations` are (id, severity) pairs, `evidence` (pattern id, family) pairs of the
    markers found, `keys` the answer's lemmas in order, `last` those of its last sentence
    when there are several (a jab after a good answer comes last), `shape` how it opens
    and closes."""
    features = [_spelt("rule", rules_style), _spelt("total", min(rules_total, 99) // 10)]
    features += [_spelt(name, min(value, 99) // 20) for name, value in sorted(scores.items())]
    features += [_spelt("sig", name) for name, value in sorted(signals.items()) if value]
    for violation, severity in violations:
        features.append(_spelt("v", violation))
        features.append(_spelt("sev", severity))
    for pattern, family in evidence:
        features.append(_spelt("m", pattern))
        features.append(_spelt("fam", family))
    features.append(_spelt("met", min(met, 3)))
    features.append(_spelt("missing", min(missing, 3)))
    return VerdictFeatures(features, list(keys), list(last), list(shape))


# Feature names by kind and value, each spelt once and interned as the model's are
# (StyleModel.named): a verdict finds their weights by identity, where a name built afresh
# would be formatted, hashed and compared for every answer. Values are the casebook's ids
# and small numbers, so the table stays small.
_SPELT: Final[dict[str, dict[str | int, str]]] = {}


def _spelt(kind: str, value: str | int) -> str:
    names = _SPELT.get(kind)
    if names is None:
        names = _SPELT[kind] = {}
    name = names.get(value)
    if name is None:
        name = names[value] = sys.intern(f"{kind}:{value}")
    return name


def model_from_dict(data: dict) -> StyleModel:
    classes = tuple(data["classes"])
    return StyleModel(
        classes=classes,
        bias=tuple(float(x) for x in data["bias"]),
        weights={k: tuple(float(x) for x in v) for k, v in data["weights"].items()},
        margin=float(data["margin"]),
        trained_on=str(data.get("trained_on", "")),
        reject_margin=float(data.get("reject_margin", -1.0)),
    )


@cache
def load_style_model(path: Path = MODEL_FILE) -> StyleModel | None:
    """The shipped model, or None when the file is absent (the rules decide alone). Read
    once per process: every Scorer (the bot's, `salesbot validate`'s) shares it."""
    try:
        with open(path, encoding="utf-8") as handle:
            return model_from_dict(json.load(handle))
    except FileNotFoundError:
        return None
