"""The structure of an answer: clauses, and whether each one asserts what it says.

"Привезём в пятницу" commits; "Не могу гарантировать, что привезём в пятницу" does not,
and neither does "I can't tell you when they will come" or "наверное, в пятницу". A
negation or a hedge governs its own clause and the clauses that depend on it (that begin
with что, когда, ли, that, when, whether, ...); a clause that starts anew ("но в понедельник
привезём точно") is asserted again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from .text import (
    CONDITION_FORMS,
    POS_AUX,
    POS_NOUN,
    POS_NUMBER,
    POS_SHORT,
    POS_VERB,
    PREDICATE_POS,
    Analysed,
    Token,
    keys_of,
)

ASSERTED: Final = 2
HEDGED: Final = 1
DENIED: Final = 0

# Negated, these words deny the clause they govern: "не могу", "не обещаю", "not sure".
_DENY_RU: Final = (
    "мочь смочь обещать пообещать гарантировать знать уверенный успеть получиться удаться "
    "выйти ручаться факт думать собираться планировать сказать бывать"
)
_DENY_EN: Final = (
    "can could will would promis guarante know sure tell say think abl possibl expect plan idea go"
)
# Of those, the ones a bare "don't" tells the client rather than denies for the speaker
# ("Don't expect …", "Don't go …"); a chat "Don't know" drops an "I".
_ORDERED_EN: Final = frozenset({"expect", "think", "plan", "go"})
_CORRECTIONS: Final = frozenset({"только", "лишь", "зато", "only"})
# Words that deny or hedge whatever they stand in, with no negator needed.
_DENIERS: Final = (
    "вряд нельзя невозможно невозможный никак редко редкость rare rarely seldom unlik unable "
    "cannot impossibl сложно трудно"
)
# Not «ориентировочно»: "an estimate of 9:00" rounds a figure, as «примерно» does; it does
# not take the claim back.
_HEDGES_RU: Final = (
    "наверное наверно возможно вероятно постараться попробовать попытаться надеяться вроде "
    "кажется предположительно видимо"
)
_HEDGES_EN: Final = (
    "mayb perhap probabl hope hopefully possibl tri might attempt suppos guess depend"
)
# Words that open a dependent clause, which inherits the status of the clause before it.
_SUBORDINATORS: Final = (
    "что когда где ли чтобы как сколько куда откуда почему будет that when whether if what how "
    "where which exactly"
)
_COORDINATORS: Final = frozenset({"и", "а", "and", "or", "или"})
_CONDITIONALS: Final = CONDITION_FORMS | {"когда-нибудь"}


_DENY: Final = keys_of(_DENY_RU) | keys_of(_DENY_EN) | frozenset(_DENY_EN.split())
_DENIER_KEYS: Final = keys_of(_DENIERS) | frozenset(_DENIERS.split())
_HEDGE_KEYS: Final = keys_of(_HEDGES_RU) | keys_of(_HEDGES_EN) | frozenset(_HEDGES_EN.split())
_SUBORDINATOR_KEYS: Final = keys_of(_SUBORDINATORS) | frozenset(_SUBORDINATORS.split())
_IMPERATIVE_JOINS: Final = frozenset({"and", "so", "but", "then"})
_CERTAINTY_KEYS: Final = keys_of(
    "гарантия гарантировать гарантированно guarantee guaranteed promise promised certain"
)
_MAY_BE: Final = frozenset({"может", "может-быть", "maybe", "смотря"})  # by form: "смотря как"
# By form, a count that says "hardly any": "неадекватных клиентов — единицы".
_FEW: Final = frozenset({"единицы", "единичны", "единичные"})
# Every key and form _own_status looks for in a word that is not negated: most words are
# passed after these two look-ups.
_MARKED_KEYS: Final = _DENIER_KEYS | _HEDGE_KEYS | {"not"}
_MARKED_FORMS: Final = _FEW | _MAY_BE


# An explicit __init__, as text.Token's; not frozen, as a frozen one could not assign.
@dataclass(slots=True, unsafe_hash=True)
class Clause:
    index: int  # the tokens' clause number
    sentence: int
    first: int  # token indexes, inclusive
    last: int
    status: int  # ASSERTED, HEDGED or DENIED
    predicate: bool  # a verb, a predicative or a short adjective; or "noun + value"
    question: bool  # its sentence ends with a question mark
    conditional: bool  # "если ...", "if ..."
    trigger: int = -1  # the token that denies or hedges it (maybe in a governing clause)

    def __init__(
        self, index: int, sentence: int, first: int, last: int, status: int, predicate: bool,
        question: bool, conditional: bool, trigger: int = -1,
    ) -> None:  # fmt: skip
        self.index = index
        self.sentence = sentence
        self.first = first
        self.last = last
        self.status = status
        self.predicate = predicate
        self.question = question
        self.conditional = conditional
        self.trigger = trigger


@dataclass(slots=True)
class Structure:
    clauses: tuple[Clause, ...]
    by_index: dict[int, Clause]
    sentences: int

    def __init__(
        self, clauses: tuple[Clause, ...], by_index: dict[int, Clause], sentences: int
    ) -> None:
        self.clauses = clauses
        self.by_index = by_index
        self.sentences = sentences

    def status_of(self, positions: tuple[int, ...], tokens: list[Token]) -> int:
        """The weakest status among the clauses a placement spans. A phrase that holds the
        negation itself ("не могли бы вы", "ничего не могу сделать") is not denied by it."""
        status = ASSERTED
        for p in positions:
            clause = self.by_index.get(tokens[p].clause)
            if clause is not None and clause.status < status and clause.trigger not in positions:
                status = clause.status
        return status


def _own_status(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    """What a clause's own words do to it, before inheritance, and the word that did it."""
    status, trigger = ASSERTED, -1
    # A clause-final "no" denies what stands before it: "… в моей практике нет" (there are
    # none), "tomorrow, today unfortunately not"; "на адекватных и нет", "like it or not",
    # "why not" deny nothing.
    if (
        tokens[last].form in _FINAL_NO
        and last > first
        and tokens[last - 1].form not in _NO_DENIAL_BEFORE
    ):
        return DENIED, last
    for i in range(first, last + 1):
        token = tokens[i]
        key = token.key
        if token.negated:
            base = key[3:]
            if token.person == 2 and token.pos == POS_VERB:
                continue  # "не волнуйтесь", an imperative: it reassures, denies nothing
            if base in _ORDERED_EN and _is_imperative_en(tokens, i, first):
                continue  # "Don't expect the same price", said to the client
            # A negated infinitive is what is asked or promised, not a denial of it: "вы
            # должны не повышать голос", "постараемся не задерживать".
            if base in _DENY or (
                token.pos in (POS_VERB, POS_SHORT, POS_AUX)
                and not _is_imperative_en(tokens, i, first)
            ):
                return DENIED, i
        elif key not in _MARKED_KEYS and token.form not in _MARKED_FORMS:
            continue
        elif key in _DENIER_KEYS or token.form in _FEW:
            return DENIED, i
        elif key == "not" and i > first and tokens[i - 1].key in _DENY:
            return DENIED, i - 1  # "I can't honestly give": the "not" went into the adverb
        elif (key in _HEDGE_KEYS or token.form in _MAY_BE) and status == ASSERTED:
            status, trigger = HEDGED, i
    return status, trigger


