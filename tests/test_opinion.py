"""The learned second opinion on the style (salesbot/engine/opinion.py): where it may change
the rules' verdict, where it may not, and that the shipped weights match the corpus."""

import hashlib
import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from salesbot.engine.opinion import (
    MODEL_FILE,
    StyleModel,
    VerdictFeatures,
    load_style_model,
    model_from_dict,
    verdict_features,
)
from salesbot.engine.scoring import Scorer
from salesbot.engine.text import analyse

DEV = Path(__file__).resolve().parent / "data" / "blind" / "dev.jsonl"
LAPTOP = "laptop-bulk-order"
CLASSES = ("customer", "none", "product", "situational")


def leaning(style: str, strength: float = 20.0, margin: float = 0.1) -> StyleModel:
    """A model that always prefers `style`, whatever it reads."""
    bias = tuple(strength if c == style else 0.0 for c in CLASSES)
    return StyleModel(CLASSES, bias, {}, margin, "")


@pytest.fixture
def scorer_with(book):
    def build(model: StyleModel | None) -> Scorer:
        return Scorer(book.library, book.cases.values(), opinion=model)

    return build


def score_with(scorer: Scorer, book, text: str, case_id: str = LAPTOP):
    case = book.case(case_id)
    return scorer.score_answer(case, case.first_step.id, text)


def test_a_model_over_other_classes_weighs_its_features_the_same_way():
    four = StyleModel(CLASSES, (0.5, 0.0, 0.0, 0.0), {"w:скидка": (0, 0, 1.5, 0)}, 0.3, "")
    three = StyleModel(CLASSES[:3], (0.5, 0.0, 0.0), {"w:скидка": (0, 0, 1.5)}, 0.3, "")
    e = math.e
    total = e**0.5 + 1 + e**1.5
    assert three.probabilities(["w:скидка"]) == pytest.approx(
        [e**0.5 / total, 1 / total, e**1.5 / total]
    )
    assert sum(four.probabilities(["w:скидка", "w:доставка"])) == pytest.approx(1.0)


def test_a_pair_with_a_negated_lemma_is_weighed_by_lemma_as_by_name():
    model = StyleModel(CLASSES, (0.0, 0.0, 0.0, 0.0), {"b:не_знать_когда": (0, 2.0, 0, 0)}, 0.1, "")
    parts = VerdictFeatures([], ["я", "не_знать", "когда"], [], [])
    assert "b:не_знать_когда" in parts.names()
    assert model.probabilities(parts) == model.probabilities(parts.names())
    assert model.probabilities(parts)[1] == max(model.probabilities(parts))


def test_the_shipped_model_weighs_real_answers_by_lemma_exactly_as_by_name(book):
    """The scorer reads the lemmas' weights through one record per lemma; training uses the
    feature names. Both give the same probabilities, to the last bit, and the same reasons."""
    model = load_style_model()
    scorer = Scorer(book.library, book.cases.values(), opinion=None)
    compared = 0
    for line in DEV.read_text(encoding="utf-8").splitlines()[:400]:
        row = json.loads(line)
        _, names = scorer.opinion_features(book.case(row["case"]), row["step"], row["text"])
        if names is None:
            continue
        parts = VerdictFeatures(
            [n for n in names if n[:2] not in ("w:", "b:", "l:", "s:")],
            [t.key for t in analyse(row["text"]).tokens],
            [n[2:] for n in names if n.startswith("l:")],
            [n[2:] for n in names if n.startswith("s:")],
        )
        assert parts.names() == names
        assert model.probabilities(parts) == model.probabilities(names)
        for style, against in (("none", "situational"), ("customer", "product")):
            assert model.reasons(parts, style, against) == model.reasons(names, style, against)
        compared += 1
    assert compared > 200


def test_the_model_takes_its_style_only_when_clearly_more_confident():
    model = StyleModel(CLASSES, (0.0, 0.0, 0.0, 0.0), {"w:скидка": (0, 0, 1.5, 0)}, 0.3, "")
    # p(product) is 0.60 against 0.13 for each other style: a gap of 0.47 > 0.3.
    assert model.decide(["w:скидка"], "situational") == "product"
    assert model.decide(["w:доставка"], "situational") == "situational"  # no gap at all


