"""Score one answer: how customer-, product- and situationally oriented it is.

The method (the three selling strategies): a customer-oriented answer is empathy, apology,
questions about needs, warmth; a product-oriented one is facts and praise of the product
and the company; a situational one answers what the moment asks for, concretely, and keeps
the company's interest. Brief acknowledgement plus the concrete answer is situational;
acknowledgement alone is customer; product facts instead of the answer are product.

The scorer reads the answer's structure, not only its words:
- each step lists what a complete answer contains (its expectations: "the delivery day",
  "what the price includes"); an expectation is met by its subject with a value (a day, a
  number, an option, ...) in a clause that asserts it: "не могу обещать, что привезём в
  пятницу" promises nothing;
- stated facts are parsed and checked: an impossible or invented one is a violation;
- one severe violation (rudeness, sarcasm, blame, an order to the client, passing the buck,
  a false guarantee, a capitulating discount, an invented fact) makes the style `none`;
- no free credit: a list of keywords, a copy of the client's line, topic words alone or
  fragments without a predicate are `none`; padding around the answer costs points.

Every score is traceable: `matched` quotes the answer's own words with their offsets, and a
result whose signals conflict carries `review` with the reason, for a human to look at.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from itertools import pairwise
from typing import Any, Final, NamedTuple

from . import facts as F
from .matcher import Hit, Matcher
from .model import Case, Expectation, Library, Pattern, Step, Value
from .opinion import StyleModel, VerdictFeatures, load_style_model, verdict_features
from .structure import ASSERTED, DENIED, HEDGED, Structure, analyse_structure
from .text import (
    NEGATORS,
    POS_ADVERB,
    POS_AUX,
    POS_FUNCTION,
    POS_INFINITIVE,
    POS_NOUN,
    POS_PREDICATIVE,
    POS_PRONOUN,
    POS_VERB,
    PREDICATE_POS,
    Analysed,
    Token,
    analyse,
    keys_of,
    language_of_text,
    read_translit,
)
from .text import (
    POS_NUMBER as POS_NUMBER_,
)

SCORER_VERSION: Final = "2.29.0"
MAX_CHARS: Final = 2000  # longer answers are scored on their first MAX_CHARS characters
MAX_TIPS: Final = 2

_ACK_FAMILIES: Final = frozenset({"acknowledge", "apology"})
# The heads of a clause that restates what a word of sympathy is about.
_SUBORDINATE_HEADS: Final = frozenset({"что", "как", "когда", "that", "how", "when"})
# "Our price includes installation" answers a price question: advantages are no pitch.
_PITCH_FAMILIES: Final = frozenset({"praise", "promo", "enthusiasm"})
# What separates the items of a list: commas, and slashes or bars between spaces ("пакет
# плюс / уведомления / лимиты"), not "24/7".
_SLASHES: Final = re.compile(r"\s[/|]\s")
_ITEM_BREAK: Final = re.compile(r",|" + _SLASHES.pattern)
_QUOTED: Final = re.compile(r"«[^«»]{1,60}»|\"[^\"]{1,60}\"|“[^”]{1,60}”|'[^']{1,60}'(?!\w)")
# A verb of saying, up to two words and a colon right before a quote: direct speech.
_SPEECH_BEFORE: Final = re.compile(
    r"\b(скаж|сказа|говор|объясн|отвеч|попрош|say|said|tell|told|explain|answer|ask)\w*"
    r"(\s+[\w-]+){0,2}\s*:\s*$",
    re.IGNORECASE,
)
# What may follow a quote of direct speech: the end of its sentence, or of the text.
_SPEECH_END: Final = frozenset({"", ".", "!", "?", ";", "…"})
# A guarantee is no less a guarantee for being negative: "никто никогда не заберёт".
_DENIAL_PROOF: Final = frozenset({"guarantee", "impossible", "withheld", "sarcasm"})
_SELF_KEYS: Final = keys_of("сам yourself yourselves")
# "I can't refund it myself": the speaker lacks the authority alone, not the client the right.
_ALONE_KEYS: Final = keys_of("сам самостоятельно myself ourselves own alone spot")
# Whose decision it is: "not my call", «не от меня зависит», "not up to me".
_AUTHORITY_KEYS: Final = keys_of("call decision decide up зависеть решать решение")
_CONTRAST_KEYS: Final = keys_of("но однако зато but though however")
# "I don't know" of another party: «что у них входит», "what their price covers".
_KNOW_KEYS: Final = ("знать", "know")
_OTHERS_KEYS: Final = keys_of("они их них their theirs they them конкурент competitor")
_NOTHING: Final = keys_of("ничего нечего ничем nothing")
_FIRST_PERSON: Final = keys_of("я мы i we")
# "около 24 000", "about 14,000": a value hedged, not a subject of its own.
_ABOUT: Final = F.ROUGHLY
# A clause of purpose: what the speaker does so that the client need not.
_PURPOSE: Final = frozenset({"чтобы", "чтоб"})
_SUBJECTS: Final = keys_of("я мы он она они i we he she they")
# "and they …", «а они …»: a new subject joined on, a clause of its own.
_JOINS: Final = frozenset({"and", "but", "и", "а", "но"})
_SUBJECTS_ALL: Final = _SUBJECTS | keys_of("вы ты you")
_MUST_KEYS: Final = keys_of("должен должна должны надо нужно must should")
_THIRD_PERSON: Final = keys_of(
    "он она они люди клиент клиенты he she they them people clients customers most many ones"
)
# Adverbs that may stand between that subject and its verb.
_BETWEEN: Final = frozenset(
    {"usually", "often", "quickly", "soon", "eventually", "always", "then", "just", "all",
     "обычно", "часто", "быстро", "сразу", "потом", "всегда", "тоже"}
)  # fmt: skip
# By form, someone or something other than the speaker as the subject of what follows: a
# "won't" after it is theirs ("I swear he won't forget", "I guarantee there won't be a
# single problem").
_OTHERS: Final = frozenset({"он", "она", "они", "оно", "he", "she", "they", "it", "there"})
# "Не знаю, что ещё вы от меня хотите", "not sure what else u want": the speaker's doubt
# governs the jab, it does not take it back.
_UNSURE_KEYS: Final = keys_of("знать понятие sure know idea")
# The facts a term's value may be stated as: a day of the month is "20 декабря" or a bare
# "20-го" / "the 20th" (a count next to the term); a sum is "390 ₽" or a number written in
# thousands, "14,000 a month"; a count is "30 GB", "заявка 552190"; a clock time "к 9:00".
_TERM_FACTS: Final = {
    "duration": frozenset({F.DURATION}),
    "money": frozenset({F.MONEY, F.COUNT}),
    "percent": frozenset({F.PERCENT}),
    "date": frozenset({F.DATE, F.COUNT}),
    "count": frozenset({F.COUNT}),
    "clock": frozenset({F.CLOCK}),
}
_OWNING_KEYS: Final = frozenset({"правый", "простить", "извинить", "я", "мы", "виноватый"})
# By form: a yes and a no that answer the question on their own ("Нет.", "No —").
_YES_FORMS: Final = frozenset({"да", "yes", "yeah", "sure"})
_NO_FORMS: Final = frozenset({"нет", "no", "nope"})
_DISCOURSE_FORMS: Final = frozenset(
    "well okay ok alright honestly frankly fine ну ладно честно откровенно хорошо".split()
)
# What the speaker offers, and may refuse in the same breath.
_OFFER_FAMILIES: Final = frozenset({"capitulate", "invented"})
_SITUATIONAL_FLOOR: Final = 55  # the rules' lowest total for a situational answer
_NONE_TOP: Final = 15  # the highest total of the none band
# A right answer in translit: not delivered, but above any answer that is wrong.
_TRANSLIT_FLOOR: Final = 16
_TRANSLIT_TOP: Final = 25
# The top of the none band for an answer the rules accepted and the second opinion did not.
# With the dev part scored by second opinions trained without each tenth of its writers in
# turn, this ranked grade-3 answers above grade-0 ones in 99.961% of pairs, 99.954% at 15.
_REJECTED_TOP: Final = 18
# How far the second opinion's reading of the words lowers a total a rule capped for a severe
# fault. Chosen leave-one-writer-out on dev (the model trained without the writer it scores):
# a grade-3 answer scored above a grade-0 one in 99.61% of pairs without it, 99.72% with it.
_NONE_DOUBT: Final = 0.3  # a severe fault's total loses up to this share
_YOU: Final = frozenset({"вы", "ваш", "ты", "твой", "you", "your"})  # "ваших" is an adjective here
# Words that open a sentence's tone: "Ну да, …", "Хотя, честно, …", "Though honestly, …".
_OPENERS: Final = frozenset(
    "ну хотя но только а и кстати честно да нет ой ах конечно well though but however oh "
    "honest honestli sure of mayb and so yes no".split()
)
# These emoji all lie beyond U+FFFF. A regex class of single characters tests each of the
# answer's characters against every member (15 µs for 200 characters, as slow as a set
# iterating the text); one range tests it once, so _Judge looks for that first, once.
_ASTRAL: Final = re.compile("[\U00010000-\U0010ffff]")
_EMOJI_FACES: Final = re.compile("[😄😀😁😂🤣😅😉🙂🙃😏😊😜🤷👍]")
_OFFER_KEYS: Final = frozenset(
    {"мочь", "смочь", "готовый", "предложить", "can", "could", "offer", "shall"}
)
_PREPOSITIONS: Final = frozenset(
    "в во на с со к ко по о об обо от до из у за под над при без для про через между перед "
    "in on at to from for with by of about after before within until into".split()
)
# What joins figures into a sentence besides the function words: "0% over 6 months, about
# 8% over 12".
_FIGURE_JOINTS: Final = _PREPOSITIONS | frozenset({"over", "around", "under", "per"})
_YES_NO: Final = frozenset({"да", "нет", "yes", "no", "конечно", "sure"})
_SOME_FORMS: Final = frozenset({"иногда", "some", "sometimes", "others"})
_BETWEEN_YES_NO: Final = frozenset(
    {"maybe", "perhaps", "or", "может", "наверное", "или", "и", "ни"}
)
_YES_NO_STRICT: Final = frozenset({"да", "нет", "yes", "no"})
# What someone can or will do, not what they must: text.py's auxiliaries (POS_AUX) also hold
# "must" and "should", and "you must relax" is an order.
_MODALS_EN: Final = frozenset({"can", "could", "will", "would", "may", "might"})
_SPEAKER_OBJECTS: Final = frozenset({"мне", "нам", "меня", "нас", "me", "us"})
# A wink or an upside-down smile at a client with a problem is a smirk: in the dev part no
# answer with one was graded above 1 (119 winks).
_SARCASM_EMOJI: Final = re.compile("[😏🙄🤡😒🤦🥱😉🙃]")
# "Happy?", «Довольны?» asked on its own after the answer: in the dev part every answer
# with one is graded 0 or 1 (9 of 9).
_SMUG_QUESTION: Final = frozenset({"happy", "satisfied", "довольны", "доволен", "довольна"})
_SMUG_FILLER: Final = frozenset({"now", "then", "теперь", "ну"})
_SERVING_FAMILIES: Final = frozenset(
    {"acknowledge", "apology", "need_question", "option", "next_step", "close", "question",
     "mutual", "answer", "compensation"}
)  # fmt: skip
_CLOSING_FAMILIES: Final = frozenset({"close", "next_step", "need_question"})
_BUT_KEYS: Final = frozenset({"но", "but"})
_SEVERITY_RANK: Final = {"severe": 0, "major": 1, "minor": 2}
_PENALTY: Final = {"severe": 60, "major": 18, "minor": 8}
_DISCOUNT_WORDS: Final = frozenset(
    "скидка скидку скидочка скинуть скидывать уступить сбросить снизить discount off knock "
    "reduce cut промокод промокода промокодом промо promo coupon voucher code match минус "
    "сделаю сделаем do".split()
)
# Discount words that are one only beside the figure: "15% off", "cut 20%", "a 25% code",
# "I'll match their 15%".
_NEAR_DISCOUNT_WORDS: Final = frozenset(
    {"off", "cut", "reduce", "code", "match", "минус", "сделаю", "сделаем", "do"}
)
# After a percentage, a part paid at once, not taken off: "20% down", "20% upfront".
_DOWN_PAYMENT: Final = frozenset(
    {"down", "upfront", "deposit", "prepayment", "взнос", "предоплата"}
)
_NO_DETERMINERS: Final = frozenset({"no", "никаких", "никакой", "никакие"})
_ANOTHER_THING: Final = frozenset({"другое", "иное"})
_PROMISE_NOUNS: Final = frozenset({"guarantee", "guarantees", "promise", "promises"})
_PROMISE_KEYS: Final = frozenset(
    "гарантировать гарантия обещать обещание пообещать ручаться поручиться клясться guarante "
    "promis swear "
    "tell".split()  # "I won't tell you it will never happen again"
)
# Verbs that name no action of their own: "Можем уже завтра", "we can do tomorrow".
_NO_ACTION: Final = frozenset(
    "мочь смочь успеть получиться быть can could will would be do make".split()
)
_SPEAKER: Final = frozenset({"я", "i"})
# Offering forms without a pronoun: "сделаем скидку 15%", "let's do 15% off".
_GIVING: Final = frozenset("сделаем сделаю скину сброшу дам дадим давайте let's lets".split())
_RANGE_WORDS: Final = frozenset({"до", "по", "to", "and", "till", "until"})
# Before a day of the week, a deadline, not the day something happens: "к пятнице", "by Friday".
_BY_DAY: Final = keys_of("к до by before until till")
_DIGITS: Final = re.compile(r"\d+")
# Words that make the subject after them the name of a day: "the morning of delivery".
_DAY_NAMES: Final = keys_of("morning day evening date")
_DAY_OF: Final = keys_of("день дата")
# Telling the client something: a clock time right after it is when the speaker gets in touch
# ("text you at 9 am tomorrow and when the courier sets off"), not when the courier comes.
_CONTACT_KEYS: Final = keys_of(
    "text message call ring phone email write update notify напишу позвоню сообщу наберу "
    "перезвоню отпишусь уведомлю свяжусь"
)
_DUTY: Final = frozenset({"должны", "обязаны", "должен", "должна", "обязан", "обязана"})
# Words that open a value without gluing a sentence: "this week", "next Friday".
_VALUE_DETERMINERS: Final = frozenset({"this", "next"})
_PERIODS: Final = frozenset({"week", "weekend", "month", "morn", "afternoon", "even", "year"})
_WE: Final = frozenset({"мы", "я"})  # by form: the subject, not "нам", "мне"
# After "you must be": a guess at the client's feelings, not an order.
_FEELINGS: Final = frozenset(
    "so veri realli quit frustrat tire annoy upset stress exhaust worri angri disappoint "
    "furious fed sick hard difficult aw terribl how".split()
)
_MODAL_KEYS: Final = frozenset("мочь смочь быть стать can could will would do".split())
_CAN_KEYS: Final = frozenset("мочь смочь can could".split())
# What a promise is given with: "nobody can honestly give / make / offer" one.
_GIVE_KEYS: Final = keys_of("give make offer promise guarantee")
# The client's wish as a condition: "if he wants it free", «если клиент требует».
_WISH_KEYS: Final = keys_of("want wants insist insists demand demands хотеть требовать настаивать")
_NEED_KEYS: Final = _WISH_KEYS | keys_of("need needed нужно надо понадобится")
# What joins a value to the subject after it: "a week of training", "490 рублей за доставку",
# "7 500 рублей в месяц", "3,500 roubles a month".
_PER: Final = frozenset({"of", "за", "в", "a", "per"})
_SUBJECT: Final = "subject"  # the family of expectation subjects
_BOUND: Final = "bound"  # the family of bound subjects

# Violations the scorer derives from the whole answer rather than from one phrase.
BUT_AFTER_ACK: Final = "speech.but_after_ack"
EVASIVE_PRAISE: Final = "evasive_praise"
KEYWORD_STUFFING: Final = "keyword_stuffing"
INVENTED_FACT: Final = "invented_fact"
CAPITULATION: Final = "capitulation"
COPY_OF_CLIENT: Final = "copy_of_client"
_DERIVED: Final = {
    BUT_AFTER_ACK: "minor",
    EVASIVE_PRAISE: "major",
    KEYWORD_STUFFING: "severe",
    INVENTED_FACT: "severe",
    CAPITULATION: "severe",
    COPY_OF_CLIENT: "severe",
}
# Anti-pattern families whose violation the client reacts to as a broken promise or a
# giveaway rather than as rudeness.
_PROMISE_FAMILIES: Final = frozenset({"impossible", "guarantee"})
_GIVEAWAY_FAMILIES: Final = frozenset({"capitulate"})


class Evidence(NamedTuple):
    """A pattern found in the answer and the answer's own words that carried it."""

    pattern: str
    dimension: str  # customer, product, situational or signal
    family: str
    words: str  # verbatim from the answer; pieces far apart are joined with " … "
    spans: tuple[tuple[int, int], ...]


class Violation(NamedTuple):
    id: str
    severity: str
    words: str = ""
    spans: tuple[tuple[int, int], ...] = ()