def _is_imperative_en(tokens: list[Token], i: int, first: int) -> bool:
    """ "Don't worry": an English negated verb with no subject before it."""
    token = tokens[i]
    if not token.surface.isascii():
        return False
    # "here's 10% off and don't worry": the imperative starts after the "and"
    for j in range(i - 1, first - 1, -1):
        if tokens[j].key in _IMPERATIVE_JOINS:
            first = j + 1
            break
    return all(tokens[j].key in {"do", "not", "pleas", "please", "just"} for j in range(first, i))


def _has_predicate(tokens: list[Token], first: int, last: int) -> bool:
    """A verb-like word, or a nominal sentence that pairs a noun with a value ("доставка
    в среду", "установка — 2 часа")."""
    noun = value = False
    for i in range(first, last + 1):
        pos = tokens[i].pos
        if pos in PREDICATE_POS:
            return True
        if pos == POS_NOUN:
            noun = True
        elif pos == POS_NUMBER:
            value = True
    return noun and value


def analyse_structure(analysed: Analysed) -> Structure:
    """Split the tokens into clauses and work out each clause's status."""
    tokens = analysed.tokens
    spans: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or tokens[i].clause != tokens[start].clause:
            spans.append((start, i - 1))
            start = i
    clauses: list[Clause] = []
    previous: Clause | None = None
    for first, last in spans:
        head = tokens[first]
        status, trigger = _own_status(tokens, first, last)
        conditional = head.form in _CONDITIONALS or head.key in _CONDITIONALS
        if head.key in _COORDINATORS and first < last:  # "…, and if it doesn't work"
            conditional = conditional or tokens[first + 1].form in _CONDITIONALS
        same_sentence = previous is not None and previous.sentence == head.sentence
        if (
            same_sentence
            and previous is not None
            # a semicolon ends what a clause governs: "I won't give you empty guarantees;
            # what I'll do is track it myself"
            and ";" not in analysed.text[tokens[previous.last].end : head.start]
            # nor does it govern what the speaker offers instead: "I won't give you empty
            # guarantees - what I'll do is track it myself"
            and not _offers_instead(tokens, first, last)
            and previous.status < ASSERTED
            # a condition governs nothing after it: "if it doesn't work out, that's the risk"
            and not previous.conditional
            # a correction after a refusal starts afresh: "Сегодня никак — только завтра"
            and head.form not in _CORRECTIONS
            and (
                head.key in _SUBORDINATOR_KEYS
                or head.form in _SUBORDINATOR_KEYS
                # an indirect question: "не могу сказать, в силе ли 20-е", «успеем ли»
                or any(tokens[k].form == "ли" for k in range(first + 1, min(first + 3, last) + 1))
                or (  # a parenthetical "наверное,", "не знаю,"; not "Не придётся: …",
                    # nor a word that only inherited ("Not guaranteed, though, so I'm adding")
                    previous.last - previous.first < 2
                    and previous.first <= previous.trigger <= previous.last
                    and (previous.status == HEDGED or _denies_outright(tokens[previous.trigger]))
                )
                or (  # "..., and whether the courier calls"
                    head.key in _COORDINATORS
                    and first < last
                    and tokens[first + 1].key in _SUBORDINATOR_KEYS
                )
            )
            and (
                previous.status < status
                # denied twice: «Никто не говорит, что вас не было дома» denies the
                # accusation that holds a negation of its own
                or (status == DENIED == previous.status and trigger > previous.last)
            )
        ):
            status, trigger = previous.status, previous.trigger
        if conditional and status > HEDGED:
            status, trigger = HEDGED, first
        clause = Clause(
            head.clause,
            head.sentence,
            first,
            last,
            status,
            _has_predicate(tokens, first, last),
            head.sentence in analysed.questions,
            conditional,
            trigger,
        )
        clauses.append(clause)
        previous = clause
    clauses = _deny_backwards(analysed.text, tokens, clauses)
    # "И да, и нет": a sentence that says both yes and no commits to neither.
    # The "да" hedges the "нет" and the other way round: the first yes is the trigger.
    yes_at: dict[int, int] = {}
    no_in: set[int] = set()
    for i, t in enumerate(tokens):
        if t.form in ("да", "yes"):
            yes_at.setdefault(t.sentence, i)
        elif t.form in ("нет", "no"):
            no_in.add(t.sentence)
    both = {s: i for s, i in yes_at.items() if s in no_in}
    # "Ни да, ни нет", "neither yes nor no" answers nothing at all.
    neither = {
        t.sentence: i
        for i, t in enumerate(tokens)
        if t.form in ("ни", "neither", "nor")
        and i + 1 < len(tokens)
        and tokens[i + 1].form in ("да", "нет", "yes", "no")
    }
    if both or neither:
        clauses = [
            replace(c, status=DENIED, trigger=neither[c.sentence])
            if c.sentence in neither
            else replace(c, status=HEDGED, trigger=both[c.sentence])
            if c.sentence in both
            and (c.status > HEDGED or (c.trigger == c.last and tokens[c.last].key == "нет"))
            else c
            for c in clauses
        ]
    by_index = {c.index: c for c in clauses}
    return Structure(tuple(clauses), by_index, analysed.sentences)