def test_probabilities_sum_to_one_and_unknown_features_are_ignored():
    model = leaning("customer", strength=2.0)
    probs = model.probabilities(["w:никогда-не-виденное"])
    assert abs(sum(probs) - 1.0) < 1e-9
    assert probs[0] == max(probs)


def test_the_reasons_are_the_features_that_pushed_towards_the_style():
    weights = {"w:акция": (0, 0, 2.0, 0), "w:лучший": (0, 0, 1.0, 0), "w:завтра": (0, 0, 0, 1.0)}
    model = StyleModel(CLASSES, (0, 0, 0, 0), weights, 0.1, "")
    features = ["w:акция", "w:лучший", "w:завтра"]
    assert model.reasons(features, "product", "situational") == ["w:акция", "w:лучший"]


def test_features_name_the_rules_findings_and_the_lemmas_once_each():
    features = verdict_features(
        "customer", 40, {"customer": 80}, {"acknowledged": True, "answered": False},
        [("speech.but_after_ack", "minor")], [("ack.understand", "acknowledge")],
        0, 2, ["понимать", "вы", "понимать"],
    ).names()  # fmt: skip
    assert "rule:customer" in features and "total:4" in features and "customer:4" in features
    assert "sig:acknowledged" in features and "sig:answered" not in features
    assert "v:speech.but_after_ack" in features and "fam:acknowledge" in features
    assert features.count("w:понимать") == 1 and "b:понимать_вы" in features


def test_a_confident_model_changes_the_style_and_the_rules_verdict_is_kept(scorer_with, book):
    text = "Понимаю, сроки жмут. Привезём все 40 ноутбуков в среду, настроим к пятнице."
    rules = score_with(scorer_with(None), book, text)
    assert rules.style == "situational" and rules.rules_style == ""
    changed = score_with(scorer_with(leaning("none")), book, text)
    assert changed.style == "none"
    assert changed.rules_style == "situational"
    assert rules.opinion_reasons == ()
    assert changed.total <= 20  # the none band: the total follows the style


def test_the_model_may_reject_a_found_answer_but_not_call_it_filler(scorer_with, book):
    text = "Понимаю, сроки жмут. Привезём все 40 ноутбуков в среду, настроим к пятнице."
    for filler in ("customer", "product"):
        assert score_with(scorer_with(leaning(filler)), book, text).style == "situational"


def test_without_the_whole_answer_the_model_may_call_it_filler():
    model = leaning("customer")
    assert model.decide(["w:понимать"], "situational", answered=False) == "customer"
    assert model.decide(["w:понимать"], "situational", answered=True) == "situational"


def test_the_model_never_lifts_a_severe_violation(scorer_with, book):
    text = "Доставим в среду, настроим к пятнице. А тон свой оставьте при себе."
    result = score_with(scorer_with(leaning("situational")), book, text)
    assert result.style == "none"
    assert result.total <= 20


def test_the_model_never_lifts_a_string_of_keywords(scorer_with, book):
    text = "понимаю извините доставка завтра договор"
    result = score_with(scorer_with(leaning("situational")), book, text)
    assert result.style == "none"


def test_the_shipped_model_is_loaded_by_default(book):
    assert MODEL_FILE.exists()
    model = load_style_model()
    assert model is not None and set(model.classes) == set(CLASSES)
    assert book.scorer.opinion is not None


def test_the_shipped_model_was_trained_on_the_current_dev_part():
    """Edit the corpus, retrain: python bench/train_style_model.py (needs '.[train]')."""
    model = load_style_model()
    assert model is not None
    assert model.trained_on == hashlib.sha256(DEV.read_bytes()).hexdigest()


def test_a_missing_model_file_leaves_the_rules_alone(tmp_path):
    assert load_style_model(tmp_path / "absent.json") is None