# An explicit __init__, as text.Token's; not frozen, as a frozen one could not assign.
@dataclass(slots=True)
class ScoreResult:
    case_id: str
    case_version: int
    step_id: str
    lang: str
    scores: dict[str, int]
    style: str
    total: int
    matched: tuple[Evidence, ...]
    violations: tuple[Violation, ...]
    feedback: tuple[str, ...]
    truncated: bool = False
    scorer_version: str = SCORER_VERSION
    library_version: int = 0
    signals: dict[str, bool] = field(default_factory=dict)  # the facts behind the verdict
    met: tuple[str, ...] = ()  # the step's expectations this answer meets
    missing: tuple[str, ...] = ()  # ... and those it does not
    reaction: str = ""  # what the client reacts to, empty when the answer moves things on
    review: bool = False  # the signals conflict: a person should look at this answer
    review_reason: str = ""  # a code: other_language, severe_with_complete_answer, ...
    rules_style: str = ""  # the rules' style, when the learned second opinion changed it
    opinion_reasons: tuple[str, ...] = ()  # ... and the features that weighed most for that
    # The second opinion's probability for the style (it sets a situational answer's place
    # in its band); -1 where it was not consulted.
    opinion_confidence: float = -1.0

    def __init__(
        self, case_id: str, case_version: int, step_id: str, lang: str, scores: dict[str, int],
        style: str, total: int, matched: tuple[Evidence, ...],
        violations: tuple[Violation, ...], feedback: tuple[str, ...], truncated: bool = False,
        scorer_version: str = SCORER_VERSION, library_version: int = 0,
        signals: dict[str, bool] | None = None, met: tuple[str, ...] = (),
        missing: tuple[str, ...] = (), reaction: str = "", review: bool = False,
        review_reason: str = "", rules_style: str = "", opinion_reasons: tuple[str, ...] = (),
        opinion_confidence: float = -1.0,
    ) -> None:  # fmt: skip
        self.case_id = case_id
        self.case_version = case_version
        self.step_id = step_id
        self.lang = lang
        self.scores = scores
        self.style = style
        self.total = total
        self.matched = matched
        self.violations = violations
        self.feedback = feedback
        self.truncated = truncated
        self.scorer_version = scorer_version
        self.library_version = library_version
        self.signals = {} if signals is None else signals
        self.met = met
        self.missing = missing
        self.reaction = reaction
        self.review = review
        self.review_reason = review_reason
        self.rules_style = rules_style
        self.opinion_reasons = opinion_reasons
        self.opinion_confidence = opinion_confidence

    def matched_ids(self) -> frozenset[str]:
        return frozenset(e.pattern for e in self.matched)

    def violation_ids(self) -> frozenset[str]:
        return frozenset(v.id for v in self.violations)

    @property
    def severe(self) -> bool:
        return any(v.severity == "severe" for v in self.violations)

    @property
    def answered(self) -> bool:
        return not self.missing or bool(self.signals.get("answered"))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values, for storage and `salesbot score --json`."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["scores"] = dict(self.scores)
        data["signals"] = dict(self.signals)
        data["feedback"] = list(self.feedback)
        data["met"] = list(self.met)
        data["missing"] = list(self.missing)
        data["opinion_reasons"] = list(self.opinion_reasons)
        data["matched"] = [
            {**e._asdict(), "spans": [list(s) for s in e.spans]} for e in self.matched
        ]
        data["violations"] = [
            {**v._asdict(), "spans": [list(s) for s in v.spans]} for v in self.violations
        ]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScoreResult:
        """The inverse of `to_dict`, tolerant of results stored by older scorers."""
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values.setdefault("lang", "")
        if "facts" in data and "signals" not in data:
            values["signals"] = dict(data["facts"])
        values["scores"] = dict(values.get("scores") or {})
        values["signals"] = dict(values.get("signals") or {})
        values["feedback"] = tuple(values.get("feedback") or ())
        values["met"] = tuple(values.get("met") or ())
        values["missing"] = tuple(values.get("missing") or ())
        values["opinion_reasons"] = tuple(values.get("opinion_reasons") or ())
        values["matched"] = tuple(
            Evidence(
                m["pattern"],
                m.get("dimension", ""),
                m.get("family", ""),
                m.get("words", ""),
                tuple(tuple(s) for s in m.get("spans") or ()),
            )
            for m in values.get("matched") or ()
        )
        values["violations"] = tuple(
            Violation(
                v["id"],
                v.get("severity", "minor"),
                v.get("words", ""),
                tuple(tuple(s) for s in v.get("spans") or ()),
            )
            for v in values.get("violations") or ()
        )
        return cls(**values)


def _saturate(x: float) -> float:
    """0 -> 0, 1 -> 0.63, 2 -> 0.86: more markers help, with diminishing returns."""
    return 1.0 - math.exp(-x)