def _denies_outright(token: Token) -> bool:
    """ "Не успеем", "can't", "единицы": a denial of what came before, not a negated action
    of its own ("you don't pay")."""
    if token.negated:
        return token.key[3:] in _DENY
    return token.key in _DENIER_KEYS or token.form in _FEW


# A speaker's aside between a fragment and its denial: "сегодня, честно скажу, не успеем".
_ASIDE_KEYS: Final = keys_of(
    "честно откровенно сказать признаться признаваться увы honestly afraid"
)


def _aside(tokens: list[Token], clause: Clause) -> bool:
    return any(tokens[k].key in _ASIDE_KEYS for k in range(clause.first, clause.last + 1))


_NO: Final = ("нет",)
_FINAL_NO: Final = frozenset({"нет", "not", "no"})
_NO_DENIAL_BEFORE: Final = frozenset(
    {"и", "or", "why", "if", "whether", "yes", "and", "say", "said"}
)
_YES_OR_NO: Final = ("да", "нет", "yes", "no")


def _lone(tokens: list[Token], clause: Clause, words: tuple[str, ...]) -> bool:
    """The clause is one of these words alone: "…, по-моему, нет", "— да"."""
    return clause.first == clause.last and tokens[clause.first].key in words


def _offers_instead(tokens: list[Token], first: int, last: int) -> bool:
    """A clause of the form "what I'll do is …", "what we can do is …"."""
    if tokens[first].form != "what" or last - first < 3:
        return False
    forms = [t.form for t in tokens[first + 1 : last + 1]]
    return "do" in forms[:4] and "is" in forms[: forms.index("do") + 5]