def test_a_changed_style_names_the_features_that_weighed_most(scorer_with, book):
    weights = {"w:среда": (0.0, 3.0, 0.0, 0.0), "w:пятница": (0.0, 1.0, 0.0, 0.0)}
    model = StyleModel(CLASSES, (0.0, 0.0, 0.0, 0.0), weights, 0.1, "")
    text = "Понимаю, сроки жмут. Привезём все 40 ноутбуков в среду, настроим к пятнице."
    result = score_with(scorer_with(model), book, text)
    assert result.style == "none"
    assert result.opinion_reasons == ("w:среда", "w:пятница")
    assert result.to_dict()["opinion_reasons"] == ["w:среда", "w:пятница"]


def test_a_doubting_model_lowers_the_place_in_the_band_and_asks_for_a_look(scorer_with, book):
    text = "Понимаю, сроки жмут. Привезём все 40 ноутбуков в среду, настроим к пятнице."
    rules = score_with(scorer_with(None), book, text)
    doubting = score_with(scorer_with(leaning("none", strength=3.0, margin=1.0)), book, text)
    assert doubting.style == "situational"  # below its margin the model changes no style
    assert 55 <= doubting.total < rules.total
    assert doubting.review and doubting.review_reason == "opinion_doubt"
    assert 0 <= doubting.opinion_confidence < 0.5


def test_rejecting_an_answer_the_rules_call_situational_has_its_own_margin(scorer_with, book):
    text = "Понимаю, сроки жмут. Привезём все 40 ноутбуков в среду, настроим к пятнице."
    model = replace(leaning("none", strength=3.0, margin=1.0), reject_margin=0.5)
    result = score_with(scorer_with(model), book, text)
    assert result.style == "none" and result.rules_style == "situational"
    assert result.review and result.review_reason == "second_opinion"


def test_the_margin_to_reject_leaves_other_styles_to_the_general_margin(scorer_with, book):
    text = "Андрей, я так вас понимаю, это очень неприятно, мне правда жаль!"
    assert score_with(scorer_with(None), book, text).style == "customer"
    model = replace(leaning("none", strength=3.0, margin=1.0), reject_margin=0.0)
    assert score_with(scorer_with(model), book, text).style == "customer"


def test_the_margin_to_reject_is_read_from_the_model_file():
    data = {"classes": list(CLASSES), "bias": [0, 0, 0, 0], "weights": {}, "margin": 0.5}
    assert model_from_dict(data).reject_margin == -1.0  # an older file: the general margin
    assert model_from_dict({**data, "reject_margin": 0.0}).reject_margin == 0.0


def test_the_model_places_a_severe_fault_within_the_none_band(scorer_with, book):
    text = "Доставим в среду, настроим к пятнице. А тон свой оставьте при себе."
    harm = score_with(scorer_with(leaning("none")), book, text)
    good = score_with(scorer_with(leaning("situational")), book, text)
    assert harm.style == good.style == "none"
    assert harm.total < good.total <= 15
    assert good.total == score_with(scorer_with(None), book, text).total


def test_an_agreeing_model_keeps_the_rules_total(scorer_with, book):
    text = "Понимаю, сроки жмут. Привезём все 40 ноутбуков в среду, настроим к пятнице."
    rules = score_with(scorer_with(None), book, text)
    agreeing = score_with(scorer_with(leaning("situational")), book, text)
    assert agreeing.total == rules.total and not agreeing.review
    assert agreeing.opinion_confidence > 0.99 and rules.opinion_confidence == -1.0


def test_an_answer_the_model_turns_down_ranks_above_one_with_a_named_fault(scorer_with, book):
    text = "Понимаю, сроки жмут. Привезём все 40 ноутбуков в среду, настроим к пятнице."
    sure = score_with(scorer_with(leaning("none")), book, text)
    hesitant_model = replace(leaning("none", strength=3.0, margin=1.0), reject_margin=0.5)
    hesitant = score_with(scorer_with(hesitant_model), book, text)
    faulted = score_with(
        scorer_with(leaning("none")),
        book,
        "Доставим в среду, настроим к пятнице. А тон свой оставьте при себе.",
    )
    assert sure.style == hesitant.style == faulted.style == "none"
    assert faulted.total <= 15 <= sure.total < hesitant.total <= 18  # less sure, higher