def quote(
    text: str, tokens: list[Token], positions: Iterable[int]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The answer's own words at these token positions, verbatim, and their spans.

    Tokens next to each other (only spaces or punctuation between them) are quoted as one
    piece of the text; pieces further apart are joined with " … "."""
    spans: list[tuple[int, int]] = []
    for p in sorted(set(positions)):
        token = tokens[p]
        span = (token.start, token.end)
        if span not in spans:  # "don't" yields two tokens on one span
            spans.append(span)
    spans.sort()
    pieces: list[list[int]] = []
    for start, end in spans:
        if pieces and _adjacent(text, pieces[-1][1], start):
            pieces[-1][1] = end
        else:
            pieces.append([start, end])
    words = " … ".join(text[a:b] for a, b in pieces)
    return words, tuple(spans)


def _adjacent(text: str, end: int, start: int) -> bool:
    gap = text[end:start]
    return len(gap) <= 3 and not any(c.isalnum() for c in gap)


@dataclass(frozen=True, slots=True)
class _Compiled:
    """What the scorer prepares once per case: the matcher and lookups."""

    matcher: Matcher
    patterns: dict[str, Pattern]
    client_keys: dict[str, frozenset[str]]  # step id -> content keys of the client's lines
    client_numbers: dict[str, frozenset[float]]  # step id -> numbers the client said
    client_said: frozenset[str]  # content keys of all the client's lines, at any step
    client_digits: dict[str, frozenset[str]]  # step id -> the digit runs the client wrote


class Scorer:
    """Scores answers to the steps of cases; compiles each case's patterns once."""

    def __init__(
        self,
        library: Library,
        cases: Iterable[Case] = (),
        opinion: StyleModel | bool | None = True,
    ):
        self.library = library
        # True: the shipped second opinion; False or None: the rules alone.
        self.opinion: StyleModel | None = load_style_model() if opinion is True else opinion or None
        self._compiled: dict[tuple[str, int], _Compiled] = {}
        for case in cases:
            self.compiled(case)

    def compiled(self, case: Case) -> _Compiled:
        key = (case.id, case.version)
        compiled = self._compiled.get(key)
        if compiled is None:
            patterns = _case_patterns(self.library, case)
            client_keys = {}
            client_numbers = {}
            client_digits = {}
            percents: set[float] = set()  # said so far: "I won't match their 15%" steps on
            for step in case.steps:
                keys: set[str] = set()
                numbers: set[float] = set()
                for lines in step.client.values():
                    for line in lines:
                        tokens = analyse(line).tokens
                        keys |= {t.key for t in tokens if not t.stop and t.pos != POS_PRONOUN}
                        for fact in F.find_facts(tokens):
                            if fact.value is not None:
                                numbers.add(fact.value)
                                if fact.kind == F.PERCENT:
                                    percents.add(fact.value)
                client_keys[step.id] = frozenset(keys)
                client_numbers[step.id] = frozenset(numbers | percents)
                client_digits[step.id] = frozenset(
                    _DIGITS.findall(" ".join(line for ls in step.client.values() for line in ls))
                )
            compiled = _Compiled(
                Matcher(patterns),
                {p.id: p for p in patterns},
                client_keys,
                client_numbers,
                frozenset().union(*client_keys.values()),
                client_digits,
            )
            self._compiled[key] = compiled
        return compiled

    def score_answer(
        self, case: Case, step: Step | str, text: str, lang: str | None = None
    ) -> ScoreResult:
        """Score one answer to one step of a case."""
        judge = self._judge(case, step, text, lang, self.opinion)
        result = judge.result(len(text) > MAX_CHARS)
        if judge.written_in == "other" and "ru" in case.languages:
            result.total = max(result.total, self._translit_total(case, judge.step, text))
        return result

    def _translit_total(self, case: Case, step: Step, text: str) -> int:
        """Russian in Latin letters ("privezem v sredu") does not reach the client as it is:
        the style stays none. But a right answer in it ranks above a wrong one, in the
        none band's top (docs/labelling.md: translit with the right content is grade 1)."""
        cyrillic = read_translit(text[:MAX_CHARS])
        if cyrillic is None:
            return 0
        read = self._judge(case, step, cyrillic, "ru", self.opinion).result(False)
        if read.style != "situational":
            return 0
        share = (read.total - _SITUATIONAL_FLOOR) / (100 - _SITUATIONAL_FLOOR)
        return _TRANSLIT_FLOOR + round((_TRANSLIT_TOP - _TRANSLIT_FLOOR) * share)

    def opinion_features(
        self,
        case: Case,
        step: Step | str,
        text: str,
        lang: str | None = None,
        hide_severe: bool = False,
    ) -> tuple[ScoreResult, list[str] | None]:
        """The rules' verdict alone and the features a second opinion would weigh (None
        where it is not consulted): what bench/train_style_model.py learns from.
        `hide_severe`: as if the rules had found no severe fault."""
        judge = self._judge(case, step, text, lang, None)
        judge.keep_features = True
        judge.hide_severe = hide_severe
        result = judge.result(len(text) > MAX_CHARS)
        return result, None if judge.features is None else judge.features.names()

    def _judge(
        self, case: Case, step: Step | str, text: str, lang: str | None, opinion: StyleModel | None
    ) -> _Judge:
        if isinstance(step, str):
            step = case.step(step)
        analysed = analyse(text[:MAX_CHARS])
        written_in = language_of_text(analysed, case.languages[0])
        lang = lang if lang in case.languages else None
        lang = lang or (written_in if written_in in case.languages else case.languages[0])
        compiled = self.compiled(case)
        hits = compiled.matcher.find(analysed.tokens)
        return _Judge(self.library, compiled, case, step, analysed, lang, written_in, hits, opinion)


def subject_id(step: Step, expectation: Expectation) -> str:
    return f"expect:{step.id}:{expectation.id}"


def item_ids(step: Step, expectation: Expectation) -> list[str]:
    """The signal ids of an expectation's items, one per item (the k-th phrase of each
    language)."""
    count = max((len(phrases) for phrases in expectation.items.values()), default=0)
    return [f"item:{step.id}:{expectation.id}:{k}" for k in range(count)]


def _case_patterns(library: Library, case: Case) -> list[Pattern]:
    """Library and case patterns, plus signals for this case's topic, client name,
    expectation subjects and bounds."""
    patterns = [*library.patterns, *case.patterns]
    if case.topic:
        patterns.append(Pattern("topic", "signal", "topic", case.topic))
    for step in case.steps:
        if step.topic:
            patterns.append(Pattern(f"topic@{step.id}", "signal", "topic", step.topic))
        for expectation in step.expects:
            if expectation.about:
                patterns.append(
                    Pattern(subject_id(step, expectation), "signal", _SUBJECT, expectation.about)
                )
            for k, item_id in enumerate(item_ids(step, expectation)):
                phrases: dict[str, tuple[str, ...]] = {
                    lang: (items[k],) for lang, items in expectation.items.items() if k < len(items)
                }
                patterns.append(Pattern(item_id, "signal", _SUBJECT, phrases))
    names: dict[str, tuple[str, ...]] = {
        lang: (name,) for lang, name in case.persona.name.items() if name
    }
    if names:
        patterns.append(Pattern("client_name", "customer", "name", names, weight=0.5))
    if case.bounds.earliest_about:
        patterns.append(Pattern("bound:earliest", "signal", _BOUND, case.bounds.earliest_about))
    for i, duration in enumerate(case.bounds.durations):
        patterns.append(Pattern(f"bound:duration:{i}", "signal", _BOUND, duration.about))
    for i, hours in enumerate(case.bounds.hours):
        patterns.append(Pattern(f"bound:hours:{i}", "signal", _BOUND, hours.about))
    for i, value in enumerate(case.bounds.values):
        patterns.append(Pattern(f"bound:value:{i}", "signal", _BOUND, value.about))
    for i, days in enumerate(case.bounds.days):
        patterns.append(Pattern(f"bound:days:{i}", "signal", _BOUND, days.about))
    return patterns


class _Judge:
    """Works out one verdict; a class only to share the answer's analysis between steps."""

    def __init__(
        self,
        library: Library,
        compiled: _Compiled,
        case: Case,
        step: Step,
        analysed: Analysed,
        lang: str,
        written_in: str,
        hits: list[Hit],
        opinion: StyleModel | None = None,
    ):
        self.library = library
        self.opinion = opinion
        self.keep_features = False  # set by Scorer.opinion_features
        self.hide_severe = False  # ... and so is this
        self.features: VerdictFeatures | None = None  # what the second opinion weighed
        self.compiled = compiled
        self.case = case
        self.step = step
        self.analysed = analysed
        self.text = analysed.text
        self.astral = _ASTRAL.search(self.text) is not None  # any emoji at all
        self.tokens = analysed.tokens
        self.lang = lang
        self.written_in = written_in
        self.structure: Structure = analyse_structure(analysed)
        self.facts = F.find_facts(self.tokens, self.text)
        self.hits = hits
        # The strongest status of each pattern's placements, and that placement.
        self.status: dict[str, int] = {}
        self.place: dict[str, tuple[int, ...]] = {}
        self.by_id: dict[str, Hit] = {}
        # Of equally firm placements, one in a statement: "delivery, materials, a 3-year
        # warranty. What does the other price cover?" states what the price includes in the
        # list, not in the question about the competitor. Patterns that ask stay in questions.
        asking = {p for e in step.expects if e.value == "question" for p in e.patterns}
        questions = analysed.questions
        for hit in hits:
            best, where = -1, hit.positions
            stated = hit.pattern.id not in asking
            for place in hit.places:
                status = self.structure.status_of(place, self.tokens)
                if status > best or (
                    stated
                    and status == best
                    and self.tokens[where[0]].sentence in questions
                    and self.tokens[place[0]].sentence not in questions
                ):
                    best, where = status, place
            self.status[hit.pattern.id] = best
            self.place[hit.pattern.id] = where
            self.by_id[hit.pattern.id] = hit
        # Sentences that praise the product or the company: a subject named there is part of
        # a pitch, not an answer ("our app is among the top-rated" names no fee).
        self.pitch: set[int] = set()
        for hit in hits:
            if hit.pattern.kind == "product" and hit.pattern.family in _PITCH_FAMILIES:
                for place in hit.places:
                    if self.structure.status_of(place, self.tokens) != DENIED:
                        self.pitch.add(self.tokens[place[0]].sentence)
        # The tokens of answers and of the topic (a value there, "20 дюймов" to a size
        # question, is the answer's, not a feature of a pitch), and the sentences that say
        # what the price includes (their features answer a price question).
        self.answer_tokens: set[int] = set()
        self.included: set[int] = set()
        for hit in hits:
            if hit.pattern.kind == "situational" or hit.pattern.id == "topic":
                for place in hit.places:
                    self.answer_tokens.update(place)
            elif hit.pattern.family == "advantage":
                self.included.update(self.tokens[place[0]].sentence for place in hit.places)
        # Product talk the answer asserts ("гарантировать не могу" praises nothing), less
        # the answer's own values: what both pitch checks count.
        self.product_talk: list[tuple[tuple[int, ...], str]] = [
            (place, hit.pattern.family)
            for hit in hits
            if hit.pattern.kind == "product"
            for place in hit.places
            if not self.answer_tokens.intersection(place)
            and self.structure.status_of(place, self.tokens) != DENIED
        ]
        self.pitch |= self._feature_lists(hits)

    def _feature_lists(self, hits: list[Hit]) -> set[int]:
        """Sentences that string features together ("lightweight frames, reliable brakes,
        bright colours and free delivery"): four items or more and two more product hits
        than answer ones. The answer's own values ("20 дюймов" to a size question) are no
        feature, and what the price includes, a sentence that gives what the step asks for
        or a question is no pitch."""
        balance: dict[int, int] = {}  # product hits less answer hits, per sentence
        for place, _ in self.product_talk:
            sentence = self.tokens[place[0]].sentence
            balance[sentence] = balance.get(sentence, 0) + 1
        for hit in hits:
            if hit.pattern.kind != "situational":
                continue
            for place in hit.places:
                if self.structure.status_of(place, self.tokens) != DENIED:
                    sentence = self.tokens[place[0]].sentence
                    balance[sentence] = balance.get(sentence, 0) - 1
        # A sentence that gives what the step asks for is the answer, features and all:
        # "our price covers delivery, certified installation, materials and removal".
        answering: set[int] = set()
        for expectation in self.step.expects:
            for pid in (subject_id(self.step, expectation), *expectation.patterns):
                found_hit = self.by_id.get(pid)
                if found_hit is not None:
                    answering.update(self.tokens[p[0]].sentence for p in found_hit.places)
        found: set[int] = set()
        for sentence, count in balance.items():
            if count < 2 or sentence in self.included or sentence in self.pitch:
                continue
            if sentence in answering:
                continue
            inside = [t for t in self.tokens if t.sentence == sentence]
            said = self.text[inside[0].start : inside[-1].end + 1]
            if "?" not in said and len(_ITEM_BREAK.split(said)) >= 4:
                found.add(sentence)
        return found

    def _features_before(self, position: int) -> tuple[int, bool]:
        """How many features and praises stand in the clauses before a token's, not denied
        and not the answer's own values, and whether praise is among them (a list of what
        the price buys is features alone)."""
        if not self.product_talk:
            return 0, False  # and an empty answer has no token at the position
        places: set[tuple[int, ...]] = set()  # two patterns on one phrase are one feature
        praised = False
        clause = self.tokens[position].clause
        for place, family in self.product_talk:
            if (
                place[-1] < position
                and self.tokens[place[-1]].clause != clause
                and self.tokens[place[0]].sentence not in self.included
            ):
                places.add(place)
                praised = praised or family in ("praise", "enthusiasm")
        return len(places), praised

    # ------------------------------------------------------------------ the pieces

    def _sentence_status(self, sentence: int) -> int:
        """The best status among the sentence's clauses (a value stands somewhere in it)."""
        return max(
            (c.status for c in self.structure.clauses if c.sentence == sentence), default=DENIED
        )

    def _value_in(self, kind: str | None, sentence: int) -> tuple[int, tuple[int, ...]]:
        """The status and tokens of a value of `kind` in a sentence; (-1, ()) if none."""
        best: tuple[int, tuple[int, ...]] = (-1, ())
        tokens = self.tokens
        structure = self.structure

        def consider(status: int, positions: tuple[int, ...]) -> None:
            nonlocal best
            if status > best[0]:
                best = (status, positions)

        if kind in ("time", "number", "money", "percent"):
            for fact in self.facts:
                if fact.sentence != sentence or not fact.valid:
                    continue
                ok = (
                    (
                        kind == "time"
                        and fact.kind in F.TIME_KINDS
                        and (fact.kind != F.DURATION or fact.deadline)
                    )
                    or (kind == "number")
                    or (kind == "money" and fact.kind in (F.MONEY, F.PERCENT))
                    or (kind == "percent" and fact.kind == F.PERCENT)
                )
                if ok and not (kind == "time" and self._sympathised(fact.first)):
                    positions = tuple(range(fact.first, fact.last + 1))
                    consider(structure.status_of(positions, tokens), positions)
        families = {
            "time": ("time",),
            "money": ("money", "compensation"),
            "option": ("option",),
            "owner": ("owner", "next_step"),
            "contact": ("contact",),
        }.get(kind or "", ())
        for hit in self.hits:
            if hit.pattern.family in families:
                for place in hit.places:
                    # "разминуться с курьером из-за 15 минут": a cause, not when
                    if self.tokens[place[0]].sentence == sentence and not F.because_of(
                        tokens, place[0] - 1
                    ):
                        consider(structure.status_of(place, tokens), place)
        if kind == "question" and sentence in self.analysed.questions:
            consider(ASSERTED, ())
        if kind == "option" and sentence in self.analysed.questions:
            for i, token in enumerate(tokens):
                if token.sentence == sentence and token.key in ("или", "or"):
                    consider(ASSERTED, (i,))
        return best

    def expectation(self, expectation: Expectation) -> tuple[float, tuple[int, ...]]:
        """How fully an expectation is met (1, 0.5 when hedged, 0) and its tokens."""
        best: tuple[float, tuple[int, ...]] = (0.0, ())
        valued = {f.sentence for f in self.facts if f.valid}
        for pattern_id in expectation.patterns:
            status = self.status.get(pattern_id, -1)
            if status < 0:
                continue
            sentence = self.tokens[self.place[pattern_id][0]].sentence
            if sentence in self.pitch and sentence not in valued:
                continue  # named inside a pitch: "the best compensation is our quality"
            credit = 1.0 if status == ASSERTED else 0.5 if status == HEDGED else 0.0
            if _better(credit, self.place[pattern_id], best, self.tokens):
                best = (credit, self.place[pattern_id])
        if expectation.alone and expectation.value is not None:
            client_keys = self.compiled.client_keys.get(self.step.id, frozenset())
            for sentence in range(self.analysed.sentences):
                if sentence in self.pitch:
                    continue
                for fact in self.facts:
                    if fact.sentence != sentence or not fact.valid:
                        continue
                    if fact.kind not in (F.CLOCK, F.DATE, F.DAY) or fact.value == 0:
                        continue  # "today", "now", "in an hour" answer no "when?" alone
                    if self.tokens[fact.first].key in client_keys:
                        continue  # the client's own "к выходным" echoed back answers nothing
                    positions = tuple(range(fact.first, fact.last + 1))
                    status = self.structure.status_of(positions, self.tokens)
                    credit = 1.0 if status == ASSERTED else 0.5 if status == HEDGED else 0.0
                    if _better(credit, positions, best, self.tokens):
                        best = (credit, positions)
        if expectation.items:
            named = self._items_named(expectation)
            if named is not None and _better(named[0], named[1], best, self.tokens):
                best = named
        hit = self.by_id.get(subject_id(self.step, expectation))
        if hit is None:
            return best
        for place in hit.places:
            status = self.structure.status_of(place, self.tokens)
            if status == DENIED:
                continue
            sentence = self.tokens[place[0]].sentence
            if sentence in self.pitch and (
                expectation.value is None or not self._concrete_in(sentence)
            ):
                continue  # named inside a pitch, with nothing concrete to hold on to
            if expectation.value is None:
                if self._without(place[0]):
                    continue  # «отгрузим без реквизитов» names what is not needed
                if len(place) == 1 and self._no_among_others(place[0]):
                    continue  # "maybe yes, maybe no", «кому-то нет»: no answer at all
                clause = self.structure.by_index[self.tokens[place[0]].clause]
                items = sum(1 for p in hit.places if self.tokens[p[0]].sentence == sentence)
                claims = self._claims(sentence) or items >= 2  # "реквизиты, адрес, контакт"
                value_status = status if claims else -1
                extra: tuple[int, ...] = ()
                if clause.question and not self._offers(sentence):
                    value_status = -1  # naming the subject in a question is not a claim
            else:
                value_status, extra = self._value_in(expectation.value, sentence)
            status = min(status, value_status)
            credit = 1.0 if status == ASSERTED else 0.5 if status == HEDGED else 0.0
            if _better(credit, (*place, *extra), best, self.tokens):
                best = (credit, (*place, *extra))
        return best

    def _no_among_others(self, at: int) -> bool:
        """A "no" that is one of several answers: next to a "yes" ("yes or no", "maybe yes,
        maybe no", «и да и нет») or said of some ("some yes, some no", «кому-то нет»)."""
        tokens = self.tokens
        if tokens[at].form not in _NO_FORMS:
            return False
        sentence = tokens[at].sentence
        before = [t.form for t in tokens[max(0, at - 2) : at] if t.sentence == sentence]
        if (before[-1:] and before[-1] in _SOME_FORMS) or before == ["кому", "то"]:
            return True  # «кому-то» is written as two words
        # Nothing but "or", "maybe", «и» between them: "difficult, yes; inadequate, no"
        # weighs two things and answers the question.
        return any(
            tokens[i].form in _YES_FORMS
            and tokens[i].sentence == sentence
            and all(
                t.stop or t.form in _BETWEEN_YES_NO for t in tokens[min(i, at) + 1 : max(i, at)]
            )
            for i in range(max(0, at - 2), min(len(tokens), at + 3))
        )

    def _items_named(self, expectation: Expectation) -> tuple[float, tuple[int, ...]] | None:
        """Enough of the things a complete answer names, stated (not asked, denied or
        "without"): "Delivery. Certified installation, 3-4 h. Materials up to 5 m." lists
        what the price includes without the word "includes"."""
        asserted = hedged = 0
        places: list[int] = []
        chosen: tuple[int, ...] = ()
        for item_id in item_ids(self.step, expectation):
            hit = self.by_id.get(item_id)
            if hit is None:
                continue
            found = -1
            for place in hit.places:
                token = self.tokens[place[0]]
                if self.structure.by_index[token.clause].question or self._without(place[0]):
                    continue
                status = self.structure.status_of(place, self.tokens)
                if status > found:
                    found = status
                    chosen = place
            if found == ASSERTED:
                asserted += 1
            elif found == HEDGED:
                hedged += 1
            if found > DENIED:
                places.extend(chosen)
        if asserted >= expectation.min_items:
            return 1.0, tuple(sorted(places))
        if asserted + hedged >= expectation.min_items:
            return 0.5, tuple(sorted(places))
        return None

    def _sympathised(self, position: int) -> bool:
        """The client's own deadline inside a word of sympathy: «жаль, что вы остались без
        заказа на выходные», "I understand you needed it by the weekend" restate his
        situation and answer no "when?"."""
        token = self.tokens[position]
        client_keys = self.compiled.client_keys.get(self.step.id, frozenset())
        if token.key not in client_keys:
            return False
        clause = self.structure.by_index[token.clause]
        head = self.tokens[clause.first]
        dependent = head.key in _SUBORDINATE_HEADS or head.form in _SUBORDINATE_HEADS
        for hit in self.hits:
            if hit.pattern.family not in _ACK_FAMILIES:
                continue
            for place in hit.places:
                first = self.tokens[place[0]]
                if first.sentence != token.sentence or place[0] > position:
                    continue
                if first.clause == token.clause or dependent:
                    return True
        return False

    def _without(self, position: int) -> bool:
        """The word stands after "без" or "without", or in a list that does («без
        реквизитов и договора»)."""
        tokens = self.tokens
        for k in range(position - 1, max(-1, position - 4), -1):
            if tokens[k].clause != tokens[position].clause or tokens[k].pos in PREDICATE_POS:
                return False
            if tokens[k].form in ("без", "without"):
                return True
            if k < position - 1 and tokens[k + 1].form not in ("и", "или", "and", "or"):
                return False  # only a list joins a word to the "без" before it
        return False

    def _offers(self, sentence: int) -> bool:
        """ "Можем оформить рассрочку — удобно?": an offer put as a question."""
        words = [t for t in self.tokens if t.sentence == sentence]
        if words and words[0].pos == POS_INFINITIVE:
            return True  # «Скинуть ссылку вам на почту?»
        if any(a.form == "me" and b.form == "to" for a, b in pairwise(words)):
            return True  # "Want me to email you the link?"
        return any(
            t.key in _OFFER_KEYS or (t.pos == POS_VERB and t.person == 1) for t in words
        )  # "Отключаю?", "Оформляем?": the speaker's own action, asked for a yes

    def _concrete_in(self, sentence: int) -> bool:
        return any(
            f.sentence == sentence
            and f.valid
            and f.kind in (F.CLOCK, F.DATE, F.DAY, F.COUNT, F.MONEY)
            for f in self.facts
        )

    def _yes_or_no(self, sentence: int, strict: bool = False) -> bool:
        """The sentence is a bare yes or no ("Yes.", «Нет, честно.»); `strict`: not "sure"
        or «конечно»."""
        words = [t for t in self.tokens if t.sentence == sentence]
        known = _YES_NO_STRICT if strict else _YES_NO
        return 0 < len(words) <= 2 and any(t.form in known for t in words)

    def _claims(self, sentence: int) -> bool:
        """Whether a sentence says something: a predicate, or a value ("20 дюймов."), or
        a bare yes or no."""
        if self._yes_or_no(sentence):
            return True
        for clause in self.structure.clauses:
            if clause.sentence == sentence and clause.predicate:
                return True
        return any(f.sentence == sentence and f.valid for f in self.facts)

    # ------------------------------------------------------------------ violations

    def _fact_violations(self) -> list[Violation]:
        """Impossible facts, and facts beyond the case's bounds."""
        found: list[Violation] = []
        bounds = self.case.bounds
        tokens = self.tokens

        def add(vid: str, fact: F.Fact) -> None:
            words, spans = quote(self.text, tokens, range(fact.first, fact.last + 1))
            if all(v.spans != spans for v in found):
                found.append(Violation(vid, _DERIVED[vid], words, spans))

        # Where each bound's subject stands: a fact counts against a bound only next to
        # it, in the same clause ("доставим сегодня", not "адрес доставки ... сегодня").
        near: dict[str, list[tuple[int, int]]] = {}
        for hit in self.hits:
            if hit.pattern.family == _BOUND:
                # "on the morning of delivery, by 9:00" is when I write, not the delivery
                near[hit.pattern.id] = [
                    (p[0], p[-1]) for p in hit.places if not _names_a_day(tokens, p[0])
                ]
        if "bound:earliest" in near:
            # "refund the delivery fee today": the word is a longer subject's, the fee's
            longer = [
                (first, last)
                for bound_id, at in near.items()
                if bound_id.startswith("bound:value:")
                for first, last in at
            ]
            near["bound:earliest"] = [
                (first, last)
                for first, last in near["bound:earliest"]
                if not any(a <= first and last <= b and b - a > last - first for a, b in longer)
            ]

        def own_subject(last: int, fact: F.Fact) -> bool:
            """The fact's clause names its own subject before it: "setup Thursday–Friday,
            invoice within an hour" is about the invoice."""
            clause = tokens[fact.first].clause
            return any(
                not t.stop and t.clause == clause and t.key not in _ABOUT
                for t in tokens[last + 1 : fact.first]
            )

        def dashed(first: int, last: int, fact: F.Fact) -> bool:
            """The subject, a dash or a colon, the value: "пробный период — 60 дней",
            "a lease is ideal: about 14,000 a month"."""
            clause, own = tokens[fact.first].clause, tokens[last].clause
            if first > fact.last or clause != own + 1 or own_subject(last, fact):
                return False
            between = self.text[tokens[last].end : tokens[fact.first].start]
            if not any(mark in between for mark in "—–:") or "," in between:
                return False
            # "… before the courier sets off — does around 9:00 suit you?": a clause with a
            # verb of its own is no label's value.
            return not any(
                t.clause == clause and t.pos in (POS_VERB, POS_INFINITIVE) for t in tokens
            )

        def gap(first: int, last: int, fact: F.Fact) -> int:
            """Tokens between a subject at first..last and the fact, on either side."""
            return max(fact.first - last, first - fact.last)

        # Days no earlier than the bound's, and the clock times beside them ("by 9:00
        # tomorrow"); a clock time alone may be today's ("сегодня до 20:00").
        late_days = [
            f
            for f in self.facts
            if f.kind == F.DAY and (f.value or 0) >= (bounds.earliest_day or 0)
        ]
        late_times = late_days + [
            clock
            for clock in self.facts
            if clock.kind == F.CLOCK
            and any(
                0 < day.first - clock.last <= 2 or 0 < clock.first - day.last <= 2
                for day in late_days
            )
        ]

        def nearer_time(first: int, last: int, fact: F.Fact) -> bool:
            """Another time in the sentence stands nearer the subject and is its own: "the
            crew is there now and expects to restore it by 9:00 tomorrow"."""
            return any(
                other.first != fact.first
                and other.sentence == tokens[first].sentence
                and gap(first, last, other) < gap(first, last, fact)
                for other in late_times
            )

        def joined_on(fact: F.Fact, first: int) -> bool:
            """A subject after the fact, past a new subject joined on: "send it today and we
            deliver Wednesday" sends, not delivers, today."""
            return first > fact.last and any(
                tokens[i].form in _JOINS and tokens[i + 1].key in _SUBJECTS
                for i in range(fact.last + 1, first - 1)
            )

        def distance(
            bound_id: str, fact: F.Fact, verb: bool = False, own_time: bool = False
        ) -> tuple[int, int]:
            """How far the bound's subject stands from the fact, (another clause, tokens
            between), when it is next to it; (9, 99) when it is not. With `verb`, the
            subject must be a verb ("заработает через час") or right beside the fact
            ("delivery within 2 hours"), not a noun nearby ("get back within 10 minutes with
            the delivery date"). With `own_time`, a subject with a nearer time of its own is
            not this fact's."""
            best = (9, 99)
            for first, last in near.get(bound_id, ()):
                if tokens[first].sentence != tokens[fact.first].sentence:
                    continue
                if own_time and nearer_time(first, last, fact):
                    continue
                apart = gap(first, last, fact)
                other = tokens[first].clause != tokens[fact.first].clause
                if other:
                    if first > fact.last:
                        continue  # "the invoice within an hour — delivery Wednesday"
                    if own_subject(last, fact):
                        continue
                elif joined_on(fact, first):
                    continue  # "a crew is there right now and they say it'll be back by 9"
                elif first > fact.last and any(
                    tokens[k].form in ("and", "и") for k in range(fact.last + 1, first)
                ):
                    continue  # "the invoice within the hour and delivery on Wednesday"
                if apart <= 6 and (not verb or tokens[first].pos in PREDICATE_POS or apart <= 2):
                    best = min(best, (int(other), apart))
            return best

        def close_to(
            bound_id: str, fact: F.Fact, verb: bool = False, own_time: bool = False
        ) -> bool:
            return distance(bound_id, fact, verb, own_time)[0] < 9

        def with_part_of_day(fact: F.Fact) -> F.Fact:
            """ "Завтра с утра мастер у вас": the day and its part of day are one time, which
            ends where the part of day does."""
            for other in self.facts:
                if (
                    other.kind == F.PART_OF_DAY
                    and other.clause == fact.clause
                    and 0 < other.first - fact.last <= 2
                ):
                    return replace(fact, last=other.last)
            return fact

        def term_of(fact: F.Fact) -> Value | None:
            """The case's term this fact states: the nearest subject of a value bound of its
            kind in its clause, right before it ("рассрочка на 6 месяцев", up to four words
            between) or right after it ("20% down", "6 months' instalments"); or just before
            a dash or a colon that opens the fact's clause ("пробный период — 60 дней")."""
            best: tuple[int, Value | None] = (99, None)
            best_span = 0
            for i, value in enumerate(bounds.values):
                if fact.kind not in _TERM_FACTS[value.kind]:
                    continue
                if value.kind == "date" and fact.kind == F.COUNT and not _day_of_month(fact):
                    continue  # "монтаж 40 ноутбуков" states no day
                if value.kind == "money" and fact.kind == F.COUNT and not _grouped(fact, tokens):
                    continue  # "14,000 a month" is a sum; "доставку заказа 48215" is not
                for first, last in near.get(f"bound:value:{i}", ()):
                    if tokens[first].clause != tokens[fact.first].clause and not dashed(
                        first, last, fact
                    ):
                        continue
                    before = fact.first - last - 1  # words between subject and fact
                    after = first - fact.last - 1
                    if before > 0 and _another_doer(tokens, last + 1, fact.first):
                        continue  # "instalments, you could open in three weeks"
                    if before > 0 and any(
                        t.key in _CONTACT_KEYS for t in tokens[last + 1 : fact.first]
                    ):
                        continue  # "slot booked with a call 1 hour before": the call's time
                    if any(
                        other.kind == fact.kind
                        and (
                            (before >= 0 and other.last == first - 1)
                            or (after >= 0 and other.first == last + 1)
                        )
                        for other in self.facts
                    ):
                        # A subject with a figure of its kind right by it on the other side
                        # owns that one: "20% down and 0% for 6 months", «0% / взнос 20%».
                        continue
                    # Nearest first; on a tie the subject before the value owns it
                    # ("доставка 19-го, монтаж 20-го").
                    rank = 2 * before if before >= 0 else 2 * after + 1
                    if tokens[first].clause != tokens[fact.first].clause:
                        rank += 10  # "19-го доставка, 20-го монтаж": its own clause's first
                    # "a week of training", "a full week of on-site training", "490
                    # рублей за доставку"
                    of = 1 <= after <= 3 and tokens[fact.last + 1].key in _PER
                    # A bare count belongs only to a subject right by it ("30 ГБ", "заявка №
                    # 552190"), not to one three words back ("ГБ на SIM или 4G").
                    reach = 2 if value.kind == "count" else 4
                    # On a tie the longer subject owns it: "put down 10%" is the deposit's,
                    # not the down payment's
                    span = last - first
                    if (0 <= before <= reach or after == 0 or of) and (
                        rank < best[0] or (rank == best[0] and span > best_span)
                    ):
                        best, best_span = (rank, value), span
            if best[1] is None:
                best = (99, unsaid_term(fact))
            return best[1]

        def no_term(fact: F.Fact, but: str = "", of_its_kind: bool = False) -> bool:
            """The fact's clause names no case term's subject, `but` aside ("in the
            14:00–18:00 window"); with `of_its_kind`, no subject of a term the fact could
            state ("six months of the subscription free": a subscription's sum is no time)."""
            clause = tokens[fact.first].clause
            return not any(
                tokens[first].clause == clause
                for bound_id, at in near.items()
                if bound_id != but and not (of_its_kind and foreign_kind(bound_id, fact))
                for first, _ in at
            )

        value_kinds = {f"bound:value:{i}": value.kind for i, value in enumerate(bounds.values)}

        def foreign_kind(bound_id: str, fact: F.Fact) -> bool:
            """The bound is a value term of a kind the fact cannot state."""
            kind = value_kinds.get(bound_id)
            return kind is not None and fact.kind not in _TERM_FACTS[kind]

        def unsaid_term(fact: F.Fact) -> Value | None:
            """At a step where the client asks about a term, a value of its kind in a clause
            that names no other subject is that term's ("We can even do 30 days")."""
            for value in bounds.values:
                if self.step.id not in value.steps or fact.kind not in _TERM_FACTS[value.kind]:
                    continue
                if value.kind == "date" and fact.kind == F.COUNT:
                    continue
                return value if no_term(fact, "bound:earliest", of_its_kind=True) else None
            return None

        def another_terms(value: Value, fact: F.Fact, number: float) -> bool:
            """The value is another term's, named in the same sentence: in "когда 17-го
            закончим производство и когда 19-го повезём кухню" the 19th is the delivery's,
            whichever subject stands nearer."""
            for i, other in enumerate(bounds.values):
                if other is value or other.kind != value.kind or not _allows(other, number):
                    continue
                for first, _ in near.get(f"bound:value:{i}", ()):
                    if tokens[first].sentence == fact.sentence:
                        return True
            return False

        def unnamed(fact: F.Fact) -> bool:
            """The fact's clause names no case term and no action of its own ("Можем уже
            завтра с утра", "today by 6pm")."""
            clause = tokens[fact.first].clause
            if not no_term(fact):
                return False
            if any(t.sentence == fact.sentence and t.form in ("нет", "no") for t in tokens):
                return False  # "Сегодня — нет."
            if fact.first > 0 and tokens[fact.first - 1].form in ("about", "for", "за", "про"):
                return False  # "Really sorry about today": what happened, not the delivery
            if any(
                c.sentence == fact.sentence and c.predicate and c.status == DENIED
                for c in self.structure.clauses
            ):
                return False  # "Сегодня, честно скажу, не привезём."
            return not any(
                t.clause == clause
                and (
                    (t.pos in (POS_VERB, POS_INFINITIVE) and t.key not in _NO_ACTION)
                    or t.key in _SPEAKER  # "I'll text you the details today"
                )
                for t in tokens
            )

        def own_verb(fact: F.Fact) -> bool:
            """ "Прямо сейчас оформлю повторную доставку": "now" belongs to the verb right
            after it, which is not the bound's own ("сейчас привезём" still is)."""
            after = fact.last + 1
            if after >= len(tokens) or tokens[after].pos != POS_VERB:
                return False
            return not any(a <= after <= b for a, b in near.get("bound:earliest", ()))

        def contact_time(bound_id: str, fact: F.Fact) -> bool:
            """A verb of getting in touch stands just before the time, with no subject of
            the bound between them: "text you at 9 am … when the courier sets off"; or a
            word of it just after the time, in a clause that names no subject of the bound:
            "… before the courier sets off — does 9:00 suit you for that message?"."""
            start = max(fact.first - 3, 0)

            def contact_in(words: list[Token]) -> bool:
                return any(t.key in _CONTACT_KEYS and t.clause == fact.clause for t in words)

            subjects = near.get(bound_id, ())
            if contact_in(tokens[start : fact.first]):
                return not any(start <= a < fact.first for a, _ in subjects)
            return contact_in(tokens[fact.last + 1 : fact.last + 6]) and not any(
                tokens[a].clause == fact.clause for a, _ in subjects
            )

        # The days of the week the answer names for the case's `days` bounds; "к пятнице",
        # "by Friday" is a deadline, not the day something happens.
        named_days: dict[int, tuple[int, ...]] = {}
        for fact in self.facts if bounds.days else ():
            named = F.weekdays(fact, tokens, bounds.today)
            if named and (fact.first == 0 or tokens[fact.first - 1].key not in _BY_DAY):
                named_days[fact.first] = named
        # The tokens of those days, which a list of them runs over.
        day_words = {
            j
            for fact in self.facts
            if fact.first in named_days
            for j in range(fact.first, fact.last + 1)
        }

        def dash_label(fact: F.Fact, places: list[tuple[int, int, int]]) -> int | None:
            """A later day of a list labelled by the subject after a dash: in "привозим в
            среду, четверг и пятница — настройка" Thursday and Friday are the setup's, though
            the delivery's verb stands before them; the first day after that verb stays its
            own ("доставим в четверг — настройка ...")."""
            before = [last for _, last, _ in places if last < fact.first]
            if not before or not any(
                max(before) < d < fact.first and tokens[d].sentence == fact.sentence
                for d in named_days
            ):
                return None
            j = fact.last + 1
            while j < len(tokens) and (
                j in day_words or tokens[j].stop or tokens[j].form in _JOINS
            ):
                j += 1
            if j >= len(tokens):
                return None
            between = self.text[tokens[j - 1].end : tokens[j].start]
            if not any(mark in between for mark in "—–"):
                return None
            return next((i for first, _, i in places if first == j), None)

        def day_subject(fact: F.Fact) -> int | None:
            """Which `days` bound a day belongs to, as its sentence pairs them: where days
            come first, the subject after it ("среда — доставка, четверг–пятница —
            настройка", "Wednesday delivery and Thursday–Friday setup"); else the subject in
            its own clause ("а в четверг и пятницу инженеры всё настроят"), or the one
            before it ("доставим в четверг, настройка — пятница и понедельник"). None when
            no subject stands where the sentence's order puts it."""
            places = [
                (first, last, i)
                for i in range(len(bounds.days))
                for first, last in near.get(f"bound:days:{i}", ())
                if tokens[first].sentence == fact.sentence
            ]
            if not places:
                return None
            if fact.value is not None:
                # "сегодня", "послезавтра": only with the subject's verb or right beside it
                # ("пришлите сегодня адрес доставки" says nothing of the delivery day).
                beside = [
                    (gap(first, last, fact), i)
                    for first, last, i in places
                    if tokens[first].clause == fact.clause
                    and (tokens[first].pos in PREDICATE_POS or gap(first, last, fact) <= 2)
                    and not joined_on(fact, first)
                ]
                return min(beside)[1] if beside else None
            first_day = min(d for d in named_days if tokens[d].sentence == fact.sentence)
            labelled = dash_label(fact, places)
            if labelled is not None:
                return labelled
            if first_day < min(first for first, _, _ in places):
                after = [(first - fact.last, i) for first, _, i in places if first > fact.last]
                return min(after)[1] if after and min(after)[0] <= 6 else None
            same = [
                (gap(first, last, fact), i)
                for first, last, i in places
                if tokens[first].clause == fact.clause
            ]
            if same:
                return min(same)[1]
            before = [(fact.first - last, i) for _, last, i in places if last < fact.first]
            return min(before)[1] if before and min(before)[0] <= 6 else None

        for fact in self.facts:
            status = self.structure.status_of((fact.first,), tokens)
            if status == DENIED:
                continue  # "не 31 июня" denies nothing invented
            if not fact.valid:
                add(INVENTED_FACT, fact)
                continue
            weekdays = named_days.get(fact.first)
            if weekdays is not None:
                i = day_subject(fact)
                if i is not None and not bounds.days[i].allowed.issuperset(weekdays):
                    add(INVENTED_FACT, fact)  # delivery on Thursday, setup on Saturday
            value = term_of(fact)
            if (
                value is not None
                and fact.value is not None
                and not _allows(value, fact.value)
                and not another_terms(value, fact, fact.value)
            ):
                add(INVENTED_FACT, fact)  # "рассрочка на 24 месяца" where 6 or 12 are offered
            if fact.kind == F.PERCENT and fact.value is not None:
                paid_down = (
                    fact.last + 1 < len(tokens) and tokens[fact.last + 1].form in _DOWN_PAYMENT
                )
                discount = not paid_down and any(
                    t.sentence == fact.sentence
                    and (t.key in _DISCOUNT_WORDS or t.form in _DISCOUNT_WORDS)
                    # "15% off", not "pay it off over 6 months at 0% with 20% down"
                    and (t.form not in _NEAR_DISCOUNT_WORDS or -3 <= i - fact.first <= 3)
                    for i, t in enumerate(tokens)
                )
                if fact.value in self.compiled.client_numbers.get(
                    self.step.id, ()
                ) and not self._gives(fact):
                    continue  # quoting the client: "their 15% cheaper price"
                limit = bounds.max_discount if bounds.max_discount is not None else 15
                if discount and fact.value > limit:
                    add(CAPITULATION, fact)
            elif fact.kind in (F.DAY, F.NOW) and fact.value is not None and bounds.earliest_day:
                if (
                    fact.value < bounds.earliest_day
                    and (
                        close_to("bound:earliest", with_part_of_day(fact), True, True)
                        or (
                            fact.kind == F.DAY
                            and self.step.id in bounds.earliest_steps
                            and unnamed(fact)
                        )
                    )
                    and not own_verb(fact)
                ):
                    add(INVENTED_FACT, fact)
            elif fact.kind == F.DURATION and fact.value is not None:
                if (
                    bounds.earliest_day
                    and fact.from_now
                    and fact.value < 720 * bounds.earliest_day
                    and close_to("bound:earliest", fact, verb=True)
                ):
                    add(INVENTED_FACT, fact)  # "через час всё заработает", when not before tomorrow
                for i, duration in enumerate(bounds.durations):
                    if fact.value < duration.minutes and close_to(f"bound:duration:{i}", fact):
                        add(INVENTED_FACT, fact)
            elif fact.kind == F.CLOCK and fact.value is not None:
                for i, hours in enumerate(bounds.hours):
                    if (
                        not hours.start <= fact.value <= hours.end
                        and close_to(f"bound:hours:{i}", fact)
                        and not contact_time(f"bound:hours:{i}", fact)
                    ):
                        add(INVENTED_FACT, fact)
            elif fact.kind == F.ALWAYS:
                for i, hours in enumerate(bounds.hours):
                    if (hours.start, hours.end) != (0, 1440) and close_to(f"bound:hours:{i}", fact):
                        add(INVENTED_FACT, fact)  # "чат работает круглосуточно", open 9 to 21
        slotted = any(hours.windows for hours in bounds.hours)
        for first, last, start, end in self._time_ranges() if slotted else ():
            for i, hours in enumerate(bounds.hours):
                if not hours.windows or any(
                    (a, b) == (start, end)
                    or (hours.parts and a <= start and end <= b)
                    or (start <= a and b <= end)
                    for a, b in hours.windows
                ):
                    continue  # a slot, a part of one ("с 10 до 13" in 9-13), or the span of some
                if (
                    close_to(f"bound:hours:{i}", first)
                    or close_to(f"bound:hours:{i}", last)
                    or (self.step.id in hours.steps and no_term(first))
                ):
                    add(INVENTED_FACT, replace(first, last=last.last))  # a slot not on offer
        return found

    def _gives(self, fact: F.Fact) -> bool:
        """The speaker gives the client's figure as a discount, in its clause: "I'll give you
        15% off so it's the same", "давайте я сброшу 15%", not "their 15% cheaper price" or
        "15% — заметная разница"."""
        clause = self.tokens[fact.first].clause
        inside = [t for t in self.tokens if t.clause == clause]
        if any(t.key in _SPEAKER or t.form in _GIVING for t in inside) and any(
            t.key in _DISCOUNT_WORDS or t.form in _DISCOUNT_WORDS for t in inside
        ):
            return True
        # "I'll match the other company - 15% off", «сделаю вам 15%, как у конкурентов»: the
        # figure right after the speaker's offer, in the same sentence.
        before = self.tokens[max(0, fact.first - 6) : fact.first]
        return any(t.form in _GIVING or t.form in ("match", "минус") for t in before) and any(
            t.key in _SPEAKER or t.form in _GIVING for t in before
        )

    def _time_ranges(self) -> list[tuple[F.Fact, F.Fact, int, int]]:
        """Two times of day joined into a slot ("с 9 до 13", "14:00–18:00", "9-1"), with
        its start and end in minutes; a bare pair of numbers only across a dash, and hours
        before 7 read as afternoon ("2-6")."""
        tokens = self.tokens
        found: list[tuple[F.Fact, F.Fact, int, int]] = []
        timed = [f for f in self.facts if f.value is not None and f.kind in (F.CLOCK, F.COUNT)]
        for a, b in pairwise(timed):
            if a.sentence != b.sentence or b.first > a.last + 2:
                continue
            if found and found[-1][1] is a:
                continue  # "10:00–14:00 and 18:00–22:00": the end of one slot starts no other
            between = self.text[tokens[a.last].end : tokens[b.first].start].strip()
            dash = between in ("-", "–", "—")
            if b.first == a.last + 2 and tokens[a.last + 1].key not in _RANGE_WORDS:
                continue
            if b.first == a.last + 1 and not dash:
                continue
            if F.COUNT in (a.kind, b.kind):
                bare = [x.value for x in (a, b) if x.kind == F.COUNT]
                if not dash or any(v != int(v) or v > 24 for v in bare if v is not None):
                    continue
                around = tokens[max(0, a.first - 2) : b.last + 2]
                if any(t.key in F.UNIT_KEYS for t in around):
                    continue  # "монтаж часа 3-4", "ставят часа за 3-4": how long, not when
            start, end = (int((x.value or 0.0) * (60 if x.kind == F.COUNT else 1)) for x in (a, b))
            if start < 7 * 60 or (start == 7 * 60 and a.kind == b.kind == F.COUNT):
                start += 720  # "2-6", and "7-10": nobody delivers from 7 in the morning
            elif a.kind == F.COUNT and start < 720 and start + 720 < end and b.last > b.first:
                start += 720  # "7-10 pm": the pm is both times; "9–22" counts 24 hours
            while end <= start:
                end += 720  # "9-1", "22:00–01:00"
            found.append((a, b, start, end))
        return found

    def _comma_items(self) -> tuple[int, int, int] | None:
        """The words in the longest item, how many items are one word and how many items
        there are, when every sentence is four or more items between commas, none of them
        pairing a subject with its value ("Доставка — среда"); None when the answer is no
        such list."""
        tokens = self.tokens
        longest = singles = count = 0
        for sentence in range(self.analysed.sentences):
            inside = [t for t in tokens if t.sentence == sentence]
            if not inside:
                continue
            items = _ITEM_BREAK.split(self.text[inside[0].start : inside[-1].end])
            if len(items) < 4 or any("—" in item or ":" in item for item in items):
                return None
            sizes = [len(item.split()) for item in items]
            longest = max(longest, *sizes)
            singles += sum(1 for size in sizes if size == 1)
            count += len(items)
        return longest, singles, count

    def _is_list(self, answered: bool = False, acknowledged: bool = False) -> bool:
        """A string of pattern words with no sentence around them ("magic words").

        Real sentences carry function words and pronouns; a list of keywords does not,
        with or without commas between them. Terse notes ("Доставка — среда, настройка —
        четверг") still pair a subject with a value in each part."""
        tokens = self.tokens
        content = [t for t in tokens if not t.stop and t.pos not in (POS_FUNCTION, POS_PRONOUN)]
        if len(content) < 3:
            return False
        valued = {i for f in self.facts if f.valid for i in range(f.first, f.last + 1)}
        # "Understanding, the 20th, updates, solution": an English "-ing" or "-s" form alone
        # between commas is a noun in a list, though the word list knows its verb.
        last = len(tokens) - 1
        said = [
            t.pos in PREDICATE_POS
            and not (
                t.form.endswith(("ing", "s"))
                and t.surface.isascii()
                and (i == 0 or tokens[i - 1].clause != t.clause)
                and (i == last or tokens[i + 1].clause != t.clause)
            )
            for i, t in enumerate(tokens)
        ]
        # Without a verb anywhere, the preposition of a value ("звонок за час", "чат до 21")
        # glues no sentence together.
        verbless = not any(said)
        value_prepositions = {
            i
            for i, t in enumerate(tokens)
            if verbless and i + 1 in valued and t.form in _PREPOSITIONS
        }
        # "this" of "this week" belongs to the value, as a preposition before it does not
        glue = sum(
            1
            for i, t in enumerate(tokens)
            if (t.stop or t.pos in (POS_FUNCTION, POS_PRONOUN))
            and i not in value_prepositions
            and not (
                t.form in _VALUE_DETERMINERS
                and i + 1 < len(tokens)
                and (i + 1 in valued or tokens[i + 1].key in _PERIODS)
            )
        )
        clauses = self.structure.clauses
        # Parts with a verb of their own ("Успеваем.", "Оформляем?") are said, not listed.
        spoken = [c for c in clauses if any(said[c.first : c.last + 1])]
        bare = 0
        for index, clause in enumerate(clauses):
            if clause.last != clause.first or clause.first in valued:
                continue
            if said[clause.first]:
                continue  # "Поняла, простите. Не мешаю.": short, but said
            following = clauses[index + 1] if index + 1 < len(clauses) else None
            if (
                following is not None
                and following.sentence == clause.sentence
                and any(i in valued for i in range(following.first, following.last + 1))
            ):
                continue  # "Доставка — среда": a subject and its value
            bare += 1
        if len(clauses) >= 3 and bare >= 0.6 * len(clauses) and glue <= 1:
            return True
        # Five words or more with no verb, no value and nothing between them but an "и",
        # where they would answer: "уведомления услуги и комиссии приложение базовый пакет"
        # names the topics and says nothing.
        if (
            answered
            and verbless
            and glue <= 1
            and not valued
            and len(content) >= 5
            and len(clauses) == 1
        ):
            return True
        # "график, проверка в цеху, 20-е число, набор по уходу": a preposition inside an
        # item of a verbless list glues no sentence either; a list of features ("интеграция
        # с кассой, отчёты в реальном времени") is a pitch, which the product style reads.
        loose = verbless and glue <= 2 and not any(h.pattern.kind == "product" for h in self.hits)
        listed = self._comma_items() if glue <= 1 or loose else None
        # Named things, not single words, answer "what do you need?": "Реквизиты, адрес
        # доставки, контактное лицо, список программ" is an inventory, not magic words.
        # An apology among the items ("Plus package, 99 roubles, switch off, sorry") makes
        # it a string of the right words, not an inventory.
        # An inventory names things, not times and numbers ("чат 9-21, таблица размеров,
        # примерка Лесная 5, доставка" is topics strung together).
        # Where the step asks for a list of things, two single words among named things
        # still name things ("Реквизиты, адрес, контакт на месте, список ПО"); elsewhere one
        # single word among them makes a string of the answer's topics ("notifications,
        # services and fees, basic package, refund claim"), and abstractions come one word
        # each anyway ("Trust, partnership, fast response, professionalism").
        singles = 2 if any(e.inventory for e in self.step.expects) else 0
        inventory = (
            answered
            and not acknowledged
            and listed is not None
            and listed[1] <= singles
            and (listed[1] <= 1 or listed[2] - listed[1] >= 2)
            and not valued
        )
        slashed = _SLASHES.split(self.text) if listed is not None and not inventory else []
        if (
            len(slashed) >= 4
            # "6 mo 0% (20% down) / 12 mo ~8% / lease ~24k x 18": each part a term's figures
            and sum(1 for part in slashed if any(c.isdigit() for c in part)) < len(slashed) / 2
        ):
            return True  # "пакет плюс / уведомления / лимиты / базовый бесплатно / отключить"
        if listed is not None and not inventory:
            items = listed[0]
            if glue == 0 and items <= 3:
                return True  # "Cable, crew, tomorrow, 30 GB, modem."
            if items <= 4 and verbless:
                return True  # "empathy, patience, stress resistance, reason behind the emotion"
            # One short formula with a verb ("извините", "think it over") does not make a
            # sentence of the named topics around it: "извините, ошибка курьера, повторная
            # доставка, звонок за час, интервал".
            if (
                len(clauses) - len(spoken) >= 3
                and len(spoken) == 1
                and spoken[0].last - spoken[0].first <= 1
            ):
                return True
        valued_clauses = {tokens[i].clause for i in valued}
        syntax = self._has_syntax(value_prepositions)
        if (
            not answered
            and not syntax
            and len(clauses) >= 4
            and verbless
            and len(valued_clauses) < 0.5 * len(clauses)
        ):
            return True  # "wheel size, height, size chart, 20, 24"
        singles_in: dict[int, int] = {}
        for clause in clauses:
            if clause.first == clause.last and clause.first not in valued:
                singles_in[clause.sentence] = singles_in.get(clause.sentence, 0) + 1
        if glue <= 1 and max(singles_in.values(), default=0) >= 4:
            return True  # "понимаю, извините, доставка, завтра, договор"
        if glue / len(tokens) >= 0.12 or syntax:
            return False
        # English verbs are told by a word list and "contact", "list", "set" are nouns too:
        # without any glue word, only an auxiliary proves an English sentence.
        # Russian has a tagger: four words without a verb, two of them no value, are a
        # telegram too ("обрыв кабель бригада завтра", "завтра выходные интервал промокод").
        russian = not any(t.surface.isascii() for t in tokens if t.pos != POS_NUMBER_)
        if (
            glue == 0
            and sum(
                1
                for i, t in enumerate(tokens)
                if i not in valued and t in content and t.form not in _FIGURE_JOINTS
            )
            >= (2 if russian and len(clauses) == 1 and len(content) >= 4 else 4)
            and not any(
                t.pos == POS_AUX or (t.pos in PREDICATE_POS and not t.surface.isascii())
                for t in tokens
            )
            and len(clauses) <= 2
        ):
            return True  # "авария кабель бригада утро компенсация"
        families = {h.pattern.family for h in self.hits if h.pattern.kind != "anti"} - {"topic"}
        longest = max((c.last - c.first + 1 for c in clauses), default=0)
        notes = [
            c for c in clauses
            if c.last - c.first < 4 and any(i in valued for i in range(c.first, c.last + 1))
        ]  # fmt: skip
        if len(notes) >= max(1, 0.5 * (len(clauses) - len(spoken))):
            return False  # every part pairs a subject with its value: notes, not a list
        # "Звонок за час" is two words and the preposition of its value
        wordiest = max(
            (sum(1 for t in tokens[c.first : c.last + 1] if t in content) for c in clauses),
            default=0,
        )
        if glue == 0 and len(clauses) >= 4 and wordiest <= 2 and not inventory:
            return True  # "tracking, promo code, refund, courier details, 12:00"
        # "0% for 6 months with 20% down, or about 8% over 12 months": figures joined by
        # their prepositions are the sentence, not words strung around one value ("48215
        # tomorrow 10-14 18-22 290 roubles promo 10%" has no such joints).
        figures = sum(1 for f in self.facts if f.valid)
        joints = sum(
            1 for t in tokens if t.stop or t.pos == POS_FUNCTION or t.form in _FIGURE_JOINTS
        )
        if figures >= 3 and joints >= 2 and len(valued) >= 0.4 * len(tokens):
            return False
        return longest >= 4 and len(families) >= 2 and len(clauses) <= 2

    def _has_syntax(self, value_prepositions: set[int]) -> bool:
        """Signs of a sentence that a list of keywords lacks: a preposition governing a word
        ("в одном кафе", "in your area"), not just a value in a verbless list ("звонок за
        час"), or a modal with its infinitive ("можно попробовать")."""
        tokens = self.tokens
        for i, token in enumerate(tokens[:-1]):
            following = tokens[i + 1]
            if following.clause != token.clause:
                continue
            if token.form in _PREPOSITIONS and not following.stop and i not in value_prepositions:
                return True
            # "under a corporate contract": an article before its noun; keyword strings
            # carry no articles
            if token.form in F.ARTICLES and not following.stop and following.pos != POS_NUMBER_:
                return True
            if token.pos in (POS_PREDICATIVE, POS_AUX, POS_VERB):
                for later in tokens[i + 1 : i + 3]:
                    if later.clause == token.clause and later.pos == POS_INFINITIVE:
                        return True
                    # "I'll check": English has no infinitive form to tag
                    if (
                        token.pos == POS_AUX
                        and later.clause == token.clause
                        and later.pos == POS_VERB
                    ):
                        return True
        return False

    def _copies_client(self, credit: float) -> bool:
        """Most of the answer is the client's own words, or it repeats a long run of the
        client's line ("Вы спрашиваете, когда получите заказ и позвонит ли курьер?"), or it
        asks the client's question back with a few words and nothing else ("Зачем это лично
        вам, в ваших двух кафе? Хороший вопрос.", "Где ваш заказ? Сейчас посмотрю.")."""
        content = [
            t for t in self.tokens
            if not t.stop and t.pos not in (POS_PRONOUN, POS_NUMBER_)
        ]  # fmt: skip
        client = self.compiled.client_keys.get(self.step.id, frozenset())
        # "сейчас посмотрю" gives no fact; "ваших" is an adjective here
        own_words = [t for t in content if t.key not in _YOU]
        for sentence in self.analysed.questions:
            asked = [t.key for t in own_words if t.sentence == sentence]
            if len(asked) < 2 or sum(1 for k in asked if k in client) < 0.8 * len(asked):
                continue
            if len(own_words) - len(asked) > 4:
                continue
            # "Доставка и настройка 40 ноутбуков — успеем ли до пятницы? Сейчас узнаю.": what
            # it matched is the client's own question; no fact and no yes or no follows it.
            if not any(
                f.valid and f.kind != F.NOW and (credit == 0 or f.sentence != sentence)
                for f in self.facts
            ) and (
                credit == 0
                or not any(t.form in _YES_NO and t.sentence != sentence for t in self.tokens)
            ):
                return True
        keys = [t.key for t in content]
        if len(keys) < 3:
            return False
        shared = sum(1 for k in keys if k in client)
        # Numbers the client did not write are the answer's own ("20-inch fits 115-135 cm").
        said = self.compiled.client_digits.get(self.step.id, frozenset())
        new = sum(
            1
            for t in self.tokens
            if t.pos == POS_NUMBER_ and not set(_DIGITS.findall(t.surface)) <= said
        )
        # So are times the client did not name: "Да, успеем. Доставим в среду, настроим за
        # два дня." repeats his verbs and answers with a day and a duration.
        new += sum(
            1
            for f in self.facts
            if f.valid
            and f.kind != F.NOW
            and any(t.key not in client and not t.stop for t in self.tokens[f.first : f.last + 1])
        )
        if shared / (len(keys) + new) >= 0.8:
            return True
        run = longest = 0
        echo: set[int] = set()  # the sentences of the longest run
        for i, key in enumerate(keys):
            run = run + 1 if key in client else 0
            if run > longest:
                longest = run
                echo = {content[j].sentence for j in range(i - run + 1, i + 1)}
        if longest < 5 or longest < 0.45 * len(keys):
            return False
        # The client's question asked back is an echo; the client's terms confirmed ("Да,
        # устроит: оплата через 14 дней после поставки, пропишем это в договоре") is an
        # answer, unless it adds almost nothing of its own.
        own = len({k for k in keys if k not in client})
        return own < 2 or bool(echo & set(self.analysed.questions))

    def _but_after_ack(self, ack_hits: list[Hit]) -> Token | None:
        """The "но"/"but" that follows an acknowledgement and so takes it back, if any."""
        tokens = self.tokens
        for hit in ack_hits:
            last = max(hit.positions)
            sentence = tokens[last].sentence
            for token in tokens[last + 1 :]:
                if token.sentence > sentence + 1:
                    break
                if token.key in _BUT_KEYS:
                    return token
                if token.sentence == sentence + 1 and not token.stop:
                    break  # the next sentence started with something else
        return None

    def _an_order(self, place: tuple[int, ...]) -> bool:
        """English "must" is an order only about an action: "you must be tired" and "must
        have been" guess at feelings. ("You have nothing to worry about" orders nothing: the
        matcher's chain "have to" steps over no content word.) «Сообщать вам должны мы»
        names the company's duty, not the client's."""
        tokens = self.tokens
        by_index = self.structure.by_index
        if place and place[0] > 0 and tokens[place[0] - 1].key == "without":
            return False  # "updates every Monday without you having to ask"
        end = max(place) + 1 if place else 0
        if [t.form for t in tokens[end : end + 2]] == ["have", "been"]:
            return False  # "you ought to have been told": the company's duty, missed
        for p in place:
            key = tokens[p].key
            after, after_form = (
                (tokens[p + 1].key, tokens[p + 1].form) if p + 1 < len(tokens) else ("", "")
            )
            before_form = tokens[p - 1].form if p > 0 else ""
            if tokens[p].form in _DUTY and (after_form in _WE or before_form in _WE):
                # "вы правы, сообщать вам должны мы": the duty is the company's; "вы должны
                # нам доверять" is still an order
                return False
            if tokens[p].form in _DUTY and not any(
                tokens[q].key == "вы"
                and (
                    tokens[q].clause == tokens[p].clause
                    or not ((c := by_index.get(tokens[q].clause)) is not None and c.predicate)
                )
                for q in place
            ):
                # "вы правы, о таком должны предупреждать": the "вы" has a predicate of its
                # own ("Вы, со своей стороны, должны" has not)
                return False
            if (
                key == "must"
                and (
                    after in ("have", "been")
                    or (after == "be" and p + 2 < len(tokens) and tokens[p + 2].key in _FEELINGS)
                    # "how frustrated you must be", "how upset you must feel"
                    or (
                        after in ("be", "feel")
                        and any(t.key in _FEELINGS for t in tokens[max(0, p - 3) : p])
                    )
                )
            ):
                return False
        return True

    def _shape(self) -> tuple[list[str], list[str]]:
        """For the second opinion: the last sentence's lemmas (when there are several) and
        how the answer opens and closes: a discourse word first in the first or the last
        sentence ("Ну да, …", "Though honestly, …"), the client addressed in the last one,
        an emoji."""
        tokens = self.tokens
        sentences = self.analysed.sentences
        shape = [f"sentences:{min(sentences, 5)}"]
        if not tokens:
            return [], shape
        shape.append(f"first:{tokens[0].key}" if tokens[0].key in _OPENERS else "first:-")
        last: list[str] = []
        if sentences > 1:
            final = [t for t in tokens if t.sentence == tokens[-1].sentence]
            last = [t.key for t in final]
            head = final[0].key
            shape.append(f"last:{head}" if head in _OPENERS else "last:-")
            if any(t.key in _YOU for t in final):
                shape.append("last_you")
        if self.astral and _EMOJI_FACES.search(self.text) is not None:
            shape.append("emoji")
        return last, shape

    def _owns_it(self, place: tuple[int, ...]) -> bool:
        """ "Надо было сразу", said after "вы правы" or "простите", or by "я"/"мы" ("мне надо
        было раньше позвонить"), reproaches the speaker, not the client. Only for the
        impersonal "надо было", which names nobody."""
        tokens = self.tokens
        if not any(tokens[p].key == "надо" or tokens[p].key == "нужно" for p in place):
            return False
        sentence = tokens[place[0]].sentence
        return any(t.sentence == sentence and t.key in _OWNING_KEYS for t in tokens[: min(place)])

    def _contrasted(self, place: tuple[int, ...]) -> bool:
        """A word of the place stands right after "not a" / "not the": the negation took
        the article ("не_a"), but it denies the noun ("live training on site, not a video")."""
        tokens = self.tokens
        return any(
            p > 0
            and p != place[0]
            and p - 1 not in place  # "you're not the only one" is the phrase itself
            and tokens[p - 1].negated
            and tokens[p - 1].form in F.ARTICLES
            and tokens[p - 1].clause == tokens[p].clause
            for p in place
        )

    def _yes_to_another(self, place: tuple[int, ...]) -> bool:
        """ "No. Difficult situations — yes, lots of them": after a plain no to the question,
        a yes that follows a subject the speaker names in its sentence agrees about that
        subject, not with the question's label (the labelling guide's own model answer)."""
        tokens = self.tokens
        start = min(place)
        if tokens[start].form not in _YES_FORMS:
            return False
        said_no = any(
            t.form in _NO_FORMS
            and (c := self.structure.by_index.get(t.clause)) is not None
            and c.first == c.last
            for t in tokens[:start]
        )
        sentence = tokens[start].sentence
        named = [
            i
            for i, t in enumerate(tokens[:start])
            if t.sentence == sentence
            and not t.stop
            and t.pos not in (POS_FUNCTION, POS_PRONOUN, POS_ADVERB)
            and t.form not in _PREPOSITIONS
            and t.form not in _DISCOURSE_FORMS
        ]
        # the subject stands right before the yes: "between us, yes" names no one
        return said_no and len(named) >= 2 and named[-1] == start - 1

    def _smug_question(self) -> Token | None:
        """A question of one word, "Happy?" or «Довольны?», after an answer: a smirk at the
        client, not a check that the answer suits her."""
        tokens = self.tokens
        for sentence in sorted(self.analysed.questions):
            words = [t for t in tokens if t.sentence == sentence and t.form not in _SMUG_FILLER]
            if (
                len(words) == 1
                and words[0].form in _SMUG_QUESTION
                and any(t.sentence < sentence for t in tokens)
            ):
                return words[0]
        return None

    def _spares_the_client(self, place: tuple[int, ...]) -> bool:
        """ "Вам не нужно звонить самой": a negated need with "сам" takes a chore off the
        client; "не нужно мне звонить" reproaches her."""
        tokens = self.tokens
        if not any(tokens[p].negated for p in place):
            return False
        clause, sentence = tokens[place[0]].clause, tokens[place[0]].sentence
        if any(t.clause == clause and t.key in _SELF_KEYS for t in tokens):
            return True
        head = tokens[self.structure.by_index[clause].first]
        if head.form in _PURPOSE:
            return True  # "буду писать сама, чтобы вам не нужно было никого дёргать"
        # "дёргать нас вам не нужно: давайте я сама буду писать", "вы правы — дёргать нас не
        # нужно: я сама буду писать": the need is hers, the chore the speaker's own, later (in
        # this sentence or the next).
        # "Звонить больше не нужно — я сама буду писать" names no one either, where "не
        # нужно мне звонить" names the speaker as the one bothered.
        return (
            any(
                t.key == "вы" and (t.clause == clause or (t.sentence == sentence and i < place[0]))
                for i, t in enumerate(tokens)
            )
            or not any(t.clause == clause and t.form in _SPEAKER_OBJECTS for t in tokens)
        ) and any(
            sentence <= t.sentence <= sentence + 1 and t.key in _SELF_KEYS and i > max(place)
            for i, t in enumerate(tokens)
        )

    def _after_modal(self, place: tuple[int, ...]) -> bool:
        """A one-word order ("relax") after "can"/"will": said of what someone may do."""
        tokens = self.tokens
        first = place[0]
        return (
            len(place) == 1
            and first > 0
            and tokens[first - 1].form in _MODALS_EN
            and tokens[first - 1].clause == tokens[first].clause
        )

    def _in_purpose(self, place: tuple[int, ...]) -> bool:
        """Every word of the place lies in a clause of purpose («чтобы курьер позвонил»);
        a number may stand outside it (a phrase's `#` is found anywhere in the sentence)."""
        tokens, by_index = self.tokens, self.structure.by_index
        words = [p for p in place if tokens[p].pos != POS_NUMBER_]
        return bool(words) and all(
            tokens[by_index[tokens[p].clause].first].form in _PURPOSE for p in words
        )

    def _said_of_others(self, place: tuple[int, ...]) -> bool:
        """ "They calm down": the words follow a third person, their subject; they tell no
        one off."""
        tokens = self.tokens
        first = place[0]
        # an adverb between them: "they usually calm down", «они обычно успокаиваются»
        before = first - 2 if first > 1 and tokens[first - 1].form in _BETWEEN else first - 1
        return (
            before >= 0
            and tokens[before].key in _THIRD_PERSON
            and tokens[before].clause == tokens[first].clause
            and tokens[first].pos != POS_NOUN  # "клиенты идиоты" still calls names
            and not any(tokens[p].key in _MUST_KEYS for p in place)  # "он должен успокоиться"
        )

    def _goes_on(self, p: int) -> bool:
        """The sentence of token p goes on past p's clause."""
        sentence, clause = self.tokens[p].sentence, self.tokens[p].clause
        return any(c.sentence == sentence and c.index > clause for c in self.structure.clauses)

    @staticmethod
    def _wished(words: list[Token], keys: frozenset[str]) -> bool:
        """The client's wish or need in these words: "if you want", "if needed"."""
        return any((t.person == 2 and t.pos == POS_VERB) or t.key in keys for t in words)

    def _in_condition(self, place: tuple[int, ...]) -> bool:
        """The words are the condition of a sentence that goes on ("if their price doesn't
        include materials, the difference disappears"): weighed, not claimed."""
        tokens = self.tokens
        own = self.structure.by_index.get(tokens[place[0]].clause)
        if own is None or not own.conditional or own.question:
            return False
        # "if you need a few extra days, just say": the client's need, then the giveaway
        if self._wished(tokens[own.first : max(place) + 1], _NEED_KEYS):
            return False
        return self._goes_on(place[0])

    def _on_condition(self, place: tuple[int, ...]) -> bool:
        """A refund that follows a condition on the facts ("если подтвердится, что вас не
        уведомили, …") states a rule, not a giveaway; one that follows the client's own
        action ("if you stay with us, …") still bargains. A giveaway in the condition is a
        hypothesis."""
        tokens = self.tokens
        sentence, clause = tokens[place[0]].sentence, tokens[place[0]].clause
        own = self.structure.by_index.get(clause)
        if own is not None and own.conditional and not own.question:
            # The giveaway is the condition itself, weighed and not offered: "если я просто
            # отдам бесплатную доставку, компания теряет деньги". Asked, it is a bargain:
            # "если я сделаю скидку 30%, вы возьмёте сегодня?"
            return self._goes_on(place[0])
        for c in self.structure.clauses:
            if c.sentence == sentence and c.conditional and c.index < clause:
                # Up to the clause of the refund: "… что вас не уведомили" belongs to it.
                words = tokens[c.first : self.structure.by_index[clause].first]
                # "if he wants free delivery, I'd waive it": the client's wish is no fact
                return not self._wished(words, _WISH_KEYS)
        return False

    def _denied_later(self, place: tuple[int, ...]) -> bool:
        """ "You have to understand I can't spend all day on the phone": the negation comes
        after the order, with a subject of its own; it denies that subject's verb only."""
        tokens = self.tokens
        clause = self.structure.by_index.get(tokens[place[0]].clause)
        if clause is None or clause.trigger <= max(place):
            return False
        return any(tokens[j].key in _SUBJECTS for j in range(max(place) + 1, clause.trigger))

    def _only_unsure(self, place: tuple[int, ...]) -> bool:
        """The jab is denied only by a doubt outside it: "не знаю, чего ещё вы хотите",
        "понятия не имею, что вам ещё надо", "no idea what else you want from me"."""
        tokens = self.tokens
        triggers = {
            clause.trigger
            for p in place
            if (clause := self.structure.by_index.get(tokens[p].clause)) is not None
            and clause.status == DENIED
        }
        if not triggers:
            return False
        for t in triggers:
            if t < 0 or t in place:
                return False
            token = tokens[t]
            if token.negated and token.key[3:] in _UNSURE_KEYS:
                continue
            # "понятия не имею": the doubt is in the noun before the negated verb
            if not (
                token.negated
                and any(tokens[k].key in _UNSURE_KEYS for k in (t - 2, t - 1) if k >= 0)
            ):
                return False
        return True

    def _not_alone(self, place: tuple[int, ...]) -> bool:
        """ "Я сама вернуть не могу", "I can't refund it myself": a refusal the speaker
        limits to their own authority (the case's operator cannot decide a refund alone).
        Not "вы сами подключили", where "сам" is the client and part of the phrase, nor "я
        сама ничего не могу сделать", which refuses everything."""
        tokens = self.tokens
        if any(tokens[p].key in _ALONE_KEYS or tokens[p].key in _NOTHING for p in place):
            return False
        clause = tokens[place[0]].clause
        inside = [t.key for t in tokens if t.clause == clause]
        return any(k in _FIRST_PERSON for k in inside) and any(k in _ALONE_KEYS for k in inside)

    def _knows_not_others(self, place: tuple[int, ...]) -> bool:
        """ "I don't know" said of another party's offer ("what's in their price", «что у них
        входит»): honest about what the speaker cannot see, not a dodge of the question."""
        tokens = self.tokens
        know = [p for p in place if tokens[p].key.endswith(_KNOW_KEYS)]
        if not know:
            return False
        # The speaker's own "I don't know", not "most owners don't know what they lose".
        clause = tokens[know[0]].clause
        if not any(t.clause == clause and t.key in _FIRST_PERSON for t in tokens):
            return False
        last = max(place)
        sentence = tokens[last].sentence
        for i in range(last + 1, min(len(tokens), last + 7)):
            if tokens[i].sentence != sentence:
                break
            if tokens[i].key in _OTHERS_KEYS:
                return True
        return False

    def _names_authority(self, place: tuple[int, ...]) -> bool:
        """Whose decision it is: «не от меня зависит», "not up to me", "not my call" (a
        "call" after "my" or "our", not "call them")."""
        tokens = self.tokens
        for p in place:
            key = tokens[p].key
            if key == "call":
                if p > 0 and tokens[p - 1].form in ("my", "our"):
                    return True
            elif key in _AUTHORITY_KEYS:
                return True
        return False

    def _acts_after(self, place: tuple[int, ...]) -> bool:
        """The same sentence goes on, after a contrast, with what the speaker does ("не от
        меня зависит, но заявку я передам сегодня")."""
        tokens = self.tokens
        last = max(place)
        sentence, own = tokens[last].sentence, tokens[last].clause
        contrast = -1
        for i in range(last + 1, len(tokens)):
            token = tokens[i]
            if token.sentence != sentence:
                break
            if contrast < 0:
                if token.clause != own and token.key in _CONTRAST_KEYS:
                    contrast = token.clause
                continue
            if token.clause != contrast:
                break
            if token.key in _FIRST_PERSON:
                return True
        return False

    def _given_anyway(self, hit: Hit, answered: bool, evidence: dict[str, tuple[int, ...]]) -> bool:
        """A refusal of what the case allows is void when the answer gives what the step
        expects anyway, in words other than the refusal's ("nothing to compensate" names the
        compensation it refuses)."""
        refused = set(self.place[hit.pattern.id])
        return answered and not any(refused & set(found) for found in evidence.values())

    def _asked_apart(self, hit: Hit, relevant: list[Hit]) -> bool:
        """A question about the need in a clause of its own: "What matters most? If it's
        the price, 5% off". "Tell me what price works for you" asks for the capitulation."""
        tokens = self.tokens
        own = {tokens[i].clause for i in self.place[hit.pattern.id]}
        return any(
            tokens[i].clause not in own
            for h in relevant
            if h.pattern.family == "need_question"
            for i in self.place[h.pattern.id]
        )

    def _promised_before(self, place: tuple[int, ...]) -> list[int]:
        """The promise or say word that governs a placement from before it: in its clause, or
        in the clause its "что"/"that" depends on ("обещать, что к 10 всё точно заработает, я
        не буду", "I won't tell you the wait will never happen again")."""
        tokens = self.tokens
        start = min(place)
        clause = tokens[start].clause
        governing = {clause}
        first = self.structure.by_index.get(clause)
        if first is not None and tokens[first.first].form in ("что", "that"):
            governing.add(clause - 1)
        found = []
        for i in range(start - 1, -1, -1):
            if tokens[i].clause not in governing:
                break
            if (tokens[i].key[3:] if tokens[i].negated else tokens[i].key) in _PROMISE_KEYS:
                found.append(i)
        return found

    def _promise_refused(self, place: tuple[int, ...]) -> bool:
        """The promise word itself is negated, or governed by a negated "can"/"will"
        ("не буду гарантировать", "I can't promise"); "никто не заберёт, гарантирую" still
        guarantees."""
        tokens = self.tokens
        candidates = [*place, *self._promised_before(place)]
        after = max(place) + 1
        if after < len(tokens) and tokens[after].clause == tokens[after - 1].clause:
            candidates.append(after)  # "стопроцентно обещать не могу": the adverb's own verb
        for p in candidates:
            token = tokens[p]
            key = token.key[3:] if token.negated else token.key
            if key not in _PROMISE_KEYS:
                continue
            if token.negated:
                return True
            sentence = token.sentence
            if (token.pos == POS_NOUN or token.form in _PROMISE_NOUNS) and any(
                tokens[k].form in _NO_DETERMINERS and tokens[k].sentence == sentence
                for k in range(max(0, p - 3), p)
            ):
                return True  # "No 100% guarantee from me", «никаких гарантий»
            if p + 1 < len(tokens) and tokens[p + 1].form in _ANOTHER_THING:
                return True  # «Гарантирую другое: я лично слежу за заказом»
            clause = self.structure.by_index.get(token.clause)
            if clause is not None and clause.status == DENIED and clause.trigger >= 0:
                # The trigger is the negated modal, or the modal itself when the "not"
                # went into an adverb ("A 100% guarantee I can't honestly give you").
                trigger = tokens[clause.trigger]
                modal = trigger.key[3:] if trigger.negated else trigger.key
                # Not another's "won't": "I swear on my job he won't forget" swears.
                another = p < clause.trigger and any(
                    tokens[k].form in _OTHERS for k in range(p + 1, clause.trigger)
                )
                if modal in _MODAL_KEYS and abs(clause.trigger - p) <= 6 and not another:
                    return True
            if token.pos == POS_INFINITIVE and self._refused_later(p) >= 0:
                return True  # "Обещать, что банк никогда не потребует платежей, не могу."
            if self._nobody_can(p):
                return True
        return False

    def _nobody_can(self, p: int) -> bool:
        """ "A promise that it'll never happen is something nobody can honestly give": a
        "nobody can give" later in the promise's sentence denies it ("no one can say
        otherwise" does not)."""
        tokens = self.tokens
        sentence = tokens[p].sentence
        last = len(tokens)
        # "No one can promise 100%", «никто не может гарантировать»: the refusal before it.
        before = [k for k in range(max(0, p - 3), p) if tokens[k].sentence == sentence]
        # Only "can": «никто не будет забирать, обещаю» promises that nobody will.
        if any(tokens[k].key.removeprefix("не_") in _CAN_KEYS for k in before) and any(
            tokens[k].form == "никто" or self._no_one(k) for k in before
        ):
            return True
        for i in range(p + 1, last - 1):
            if tokens[i].sentence != sentence:
                break
            if not self._no_one(i):
                continue
            near = [k for k in range(i + 1, min(i + 5, last)) if tokens[k].sentence == sentence]
            # the give word ends its clause: what is given is the promise before it, not
            # "no one can give you a better deal"
            if any(tokens[k].key in _MODAL_KEYS for k in near) and any(
                tokens[k].key in _GIVE_KEYS
                and (k + 1 == last or tokens[k + 1].clause != tokens[k].clause)
                for k in near
            ):
                return True
        return False

    def _no_one(self, i: int) -> bool:
        """ "nobody", or the "no" of "no one"."""
        tokens = self.tokens
        form = tokens[i].form
        return form == "nobody" or (
            form == "no" and i + 1 < len(tokens) and tokens[i + 1].form == "one"
        )

    def _offer_refused(self, place: tuple[int, ...]) -> bool:
        """ "Бесплатно отдать доставку, которая не положена, я не стану": the offer the
        infinitive names, or the words just before it, is refused by the speaker's negated
        modal after it."""
        tokens = self.tokens
        last = max(place)
        later = self._refused_later(last)
        if later < 0 or tokens[later].person != 1:
            return False
        if any(tokens[p].pos == POS_INFINITIVE for p in place):
            return True
        # "Без депозита ни цену, ни машину удержать не смогу": the infinitive follows the
        # offer's words with no other verb between them.
        for i in range(last + 1, later):
            if tokens[i].pos == POS_INFINITIVE:
                return True
            if tokens[i].pos in PREDICATE_POS:
                return False
        return False

    def _refused_later(self, p: int) -> int:
        """A negated modal ("не могу", "не стану") later in the infinitive's sentence, or -1."""
        tokens = self.tokens
        for i in range(p + 1, len(tokens)):
            later = tokens[i]
            if later.sentence != tokens[p].sentence:
                break
            if later.negated and later.key[3:] in _MODAL_KEYS:
                return i
        return -1

    # ------------------------------------------------------------------ the verdict

    def result(self, truncated: bool) -> ScoreResult:
        case, step, tokens, text = self.case, self.step, self.tokens, self.text
        patterns = self.compiled.patterns
        step_topic = f"topic@{step.id}"

        # Markers that count: found outside a denial (negated markers mean the opposite).
        weight = {"customer": 0.0, "product": 0.0, "situational": 0.0}
        courtesy = 0.0  # the customer weight that is only an apology or an acknowledgement
        families: set[str] = set()
        relevant: list[Hit] = []
        anti: list[Hit] = []
        for hit in self.hits:
            pattern = hit.pattern
            status = self.status[pattern.id]
            if pattern.family == "topic" and pattern.id not in ("topic", step_topic):
                continue
            if pattern.family == _SUBJECT and not pattern.id.startswith(f"expect:{step.id}:"):
                continue
            if (
                status == DENIED
                and pattern.family not in _DENIAL_PROOF
                and not (pattern.family == "must" and self._denied_later(self.place[pattern.id]))
                and not (pattern.family == "rude" and self._only_unsure(self.place[pattern.id]))
            ):
                continue
            if (
                pattern.kind == "anti"
                and pattern.family != "evasion"
                and self._promise_refused(self.place[pattern.id])
            ):
                continue  # "гарантировать на 100% не буду", "обещать … не стану": none given
            if pattern.kind == "anti" and self._contrasted(self.place[pattern.id]):
                continue  # "2 hours of training on site, not a video"
            if pattern.family == "must" and not self._an_order(self.place[pattern.id]):
                continue  # "you must be so frustrated", "you have nothing to worry about"
            if pattern.family == "blame" and self._owns_it(self.place[pattern.id]):
                continue  # "вы правы, надо было сразу про ваши цифры": the speaker's own fault
            if pattern.family == "blame" and self._yes_to_another(self.place[pattern.id]):
                continue  # "Нет. Трудные ситуации — да, полно": a yes to the situations
            if pattern.family == "rude" and self._spares_the_client(self.place[pattern.id]):
                continue  # "вам не нужно звонить самой — я буду писать"
            if pattern.family == "rude" and self._said_of_others(self.place[pattern.id]):
                continue  # "once I find the reason, they calm down": no order to the client
            if pattern.family in ("rude", "dismiss") and self._after_modal(self.place[pattern.id]):
                continue  # "so your IT team can relax": a benefit, no order to calm down
            if pattern.family == "invented" and self._in_purpose(self.place[pattern.id]):
                continue  # "поставлю отметку, чтобы курьер позвонил": arranged, not claimed
            if pattern.family == "invented" and self._in_condition(self.place[pattern.id]):
                continue  # "if their price doesn't include materials, …": a hypothesis
            if pattern.family == "capitulate" and self._on_condition(self.place[pattern.id]):
                continue  # "если подтвердится, …, деньги вернут полностью"
            if pattern.family in _OFFER_FAMILIES and self._offer_refused(self.place[pattern.id]):
                continue  # "отдать … не стану", "без депозита … удержать не смогу"
            if pattern.family == "refuse" and self._not_alone(self.place[pattern.id]):
                continue  # "I can't refund it myself; what I can do is file a claim"
            if pattern.kind == "anti":
                anti.append(hit)
                continue
            relevant.append(hit)
            families.add(pattern.family)
            if pattern.kind in weight:
                counted = pattern.weight * (1.0 if status == ASSERTED else 0.5)
                weight[pattern.kind] += counted
                if pattern.kind == "customer" and pattern.family in _ACK_FAMILIES:
                    courtesy += counted

        # What the step expects.
        met: list[str] = []
        missing: list[str] = []
        credit = 0.0
        evidence_positions: dict[str, tuple[int, ...]] = {}
        for expectation in step.expects:
            value, positions = self.expectation(expectation)
            if value > 0:
                credit += value
                evidence_positions[expectation.id] = positions
            if value >= 1.0:
                met.append(expectation.id)
            else:
                missing.append(expectation.id)
        need = step.need or len(step.expects)
        coverage = min(1.0, credit / need) if need else 0.0
        required_met = all(e.id in met for e in step.expects if e.required)
        if not required_met:
            # Half of what the step requires is half an answer; none of it, whatever else
            # was said, is none ("I'll check with accounts and call back" to "what do you
            # need from us?").
            untouched = any(e.required and e.id not in evidence_positions for e in step.expects)
            coverage = min(coverage, 0.4 if untouched else 0.5)
        answered = bool(step.expects) and len(met) >= need and required_met

        # Signals.
        content = [t for t in tokens if not t.stop and t.pos != POS_FUNCTION]
        acknowledged = bool(families & _ACK_FAMILIES)
        has_question = bool(self.analysed.questions) or "need_question" in families
        valid_facts = [f for f in self.facts if f.valid]
        has_time = any(f.kind in F.TIME_KINDS for f in valid_facts) or "time" in families
        has_option = "option" in families
        next_step = "next_step" in families and (has_time or "owner" in families)
        topic_named = "topic" in families or any(h.pattern.family == _SUBJECT for h in relevant)
        predicate = any(c.predicate for c in self.structure.clauses) or bool(valid_facts)

        # Violations: anti-patterns, then those derived from the whole answer.
        violations: list[Violation] = []
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        # Direct speech, a whole sentence after a verb of saying, is said, not mentioned:
        # «Скажу ему: „Вы должны успокоиться“.» gives the order the candidate would give
        # («Честно скажу: „гарантирую“ обещать не буду» mentions the word).
        mentioned = [
            (a, b)
            for a, b in quoted
            if not (_SPEECH_BEFORE.search(text, 0, a) and text[b:].lstrip()[:1] in _SPEECH_END)
        ]
        client_words = self.compiled.client_said
        for hit in anti:
            pattern = hit.pattern
            place = self.place[pattern.id]
            if pattern.family == "capitulate" and self._asked_apart(hit, relevant):
                continue  # a concession offered after asking about the need is a negotiation
            if pattern.family == "withheld" and self._given_anyway(
                hit, answered, evidence_positions
            ):
                continue  # "компенсация за ожидание не предусмотрена, но 390 ₽ верну"
            if (
                pattern.family == "refuse"
                and self._names_authority(place)
                and ((answered and has_time) or self._acts_after(place))
            ):
                # "whether it's approved isn't my call: the bank answers in 10 days", "it's
                # not my call to make, but I'll submit it today": a limit of authority
                continue
            if pattern.family == "evasion" and self._knows_not_others(place):
                continue  # «не знаю, что у них входит в цену»: the competitor's offer, asked about
            if pattern.family == "pressure" and any(
                (tokens[j].key in _NOTHING or tokens[j].form == "ни")
                and tokens[j].clause == tokens[place[0]].clause
                for j in range(max(0, place[0] - 4), place[0])
            ):
                # «так вы ничего (ни одного этапа) не пропустите»: a reassurance, not "don't
                # miss it!"
                continue
            if pattern.family == "blame" and _this_starts_next_clause(tokens, place):
                # «Как я уже говорил, это пакет „Плюс“» lectures; «я это уже говорил» reproaches
                continue
            if pattern.family == "rules" and answered and "option" in families:
                continue  # "правило есть правило: доставка платная, предложу самовывоз"
            # Words quoted, not said: «гарантирую» я говорить не буду; «неадекватный клиент» —
            # это ярлык.
            # Sarcasm quotes the client's words back («все „просто смотрят“»): quoting is
            # the mockery.
            # A promise whose object is quoted names what it will not promise: «Не буду
            # обещать „никогда“ — обещаю прозрачность».
            in_quotes = sum(1 for p in place if _within(tokens[p], mentioned)) if mentioned else 0
            if (
                mentioned
                and pattern.family != "sarcasm"
                and (2 * in_quotes > len(place) or (pattern.family == "guarantee" and in_quotes))
            ):
                continue
            # The client's own label in quotation marks is named, not applied: «неадекватными»
            # их не считаю. Not a word of the speaker's own in quotes ("some of them are very
            # 'special'"), nor a reproach for the client's word (давайте без «бездельников»).
            if (
                pattern.family == "blame"
                and quoted
                and any(tokens[p].key in client_words and _within(tokens[p], quoted) for p in place)
                # ... but a jab of several words around it still jabs: «а то сразу „дорого“»
                and sum(1 for p in place if not _within(tokens[p], quoted)) < 3
            ):
                continue
            words, spans = quote(text, tokens, place)
            violations.append(Violation(pattern.id, pattern.severity or "minor", words, spans))
        violations += self._fact_violations()
        emoji = _SARCASM_EMOJI.search(text) if self.astral else None
        if emoji is not None:
            i = emoji.start()
            violations.append(Violation("anti.sarcasm", "severe", text[i], ((i, i + 1),)))
        smug = self._smug_question()
        if smug is not None:
            violations.append(
                Violation("anti.sarcasm", "severe", smug.surface, ((smug.start, smug.end),))
            )
        ack_hits = [h for h in relevant if h.pattern.family in _ACK_FAMILIES]
        but = self._but_after_ack(ack_hits)
        if but is not None:
            violations.append(
                Violation(BUT_AFTER_ACK, "minor", but.surface, ((but.start, but.end),))
            )
        if "praise" in families and step.expects and not answered:
            praise = next(h for h in relevant if h.pattern.family == "praise")
            words, spans = quote(text, tokens, praise.positions)
            violations.append(Violation(EVASIVE_PRAISE, "major", words, spans))
        stuffing = self._is_list(answered, acknowledged)
        if stuffing:
            violations.append(Violation(KEYWORD_STUFFING, "severe"))
        copied = not stuffing and self._copies_client(credit)
        if copied:
            violations.append(Violation(COPY_OF_CLIENT, "severe"))
        violations.sort(key=lambda v: _SEVERITY_RANK[v.severity])
        if self.hide_severe:
            # What the second opinion also learns from: a harmful answer's words as if the
            # rules had missed its fault, the case it exists for.
            violations = [v for v in violations if v.severity != "severe"]
        severe = any(v.severity == "severe" for v in violations)

        other_language = self.written_in not in case.languages
        markers = [h for h in relevant if h.pattern.kind in weight]
        topic_only = topic_named and not markers and not met and not credit and not valid_facts
        # A few words without a verb are fragments; a longer verbless sentence is usually a
        # nominal one ("у нас отличная служба доставки"). Named items that answer "what do
        # you need?" ("Реквизиты, адрес доставки, контактное лицо") are the answer, where a
        # run of pattern words with no comma or function word ("no labels reason harshness
        # solution") is not, nor are telegrams of verbless sentences ("Извинения. Повторная
        # доставка. Звонок за час. Интервалы.").
        fragment = not predicate and len(content) <= 6
        if fragment and answered and self.analysed.sentences <= 2:
            fragment = len(self.structure.clauses) < 2 and not any(
                t.stop and t.key not in NEGATORS for t in tokens
            )
        no_credit = not content or other_language or stuffing or copied or fragment or topic_only

        # Where the answer serves the client: sentences with evidence of the answer, an
        # acknowledgement, a question, an option or a next step.
        useful_sentences: set[int] = set()
        for positions in evidence_positions.values():
            useful_sentences |= {tokens[p].sentence for p in positions}
        for hit in relevant:
            if hit.pattern.kind in ("customer", "situational"):
                useful_sentences |= {tokens[p[0]].sentence for p in hit.places}
        sentences = max(1, self.analysed.sentences)
        useful_share = len(useful_sentences) / sentences
        word_count = len(content)
        # Padding: the answer is there but buried after two or more sentences of filler
        # (a pitch, or words with nothing recognised) that make up most of the text: the
        # guide's rule, docs/labelling.md §2.
        answer_sentences = {tokens[p].sentence for ps in evidence_positions.values() for p in ps}
        if answer_sentences:
            # A bare "Yes." or «Нет.» with only questions between it and the details answers
            # too: "Can we make it by Friday? Yes. Which days? Wednesday delivery, ...". A
            # "Sure!" before a pitch does not.
            start = min(answer_sentences)
            answer_sentences |= {
                i
                for i in range(start)
                if self._yes_or_no(i, strict=True)
                and all(k in self.analysed.questions for k in range(i + 1, start))
            }
        answer_starts = min(answer_sentences, default=0)
        if answer_sentences:
            # Every sentence that speaks to what the step expects belongs to the answer.
            for expectation in step.expects:
                ids = [subject_id(step, expectation), *expectation.patterns]
                for pid in ids:
                    found = self.by_id.get(pid)
                    if found is not None:
                        answer_sentences |= {
                            tokens[p[0]].sentence for p in found.places
                            if tokens[p[0]].sentence not in self.pitch
                        }  # fmt: skip
        # Sentences that serve the client: the answer, an acknowledgement or apology, a
        # question, an option or a next step. Thanks and "we value you" are warm filler.
        marked = set(answer_sentences)
        for hit in relevant:
            if hit.pattern.family in _SERVING_FAMILIES:
                marked |= {tokens[p[0]].sentence for p in hit.places}
        # A question after the answer asks the client's choice ("Which sounds closest to
        # what you can manage?"); one before it may still be a pitch's.
        marked |= {i for i in self.analysed.questions if i > answer_starts and i not in self.pitch}
        # Measured in words: a greeting or a short "Да, успеем." before the answer buries
        # nothing.
        words_in: dict[int, int] = {}
        for token in content:
            words_in[token.sentence] = words_in.get(token.sentence, 0) + 1
        filler_words = sum(n for i, n in words_in.items() if i in self.pitch or i not in marked)
        pitch_words = sum(n for i, n in words_in.items() if i in self.pitch)
        # A pitch before the answer buries it; the answer first, then a pitch, is heard
        # first (padding, which the total counts).
        pitch_before = sum(n for i, n in words_in.items() if i in self.pitch and i < answer_starts)
        buried = (
            bool(answer_sentences)
            and answer_starts >= 2
            and filler_words > 0.5 * max(1, len(content))
        ) or (answer_starts >= 1 and pitch_before > 0.3 * max(1, len(content)))
        # The same inside one long sentence: two features or more, praise among them, in
        # the clauses before the answer, and those words most of the text ("we've been on
        # the market for years, our engineers are certified, our logistics run like
        # clockwork, and we can deliver on Wednesday"). The answer starts where its evidence
        # does, past a subject far before the rest (at the Wednesday, not the engineers).
        first_answer = min((_last_run(ps) for ps in evidence_positions.values() if ps), default=0)
        pitch_words_before = sum(1 for t in content if t.start < tokens[first_answer].start)
        pitched_before, praised_before = self._features_before(first_answer)
        clause_buried = (
            pitched_before >= 2
            and praised_before
            and pitch_words_before > 0.4 * max(1, len(content))
        )
        buried = buried or clause_buried
        # Two sentences or more of sympathy, thanks and reassurance (or of praise), longer
        # than the rest, and then the fact: brief acknowledgement plus the answer is the
        # balance, the fact kept for the end of a long apology is the empathy strategy. Not
        # a reply that opens with its own point ("Inadequate? No. Upset, tired — often.").
        sympathy_or_praise = {
            tokens[p[0]].sentence
            for hit in relevant
            if hit.pattern.kind in ("customer", "product") and hit.pattern.family != "name"
            for p in hit.places
        }
        before_words = sum(n for i, n in words_in.items() if i < answer_starts)
        buried = buried or (
            answer_starts >= 2
            and before_words > 0.5 * max(1, len(content))
            and any(i in sympathy_or_praise for i in range(answer_starts))
        )
        # Half an answer to an upset client, then a sales pitch: "that's our Plus package …
        # one of the best deals around" explains the fee and sells it instead of offering to
        # stop it. What he hears is the advert.
        buried = buried or (
            _upset(case) and bool(missing) and pitch_words >= 0.3 * max(1, len(content))
        )
        # "I don't know" when the case gives the answer: bare, it is no answer at all; with
        # empathy around it, it is customer orientation without the substance.
        evasive = (
            any(patterns[v.id].family == "evasion" for v in violations if v.id in patterns)
            and not (answered or next_step)
            and "acknowledge" not in families
        )
        style = self._style(
            no_credit or evasive, severe, answered, coverage, weight, acknowledged,
            has_question, buried, bool(self.pitch) or clause_buried,
            any(patterns[v.id].family == "pressure" for v in violations if v.id in patterns),
            bool(met), weight["customer"] <= courtesy,
        )  # fmt: skip

        # Scores per dimension, 0-100.
        customer = _saturate(max(weight["customer"], 0.0) * 0.9)
        if acknowledged and not credit and not has_question:
            customer = min(customer, 0.45)
        product = _saturate(max(weight["product"], 0.0) * 0.9)
        situational = (
            0.75 * coverage
            + 0.1 * min(1.0, weight["situational"])
            + 0.15 * (acknowledged or has_question or weight["customer"] > 0 or not _upset(case))
        )
        if not step.expects:
            situational = 0.6 * bool(topic_named and predicate) + 0.4 * min(
                1.0, weight["situational"]
            )
        scale = 0.3 if severe or no_credit else 1.0
        scores = {
            "customer": round(100 * customer * scale),
            "product": round(100 * product * scale),
            "situational": round(100 * min(1.0, situational) * scale),
        }
        gaps = 0
        if _upset(case) and not acknowledged and "name" not in families:
            gaps += 1  # an upset client's feeling goes unacknowledged
        if not (families & _CLOSING_FAMILIES or has_question):
            gaps += 1  # no next step, no closing move
        total = self._total(
            scores, style, violations, severe, no_credit, coverage, useful_share, word_count, gaps
        )

        signals = {
            "answered": answered,
            "acknowledged": acknowledged,
            "question": has_question,
            "time": has_time,
            "option": has_option,
            "next_step": next_step,
            "topic_named": topic_named,
            "predicate": predicate,
            "no_credit": no_credit,
            "other_language": other_language,
        }
        # The learned second opinion, where the method leaves room: it never lifts a severe
        # violation or an answer that earns no credit (opinion.py).
        rules_style = style
        features = None
        if (self.opinion is not None or self.keep_features) and not no_credit:
            last_keys, shape = self._shape()
            features = verdict_features(
                style, total, scores, signals,
                [(v.id, v.severity) for v in violations],
                [(h.pattern.id, h.pattern.family) for h in relevant],
                len(met), len(missing), [t.key for t in tokens], last_keys, shape,
            )  # fmt: skip
        # What the model learns from: the answers whose style it may decide.
        self.features = None if severe else features
        reasons: tuple[str, ...] = ()
        confidence = -1.0  # the second opinion's probability for the style; -1 when silent
        if self.opinion is not None and features is not None and severe:
            # A named severe fault keeps the answer in the none band; the model's reading of
            # the words sets its place there: lowest where it, too, reads harm.
            total = round(total * (1 - _NONE_DOUBT * self.opinion.probability(features, "none")))
        elif self.opinion is not None and features is not None:
            style, confidence = self.opinion.verdict(features, style, answered)
            if style != rules_style:
                reasons = tuple(self.opinion.reasons(features, style, rules_style))
                total = self._total(
                    scores, style, violations, severe, no_credit, coverage, useful_share,
                    word_count, gaps,
                )  # fmt: skip
            if style == "none" and rules_style == "situational":
                # The rules read an answer here and the second opinion turned it down: no
                # fault was named, so it ranks above the answers with one, higher the less
                # sure the model is.
                doubt = min(1.0, 2 * (1 - confidence))
                total = _NONE_TOP + round((_REJECTED_TOP - _NONE_TOP) * doubt)
            if style == "situational" and total > _SITUATIONAL_FLOOR:
                # The band is the style's; the place in it is the rules' measure of the
                # answer, kept in full when the second opinion agrees and halved when it
                # doubts. Trained without each dev writer in turn, this ranked that writer's
                # excellent answers above the harmful ones in 99.7% of pairs, not 99.0%.
                span = total - _SITUATIONAL_FLOOR
                total = round(_SITUATIONAL_FLOOR + span * (0.5 + 0.5 * confidence))
        product_dominant = style == "product"
        matched = []
        for hit in relevant:
            if hit.pattern.kind == "anti" or hit.pattern.family in (_SUBJECT, _BOUND):
                continue
            words_, spans = quote(text, tokens, self.place[hit.pattern.id])
            matched.append(
                Evidence(hit.pattern.id, hit.pattern.kind, hit.pattern.family, words_, spans)
            )
        for expectation in step.expects:
            evidence = evidence_positions.get(expectation.id)
            if evidence and expectation.id in met:
                words_, spans = quote(text, tokens, evidence)
                matched.append(
                    Evidence(f"expect.{expectation.id}", "situational", "answer", words_, spans)
                )
        reaction = self._reaction(
            violations,
            no_credit or evasive,
            answered,
            coverage,
            style,
            acknowledged,
            product_dominant,
        )
        review, reason = self._review(violations, coverage, word_count, matched, other_language)
        if reason == "long_answer_unrecognised" and style == "none" and not violations:
            # Nothing read in a long answer is not proof of harm: it waits for a human at the
            # top of the none band, above the answers that were read and found empty.
            total = max(total, _NONE_TOP)
        if not review and style != rules_style:
            review, reason = True, "second_opinion"  # the rules and the model disagree
        elif not review and style == "situational" and 0 <= confidence < 0.5:
            review, reason = True, "opinion_doubt"  # kept, but the model leans elsewhere
        feedback = self._tips(violations, signals, style, total, missing, matched, rules_style)
        return ScoreResult(
            case.id,
            case.version,
            step.id,
            self.lang,
            scores,
            style,
            total,
            tuple(matched),
            tuple(violations),
            feedback,
            truncated,
            SCORER_VERSION,
            self.library.version,
            signals,
            tuple(met),
            tuple(missing),
            reaction,
            review,
            reason,
            rules_style if rules_style != style else "",
            reasons,
            round(confidence, 3),
        )

    def _style(
        self,
        no_credit: bool,
        severe: bool,
        answered: bool,
        coverage: float,
        weight: dict[str, float],
        acknowledged: bool,
        has_question: bool,
        buried: bool,
        pitched: bool,
        pushed: bool = False,
        firm: bool = True,
        courteous_only: bool = False,
    ) -> str:
        """The method's precedence: a severe fault or no real answer is `none`; the concrete
        answer is `situational`, unless buried in filler; without it, the filler decides.
        `firm`: some expectation is met in an asserted clause, not only hedged;
        `courteous_only`: the customer markers are only an apology or an acknowledgement."""
        if no_credit or severe:
            return "none"
        product, customer = weight["product"], weight["customer"]
        filler = "product" if pitched and product >= customer else "customer"
        if answered or coverage >= 0.5:
            if pushed:
                return "product"  # pushing is the advertising strategy's failure
            if not answered and pitched and product > 0 and product >= customer:
                return "product"  # half an answer inside a pitch: the pitch is what he hears
            return filler if buried else "situational"
        # "Извините! Просто хотела сказать: доставка бесплатная от 5000": a polite opener
        # before the pitch does not make the pitch care.
        if product > 0 and (product >= customer or courteous_only):
            return "product"
        if customer > 0 or acknowledged or has_question:
            return "customer"
        if coverage > 0 and firm:
            return "situational"
        return "none"  # nothing said, or only a guess that meets nothing ("might be a stretch")

    def _total(
        self,
        scores: dict[str, int],
        style: str,
        violations: list[Violation],
        severe: bool,
        no_credit: bool,
        coverage: float,
        useful_share: float,
        words: int,
        gaps: int = 0,
    ) -> int:
        """How well the answer fits what the step asks for, 0-100.

        The style sets the band (a situational answer 55-100, customer or product 20-45,
        none 0-15; 15-18 where the second opinion turns down what the rules accepted) and the
        answer's quality its place in the band: how much of what the step expects it gives,
        and the gaps an expert would name (no acknowledgement of an upset client, no next
        step, a minor speech fault, padding)."""
        minor = sum(1 for v in violations if v.severity != "severe")
        if style == "situational":
            quality = min(1.0, coverage) - 0.3 * gaps - 0.2 * minor
            if words > 45 and useful_share < 0.5:
                quality -= 0.2  # the answer is there, but buried
            return round(_SITUATIONAL_FLOOR + 45 * max(0.0, quality))
        if style in ("customer", "product"):
            if style in self.step.rejects:
                return 6  # the client has just turned exactly this down
            quality = 0.5 * min(1.0, coverage) + 0.5 * min(1.0, scores[style] / 100) - 0.15 * minor
            return round(20 + 25 * max(0.0, min(1.0, quality)))
        # None: a good answer spoiled by one fault still ranks above an answer with nothing.
        quality = min(1.0, coverage)
        if no_credit and not severe:
            quality *= 0.5
        return round(4 + (_NONE_TOP - 4) * quality) if quality >= 0.5 else round(4 * quality)

    def _reaction(
        self,
        violations: list[Violation],
        no_credit: bool,
        answered: bool,
        coverage: float,
        style: str,
        acknowledged: bool,
        product_dominant: bool,
    ) -> str:
        """What the client reacts to; empty when the answer simply moves things on."""
        patterns = self.compiled.patterns
        if any(v.id == KEYWORD_STUFFING for v in violations):
            return "evasive"  # a string of words promises nothing, whatever words it holds
        for v in violations:
            if v.severity != "severe":
                continue
            family = patterns[v.id].family if v.id in patterns else ""
            if v.id == CAPITULATION or family in _GIVEAWAY_FAMILIES:
                return "capitulate"
            if v.id == INVENTED_FACT or family in _PROMISE_FAMILIES:
                return "false_promise"
            if v.id in (KEYWORD_STUFFING, COPY_OF_CLIENT):
                return "evasive"
            return "rude"
        if no_credit:
            return "evasive"
        if answered:
            return ""
        if product_dominant:
            return "product"
        if coverage > 0:
            return "partial"
        if style == "customer" and acknowledged:
            return "empathy_only"
        if style == "customer":
            return "partial"
        return "evasive"

    def _review(
        self,
        violations: list[Violation],
        coverage: float,
        words: int,
        matched: list[Evidence],
        other_language: bool,
    ) -> tuple[bool, str]:
        if other_language:
            return True, "other_language"
        severe = [span for v in violations if v.severity == "severe" for span in v.spans]
        if coverage >= 1.0 and severe:
            # Only when the answer stands apart from the violation: "вы должны были
            # проверить заказ сами" names the order inside the blame and is no answer.
            clause_at = {t.start: t.clause for t in self.tokens}
            bad = {clause_at.get(a) for a, _ in severe}

            def apart(span: tuple[int, int]) -> bool:
                return clause_at.get(span[0]) not in bad

            answers = [e for e in matched if e.pattern.startswith("expect.")]
            if any(v.severity == "severe" and not v.spans for v in violations) or any(
                apart(span) for e in answers for span in e.spans
            ):
                return True, "severe_with_complete_answer"
        covered = sum(b - a for e in matched for a, b in e.spans)
        if words >= 40 and covered < 0.08 * len(self.text):
            return True, "long_answer_unrecognised"
        return False, ""

    def _tips(
        self,
        violations: list[Violation],
        signals: dict[str, bool],
        style: str,
        total: int,
        missing: list[str],
        matched: list[Evidence],
        rules_style: str = "",
    ) -> tuple[str, ...]:
        """At most MAX_TIPS short tips in the answer's language, the most important first.
        A tip never asks for what the answer already did."""
        library, case, step, lang = self.library, self.case, self.step, self.lang
        patterns = self.compiled.patterns
        tips: list[str] = []

        def add(text: str | None) -> None:
            if text and text not in tips:
                tips.append(text)

        def generic(key: str) -> str | None:
            value = library.tips.get(key)
            if not value:
                return None
            return value.get(lang) or next(iter(value.values()), None)

        if rules_style and style != rules_style and style != "situational":
            # The second opinion found what no rule names: say what it weighs against.
            add(generic(f"second_opinion_{style}"))
        for v in violations:
            pattern = patterns.get(v.id)
            if pattern is not None and pattern.tip:
                add(pattern.tip.get(lang) or next(iter(pattern.tip.values()), None))
            else:
                add(generic(v.id))
        if signals["other_language"]:
            add(generic("other_language"))
        if not signals["predicate"] and not signals["other_language"]:
            add(generic("no_predicate"))
        if missing and not signals["answered"]:
            add(step.hint.get(lang) or case.text(step.hint, lang))
        if not tips:
            if style == "customer" and signals["acknowledged"]:
                add(generic("ack_without_substance"))
            if (
                not signals["acknowledged"]
                and _upset(case)
                and total < 80
                and not any(e.dimension == "customer" for e in matched)
            ):
                add(generic("acknowledge_feelings"))
            if style == "situational" and total >= 70 and not tips:
                add(generic("well_done"))
        if not tips and not matched:
            add(generic("off_topic"))
        return tuple(tips[:MAX_TIPS])


def _allows(value: Value, number: float) -> bool:
    """An allowed value, or within `at_most`. Durations and sums give or take 2% ("полгода"
    is 182 days, "about 24,000"); a ticket number or a day is exact."""
    slack = 0.02 if value.kind in ("duration", "money") else 0.0
    if any(abs(number - a) <= slack * a for a in value.allowed):
        return True
    return value.at_most is not None and number <= value.at_most


def _last_run(positions: tuple[int, ...]) -> int:
    """Where the last run of a placement starts, runs being more than five tokens apart."""
    ordered = sorted(positions)
    start = ordered[0]
    for before, after in pairwise(ordered):
        if after - before > 5:
            start = after
    return start


def _another_doer(tokens: list[Token], start: int, end: int) -> bool:
    """A pronoun and its verb, or an action other than paying, between a term's subject and
    a value: the value is what that doer does ("with the lease you could open in three
    weeks", «лизинг позволит открыться через три недели»)."""
    pronoun = False
    for t in tokens[start:end]:
        if t.pos == POS_PRONOUN and t.key in _SUBJECTS_ALL:
            pronoun = True
        elif (pronoun and t.pos in PREDICATE_POS) or (
            t.pos == POS_INFINITIVE and t.key not in _PAYING
        ):
            return True
    return False


# Infinitives that belong to a payment term: «рассрочка — платить 6 месяцев».
_PAYING: Final = keys_of("платить оплатить выплатить выплачивать погасить гасить растянуть pay")


def _grouped(fact: F.Fact, tokens: list[Token]) -> bool:
    """A number written in thousands, "14,000" or "24 000": a sum even without a currency."""
    surface = tokens[fact.first].surface
    return not surface.isdigit() and fact.value is not None and fact.value >= 1000


def _names_a_day(tokens: list[Token], i: int) -> bool:
    """The subject word at i only names a day: "the morning of delivery", «в день доставки»."""
    if i >= 2 and tokens[i - 1].key == "of" and tokens[i - 2].key in _DAY_NAMES:
        return True
    # Russian: only after «день» or «дата», «с утра приедем» is when the visit is; not
    # after a count of days in a clause before ("30 дней, обучение на месте 2 часа")
    return (
        i >= 1
        and tokens[i - 1].key in _DAY_OF
        and tokens[i].pos == POS_NOUN
        and tokens[i - 1].clause == tokens[i].clause
    )


def _day_of_month(fact: F.Fact) -> bool:
    return fact.value is not None and 1 <= fact.value <= 31 and fact.value == int(fact.value)


def _better(
    credit: float,
    positions: tuple[int, ...],
    best: tuple[float, tuple[int, ...]],
    tokens: list[Token],
) -> bool:
    """More credit wins; on a tie, the evidence that comes first in the answer."""
    if credit <= 0:
        return False
    if credit != best[0] or not best[1]:
        return credit > best[0]
    return tokens[min(positions)].sentence < tokens[min(best[1])].sentence


def _this_starts_next_clause(tokens: list[Token], place: tuple[int, ...]) -> bool:
    """The phrase's last word is «это» opening the clause after the rest of it."""
    last = max(place)
    before = [p for p in place if p != last]
    return (
        tokens[last].form == "это"
        and bool(before)
        and tokens[last].clause != tokens[max(before)].clause
    )


def _within(token: Token, spans: list[tuple[int, int]]) -> bool:
    return any(a <= token.start and token.end <= b for a, b in spans)


def _upset(case: Case) -> bool:
    return case.persona.mood in {"angry", "upset", "anxious", "sceptical"}


__all__ = [
    "MAX_CHARS",
    "SCORER_VERSION",
    "Evidence",
    "ScoreResult",
    "Scorer",
    "Violation",
    "quote",
]