def _deny_backwards(text: str, tokens: list[Token], clauses: list[Clause]) -> list[Clause]:
    """A fragment with no predicate belongs to the denied clause after it, past short
    parentheticals: "сегодня, к сожалению, уже не успеем", "неадекватных клиентов в моей
    практике — единицы", "неадекватных клиентов, по-моему, нет"."""
    result = list(clauses)
    for i in range(len(result) - 2, -1, -1):
        clause = result[i]
        if clause.predicate or clause.status != ASSERTED:
            continue
        following = result[i + 1]
        dashed = following.sentence == clause.sentence and any(
            d in text[tokens[clause.last].end : tokens[following.first].start] for d in "—–-"
        )
        if dashed and _lone(tokens, following, _YES_OR_NO):
            # "Сложные ситуации — да. Неадекватных клиентов — нет.": a nominal sentence
            result[i] = clause = replace(clause, predicate=True)
        j = i + 1
        while (
            j < len(result)
            and result[j].sentence == clause.sentence
            and (not result[j].predicate or _aside(tokens, result[j]))
            and not result[j].first <= result[j].trigger <= result[j].last  # not "— единицы"
            and result[j].last - result[j].first < 2
            and not _lone(tokens, result[j], _NO)
        ):
            j += 1
        if j == len(result) or result[j].sentence != clause.sentence:
            continue
        after = result[j]
        if _lone(tokens, after, _NO) and (i < j - 1 or dashed):
            # "…, по-моему, нет", "а неадекватных клиентов — нет": there are none; not
            # "Сергей, нет, никто не издевается", a name before the answer
            result[i] = replace(clause, status=DENIED, trigger=after.first)
        elif (
            after.status == DENIED
            and not after.conditional
            and after.first <= after.trigger <= after.last
            and (
                _denies_outright(tokens[after.trigger])
                or (after.trigger == after.last and tokens[after.last].key == "нет")  # "почти нет"
            )
            # with no subject of its own: "такие аварии у нас редкость" denies only itself
            and not any(tokens[k].pos == POS_NOUN for k in range(after.first, after.trigger))
            # "estimate 9:00 tomorrow, not guaranteed" disclaims certainty, not the figure
            and not any(
                tokens[k].key.removeprefix("не_") in _CERTAINTY_KEYS
                for k in range(after.trigger, after.last + 1)
            )
        ):
            result[i] = replace(clause, status=DENIED, trigger=after.trigger)
    return result


__all__ = ["ASSERTED", "DENIED", "HEDGED", "Clause", "Structure", "analyse_structure"]
