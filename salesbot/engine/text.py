"""Text normalisation for pattern matching: tokens, lemma keys, negation, language.

Every word becomes a *key*: a Russian lemma (pymorphy3) or an English Snowball stem,
with ё folded to е and possessives folded to their pronoun (ваш -> вы), so that
"понимаю ваше недовольство" and "я понимаю, что вы недовольны" share keys.
A negator (не, ни, нет, not, never, no) is glued to the next content word of the
same clause ("не понимаю" -> "не_понимать") so negated words never match the
positive form, not even fuzzily.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import pymorphy3  # type: ignore[import-untyped]
import snowballstemmer  # type: ignore[import-untyped]

# Bidi marks, zero-width spaces and joiners, soft hyphen, BOM: invisible, never meaningful here.
_NEGATION_SKIP_WORDS: Final = """очень совсем вполне особо слишком всегда сразу так уже
really quite very always even yet be been so at all"""
_INVISIBLE: Final = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CYRILLIC: Final = re.compile(r"[а-яё]")
_LATIN: Final = re.compile(r"[a-z]")

# A number's key is "#" and its digits ("#30", "#18:00", "#15%"); a phrase writes "#" for
# any number and "#%" for any percentage.
NUMBER: Final = "#"
PERCENT: Final = "#%"
NEGATORS: Final = frozenset({"не", "ни", "нет", "not", "never", "no"})
# Words a negation skips over to reach the word it negates ("не очень понимаю").
# Personal pronouns: kept in phrases ("вы должны"), but count as function words when
# telling a sentence from a list of keywords.
PRONOUNS: Final = frozenset("я ты вы мы он она оно они i you we he she they it".split())
# Function words: dropped from pattern phrases, counted for the "real sentence" check.
STOP_WORDS: Final = frozenset(
    """и а в во на с со к ко по о об обо от до за из у для при про над под без через же бы
    то что чтобы как так вот ну уж уже ещё еще да или либо если когда тоже также лишь только
    просто ведь даже там тут здесь этот это эта эти тот та те то всё все весь вся быть есть
    a an the and or but if of to in on at by for with from as is are was were be been am do
    does did so that this these those it its there here then than just also very really""".split()
)
# Possessives fold to their pronoun: "ваше недовольство" ~ "вы недовольны", "your" ~ "you".
_PRONOUN_FOLD: Final = {
    "ваш": "вы",
    "наш": "мы",
    "мой": "я",
    "твой": "ты",
    "your": "you",
    "yours": "you",
    "our": "we",
    "ours": "we",
    "us": "we",
    "my": "i",
    "me": "i",
    "mine": "i",
    # chat spelling: "u must", "ur order"
    "u": "you",
    "ur": "you",
}
# English contractions: "don't" -> do not, "I'll" -> i will.
_NT_BASE: Final = {"ca": "can", "wo": "will", "sha": "shall", "ai": "am"}
_SUFFIXES: Final = {"ll": "will", "re": "are", "m": "am", "ve": "have", "d": "would", "s": None}
# Question words whose "'s" is "is", never a possessive: "what's", "where's".
_IS_BEFORE: Final = frozenset({"what", "where", "who", "how"})
# The same typed without the apostrophe, as in chat ("isnt", "cant", "im"); only the forms
# that are no other English word ("ill", "were" and "its" are). "wont" is one too, but the
# noun ("as is his wont") is no word a trainee types to a client: "i wont give u a guarantee".
_BARE: Final = {
    word: [base, "not"]
    for word, base in {
        "dont": "do",
        "doesnt": "does",
        "didnt": "did",
        "isnt": "is",
        "arent": "are",
        "wasnt": "was",
        "werent": "were",
        "cant": "can",
        "wont": "will",
        "couldnt": "could",
        "wouldnt": "would",
        "shouldnt": "should",
        "havent": "have",
        "hasnt": "has",
        "hadnt": "had",
        "mustnt": "must",
        "neednt": "need",
        "aint": "am",
    }.items()
} | {
    "im": ["i", "am"],
    "ive": ["i", "have"],
    "youre": ["you", "are"],
    "theyre": ["they", "are"],
    "whats": ["what", "is"],
    "youll": ["you", "will"],
}

_morph = pymorphy3.MorphAnalyzer()
_english = snowballstemmer.stemmer("english")


def _stem_en(word: str) -> str:
    return _english.stemWord(word)


# An explicit __init__ (here and in the engine's other per-answer classes): mypyc compiles
# it, while a dataclass's generated one runs as interpreted Python (about 10x slower).
@dataclass(slots=True)
class Token:
    """One word of an answer: where it stands and what it matches as."""

    surface: str  # as written, for evidence
    start: int  # character offsets in the original text
    end: int
    key: str  # lemma or stem; "не_" + key when negated
    clause: int
    sentence: int
    stop: bool  # a function word
    known: bool  # the dictionary knows it (Latin words count as known)
    pos: str = "X"  # a part of speech, coarse: see POS_* below
    person: int = 0  # 1, 2 or 3 for a verb or pronoun whose person is known
    form: str = ""  # the written word, lower case, ё folded: for phrases that need one form
    negated: bool = False  # a negator stood right before it

    def __init__(
        self, surface: str, start: int, end: int, key: str, clause: int, sentence: int,
        stop: bool, known: bool, pos: str = "X", person: int = 0, form: str = "",
        negated: bool = False,
    ) -> None:  # fmt: skip
        self.surface = surface
        self.start = start
        self.end = end
        self.key = key
        self.clause = clause
        self.sentence = sentence
        self.stop = stop
        self.known = known
        self.pos = pos
        self.person = person
        self.form = form
        self.negated = negated


# Coarse parts of speech. A clause has a predicate when it holds a verb, an infinitive, a
# predicative ("можно", "жаль"), a short adjective ("готовы", "должны") or an English
# auxiliary.
POS_VERB: Final = "V"
POS_INFINITIVE: Final = "I"
POS_PREDICATIVE: Final = "P"
POS_SHORT: Final = "S"
POS_AUX: Final = "M"
POS_NOUN: Final = "N"
POS_ADJECTIVE: Final = "A"
POS_ADVERB: Final = "D"
POS_PRONOUN: Final = "R"
POS_NUMBER: Final = "U"
POS_FUNCTION: Final = "F"
POS_OTHER: Final = "X"
PREDICATE_POS: Final = frozenset({POS_VERB, POS_INFINITIVE, POS_PREDICATIVE, POS_SHORT, POS_AUX})
_RU_POS: Final = {
    "VERB": POS_VERB,
    "INFN": POS_INFINITIVE,
    "PRED": POS_PREDICATIVE,
    "ADJS": POS_SHORT,
    "PRTS": POS_SHORT,
    "GRND": POS_VERB,
    "NOUN": POS_NOUN,
    "ADJF": POS_ADJECTIVE,
    "PRTF": POS_ADJECTIVE,
    "COMP": POS_ADVERB,
    "ADVB": POS_ADVERB,
    "NPRO": POS_PRONOUN,
    "NUMR": POS_NUMBER,
    "PREP": POS_FUNCTION,
    "CONJ": POS_FUNCTION,
    "PRCL": POS_FUNCTION,
    "INTJ": POS_OTHER,
}
_RU_PERSON: Final = {"1per": 1, "2per": 2, "3per": 3}
# English has no tagger here (spaCy or NLTK models would have to be downloaded); a closed
# list of auxiliaries and the commonest verbs of service talk tells predicates well enough.
_EN_AUX: Final = frozenset(
    """am is are was were be been being will would can could shall should may might must
    do does did have has had wo ca sha""".split()
)
_EN_PRONOUN_PERSON: Final = {
    "i": 1, "me": 1, "we": 1, "us": 1, "you": 2, "he": 3, "she": 3, "it": 3, "they": 3,
    "them": 3, "him": 3, "her": 3,
}  # fmt: skip
_EN_VERBS = """accept add agree allow answer apologise apologize arrange arrive ask assure book
bring buy call cancel change charge check choose come compare compensate confirm connect
contact cost count cover credit cut deliver decide describe discuss drop email explain
expect feel find fix follow forget get give go guarantee handle happen hear help hold hope
include install issue keep know learn leave let like listen look lose make manage mean
meet message miss move need offer order owe pay pick place plan prepare process promise
propose provide put reach read receive recommend refund remember remove repair replace
reply reserve resolve restore return ring run save say see sell send set settle share
ship show sign solve sort speak start stay stop suggest suit supply switch take talk tell
test text thank think track transfer try turn understand update use wait want waive work
worry write""".split()
_EN_VERB_STEMS: Final = frozenset(_stem_en(v) for v in _EN_VERBS)


def clean(text: str) -> str:
    """Return text with invisible characters removed and compatibility forms unified."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=200_000)
def _describe(word: str) -> tuple[str, str, int]:
    """The key, coarse part of speech and person of one lower-case word."""
    if _CYRILLIC.search(word):
        parsed = _morph.parse(word)[0]
        key = fold(parsed.normal_form)
        tag = parsed.tag
        pos = _RU_POS.get(tag.POS, POS_OTHER)
        person = 2 if tag.mood == "impr" else _RU_PERSON.get(tag.person, 0)
    elif _LATIN.search(word):
        key = _stem_en(word)
        person = _EN_PRONOUN_PERSON.get(word, 0)
        if word in _EN_AUX:
            pos = POS_AUX
        elif person:
            pos = POS_PRONOUN
        elif key in _EN_VERB_STEMS or (word.endswith("ed") and len(word) > 4):
            pos = POS_VERB
        else:
            pos = POS_OTHER
    else:
        return word, POS_OTHER, 0
    # Interned: every token of a lemma then carries the same string, which the lemma-keyed
    # tables (the matcher's, the second opinion's) find by identity, without comparing text.
    return sys.intern(_PRONOUN_FOLD.get(key, key)), pos, person


def lemma(word: str) -> str:
    """Return the matching key of one lower-case word: Russian lemma or English stem."""
    return _describe(word)[0]


def keys_of(words: str) -> frozenset[str]:
    """The keys of space-separated words, as answers' tokens carry them: a word list written
    as people write ("ничем", "roughly") matches what the tokeniser makes of it."""
    return frozenset(lemma(word) for word in words.split())


@lru_cache(maxsize=200_000)
def is_known(word: str) -> bool:
    """Whether the dictionary knows a Cyrillic word; Latin words and numbers count as known."""
    if _CYRILLIC.search(word):
        return _morph.word_is_known(word)
    return True


def _expand(word: str) -> list[str]:
    """Split English contractions into words; other words pass through."""
    if "'" not in word:
        return _BARE.get(word, [word])
    if word == "ma'am":
        return ["madam"]  # an address, not "ma" and the verb "am"
    head, _, tail = word.partition("'")
    if tail == "t" and head.endswith("n"):
        base = head[:-1]
        return [_NT_BASE.get(base, base), "not"]
    if tail == "s" and head in _IS_BEFORE:
        return [head, "is"]  # "what's your order number?" asks with a verb
    if tail in _SUFFIXES:
        extra = _SUFFIXES[tail]
        return [head] if extra is None else [head, extra]
    return [head, tail]


def detect_language(text: str, default: str = "ru") -> str:
    """Return "ru" or "en" by which script has more letters; default when there are none."""
    low = text[:500].lower()  # the opening is enough to tell the script
    ru = len(_CYRILLIC.findall(low))
    en = len(_LATIN.findall(low))
    if ru == en == 0:
        return default
    return "ru" if ru >= en else "en"


# A number with thousands grouped by commas or dots: "14,000", "380.000", "1,200,000".
_GROUPED: Final = re.compile(r"^\d{1,3}(?:[,.]\d{3})+$")
# The suffix of a Russian ordinal written in digits, «20-е», «17-го»: no word of its own
# (facts.py reads it to tell a day of the month).
RU_ORDINAL_SUFFIX: Final = re.compile(r"-[а-яё]{1,3}(?![а-яё])")
# One pass over the text: words, numbers, and the punctuation that ends a sentence or a
# clause. Punctuation inside numbers ("12.30", "1,5") splits nothing.
_SCAN: Final = re.compile(
    # A currency sign is a word ("24 000 ₽"), and so is a percent sign apart from a number
    # ("без % (взнос 20%)" is "без процентов", no "без взноса").
    r"(?P<w>[^\W\d_]+(?:['’][^\W\d_]+)*|[₽$€%])"
    r"|(?P<n>\d+(?:[.:,]\d+)*%?)"
    r"|(?P<s>[!?…\n]+|\.+(?!\d))"
    # An emoji or a smiley ends a clause: "No worries at all 🙂 I'm in the chat till 9".
    r"|(?P<c>[;()\[\]\"«»\r\t—–\u2600-\u27bf\U0001f300-\U0001faff]+|[,:]+(?!\d)|\s-\s)"
    r"|(?P<o>(?<=\d)" + RU_ORDINAL_SUFFIX.pattern + ")"  # "20-е", "17-го": the number says it all
)


# key, is a negator, is a function word, is known, part of speech, person, written form
_Word = tuple[str, bool, bool, bool, str, int, str]
_ANALYSED: Final[dict[str, tuple[_Word, ...]]] = {}


def _analyse(surface: str) -> tuple[_Word, ...]:
    """The words of one written form, cached: most answers reuse a small vocabulary."""
    found = _ANALYSED.get(surface)
    if found is not None:
        return found
    words: list[_Word] = []
    for word in _expand(fold(surface).replace("’", "'")):
        if word in NEGATORS:
            words.append((word, True, True, True, POS_FUNCTION, 0, word))
        else:
            key, pos, person = _describe(word)
            stop = word in STOP_WORDS or key in STOP_WORDS
            if stop and pos == POS_OTHER:
                pos = POS_FUNCTION
            words.append((key, False, stop, is_known(word), pos, person, word))
    result = tuple(words)
    if len(_ANALYSED) > 200_000:
        _ANALYSED.clear()
    _ANALYSED[surface] = result
    return result


def clear_caches() -> None:
    """Forget every cached analysis (for cold-start measurements)."""
    _ANALYSED.clear()
    _CHUNKS.clear()
    _describe.cache_clear()
    is_known.cache_clear()


def language_of(tokens: list[Token], default: str = "ru") -> str:
    """ "ru" or "en" by which script more words are written in; default when none."""
    ru = en = 0
    for token in tokens:
        if not token.surface:
            continue
        first = token.surface[0]
        if first.isascii():
            en += first.isalpha()
        elif first.isalpha():
            ru += 1
    if ru == en == 0:
        return default
    return "ru" if ru >= en else "en"


# What one whitespace-separated chunk ("четверг,", "18:00.", "don't") holds: kind
# (0 word, 1 number, 2 sentence end, 3 clause end), text, offset in the chunk, words.
_Piece = tuple[int, str, int, tuple[_Word, ...]]
_CHUNKS: Final[dict[str, tuple[_Piece, ...]]] = {}


def _chunk(chunk: str) -> tuple[_Piece, ...]:
    found = _CHUNKS.get(chunk)
    if found is not None:
        return found
    pieces: list[_Piece] = []
    if chunk in ("-", "--", "+"):
        # a dash between spaces ends a clause; so does a plus between items ("доставка +
        # монтаж (3-4 ч) + материалы до 5 м + гарантия 3 года")
        pieces.append((3, "", 0, ()))
    for match in _SCAN.finditer(chunk):
        if match.lastgroup == "o":
            continue
        word, number, sentence_end = match.group(1), match.group(2), match.group(3)
        if word:
            pieces.append((0, word, match.start(), _analyse(word)))
        elif number:
            pieces.append((1, number, match.start(), ()))
        else:
            pieces.append((2 if sentence_end else 3, sentence_end or "", match.start(), ()))
    result = tuple(pieces)
    if len(_CHUNKS) > 200_000:
        _CHUNKS.clear()
    _CHUNKS[chunk] = result
    return result


def clean_with_offsets(text: str) -> tuple[str, list[int]]:
    """`clean(text)` and, for each of its characters, the offset of the original character
    it came from, so that evidence spans point into the answer as the user wrote it."""
    out: list[str] = []
    origin: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1  # a letter with its combining marks is normalised as one piece
        piece = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text[i:j]))
        for char in piece:
            out.append(char)
            origin.append(i)
        i = j
    origin.append(n)
    return "".join(out), origin


# An explicit __init__, as text.Token's; not frozen, as a frozen one could not assign.
@dataclass(slots=True)
class Analysed:
    """An answer split into tokens, with the sentences that end in a question mark."""

    text: str  # the answer as the user wrote it
    tokens: list[Token]
    questions: frozenset[int]  # sentence indexes
    sentences: int  # how many sentences

    def __init__(
        self, text: str, tokens: list[Token], questions: frozenset[int], sentences: int
    ) -> None:
        self.text = text
        self.tokens = tokens
        self.questions = questions
        self.sentences = sentences


def analyse(text: str) -> Analysed:
    """Split text into tokens with keys, clauses and sentences, negation glued.

    Works chunk by chunk (split at white space): chunks repeat from answer to answer, so
    each is analysed once and then read from a cache. Token offsets point into `text`.
    """
    if _INVISIBLE.search(text) is None and unicodedata.is_normalized("NFKC", text):
        cleaned, origin = text, None  # the common case: offsets are the text's own
    else:
        cleaned, origin = clean_with_offsets(text)
    tokens: list[Token] = []
    questions: set[int] = set()
    sentence = clause = cursor = 0
    pending_negation = False
    ended = True  # the last piece ended a sentence
    for line in cleaned.split("\n"):
        for chunk in line.split():
            base = cleaned.find(chunk, cursor)
            cursor = base + len(chunk)
            for kind, surface, offset, words in _chunk(chunk):
                if kind >= 2:
                    if (
                        kind == 2
                        and surface == "."
                        and tokens
                        and tokens[-1].form in _ABBREVIATIONS
                        and _goes_on(cleaned, base + offset + 1)
                    ):
                        continue  # "6 мес. без переплаты": an abbreviation, not an end
                    if kind == 2:
                        if "?" in surface and not ended:
                            questions.add(sentence)
                        if not ended:
                            sentence += 1
                        ended = True
                    clause += 1
                    pending_negation = False
                    continue
                ended = False
                if origin is None:
                    start = base + offset
                    end = start + len(surface)
                else:
                    start = origin[base + offset]
                    end = origin[base + offset + len(surface)]
                    if end <= start:  # one character that expands ("ﴼ"): keep it whole
                        end = min(len(text), start + 1)
                if kind == 1 and _list_marker(cleaned, base, chunk, surface):
                    clause += 1  # "1) доставка 2) монтаж": the item's number is no fact
                    pending_negation = False
                    continue
                if kind == 1:
                    digits = surface.replace(",", ".")
                    if _GROUPED.match(surface):
                        digits = surface.replace(",", "").replace(".", "")  # "14,000"
                    previous = tokens[-1] if tokens else None
                    if (
                        previous is not None
                        and len(surface) == 3
                        and surface.isdigit()
                        and previous.pos == POS_NUMBER
                        and previous.clause == clause
                        and previous.end + 1 == start
                        and previous.form.isdigit()
                        and len(previous.form) <= 3
                    ):
                        # "24 000", "380 000": one number written in groups
                        surface = text[previous.start : end]
                        digits = previous.form + digits
                        start = previous.start
                        tokens.pop()
                    key = NUMBER + digits
                    # The form lets a phrase name one number exactly: "(=24) дюйма".
                    tokens.append(
                        Token(
                            surface,
                            start,
                            end,
                            key,
                            clause,
                            sentence,
                            False,
                            True,
                            POS_NUMBER,
                            0,
                            digits,
                        )
                    )
                    pending_negation = False
                    continue
                surface = text[start:end]
                if surface == "№":  # NFKC reads it "No", a negator
                    words = (("номер", False, True, True, POS_FUNCTION, 0, "№"),)
                for key, negator, stop, known, pos, person, form in words:
                    if form in _CONTRAST_FORMS and tokens and tokens[-1].clause == clause:
                        # "это не интернет-банк а пакет «Плюс»" typed without a comma: a
                        # contrast opens a new clause, so a negation stops before it.
                        clause += 1
                        pending_negation = False
                    elif (
                        (
                            form in _BARE_SUBORDINATORS
                            or (form == "что" and tokens and tokens[-1].pos in _BEFORE_THAT_RU)
                        )
                        and len(tokens) >= 2
                        and tokens[-2].clause == tokens[-1].clause == clause
                        and tokens[-1].form not in _BEFORE_SUBORDINATOR
                    ):
                        # "I understand how upsetting it is when it doesn't arrive" typed
                        # without a comma: the "when" clause is one of its own, so its
                        # negation stays in it (a governing denial still reaches it).
                        clause += 1
                        pending_negation = False
                    if (
                        len(tokens) >= 2
                        and tokens[-2].clause == tokens[-1].clause == clause
                        and (
                            (form == "что" and tokens[-1].form in _CONSEQUENCE_FORMS)
                            or (form in _SO_SUBJECTS and tokens[-1].form == "so")
                            or (
                                form in _SO_SUBJECTS
                                and tokens[-1].form == "that"
                                and tokens[-2].pos in (POS_VERB, POS_INFINITIVE, POS_OTHER)
                                and tokens[-2].form not in _BEFORE_THAT_PRONOUN
                            )
                        )
                    ):
                        # "корзина хранится 3 дня так что ничего не потеряется", "10% off so
                        # you don't have to wait", "I'll file the claim and note that you
                        # weren't informed", typed without a comma: "так что", "so" and "that"
                        # with a subject open a clause of their own, and its negation stays in it.
                        clause += 1
                        tokens[-1].clause = clause
                        pending_negation = False
                    if negator:
                        pending_negation = True
                        tokens.append(
                            Token(
                                surface, start, end, key, clause, sentence, True, True, pos, 0, form
                            )
                        )
                        if (
                            form == "нет"
                            and len(tokens) >= 2
                            and tokens[-2].form == "если"
                            and tokens[-2].clause == clause
                        ):
                            # "если нет можно взять модем" typed without a comma: "if not" is
                            # a condition of its own and negates nothing after it.
                            clause += 1
                            pending_negation = False
                        continue
                    negated = False
                    if pending_negation and key not in _NEGATION_SKIP_KEYS:
                        key = "не_" + key
                        stop = False
                        pending_negation = False
                        negated = True
                    tokens.append(
                        Token(
                            surface, start, end, key, clause, sentence, stop, known, pos, person,
                            form, negated,
                        )
                    )  # fmt: skip
        if not ended:  # a line break ends a sentence
            sentence += 1
            clause += 1
            pending_negation = False
            ended = True
    _join_asides(tokens)
    _split_conditions(tokens)
    return Analysed(text, tokens, frozenset(questions), sentence)


# Words set off by commas that are no clause of their own: «к сожалению», "unfortunately".
_ASIDE_WORDS: Final = frozenset(
    {"сожалению", "увы", "счастью", "unfortunately", "sadly", "alas", "fortunately"}
)
_ASIDE_FORMS: Final = _ASIDE_WORDS | {"к"}
# Words that open a clause of their own after an aside: «к сожалению, но …», "if …".
_CLAUSE_OPENERS: Final = frozenset(
    "но а и однако зато что чтобы если когда потому but and however that if when because so".split()
)


def _join_asides(tokens: list[Token]) -> None:
    """ "Сегодня, к сожалению, уже не успеваем", "Today, unfortunately, we can't": a
    verbless clause, an aside between commas and a clause with the verb are one clause, so
    the negation reaches the day named before the aside."""
    if not any(t.form in _ASIDE_WORDS for t in tokens):
        return
    clauses: list[list[Token]] = []
    for token in tokens:
        if clauses and clauses[-1][0].clause == token.clause:
            clauses[-1].append(token)
        else:
            clauses.append([token])
    for i in range(1, len(clauses) - 1):
        before, aside, after = clauses[i - 1], clauses[i], clauses[i + 1]
        if (
            all(t.form in _ASIDE_FORMS for t in aside)
            and any(t.form in _ASIDE_WORDS for t in aside)
            and before[0].sentence == aside[0].sentence == after[0].sentence
            and not any(t.pos in PREDICATE_POS for t in before)
            and any(t.pos in PREDICATE_POS for t in after)
            and after[0].form not in _CLAUSE_OPENERS
        ):
            for t in aside + after:
                t.clause = before[0].clause


# What opens a condition (structure.py reads it too), and the subjects that start the clause
# after it.
CONDITION_FORMS: Final = frozenset({"if", "unless", "если"})
_SUBJECT_FORMS: Final = frozenset("i we they he she it you я мы вы он она они".split())


def _split_conditions(tokens: list[Token]) -> None:
    """ "If you'd chosen express it might not have happened", «если бы вы выбрали экспресс
    мы бы успели», typed without a comma: the clause after a condition starts at a subject
    that comes after the condition's verb and before a verb of its own, so the condition
    hedges only itself and the main clause's negation does not deny it."""
    n = len(tokens)
    for i in range(n - 3):
        head = tokens[i]
        if head.form not in CONDITION_FORMS or (i > 0 and tokens[i - 1].clause == head.clause):
            continue
        verb = False
        for j in range(i + 1, n - 1):
            token = tokens[j]
            if token.clause != head.clause:
                break
            if verb and token.form in _SUBJECT_FORMS:
                after = tokens[j + 1] if tokens[j + 1].form != "бы" or j + 2 == n else tokens[j + 2]
                if after.clause == head.clause and after.pos in (POS_VERB, POS_AUX):
                    for k in range(j, n):
                        tokens[k].clause += 1
                    break
            if token.pos in (POS_VERB, POS_AUX):
                verb = True


def _goes_on(text: str, at: int) -> bool:
    """The sentence goes on after a dot: a small letter, a digit or a bracket follows."""
    rest = text[at : at + 8].lstrip()
    return bool(rest) and (rest[0].islower() or rest[0].isdigit() or rest[0] in "(,;:")


def _list_marker(text: str, base: int, chunk: str, surface: str) -> bool:
    """A chunk like "3)" outside brackets numbers an item of a list."""
    if chunk != surface + ")" or not surface.isdigit() or len(surface) > 2:
        return False
    return text.rfind("(", 0, base) <= text.rfind(")", 0, base)


def tokenize(text: str) -> list[Token]:
    """The tokens of `analyse(text)`."""
    return analyse(text).tokens


def shares_stem(a: str, b: str) -> bool:
    """Whether two keys are derivations of one stem (недовольство ~ недовольный).

    Equal keys match; otherwise they must share a prefix of at least six characters
    and 70% of the shorter key (доставить ~ доставка, but not достать ~ доставка).
    Negated and plain keys never match each other.
    """
    if a == b:
        return True
    if a.startswith("не_") != b.startswith("не_"):
        return False
    if a.startswith("не_"):  # the stems decide: "не_про" is no "не_пропустить"
        a, b = a[3:], b[3:]
    shorter = min(len(a), len(b))
    if shorter < 6:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(6, 0.7 * shorter)


# "так что", "потому что": a clause of consequence or cause, comma or not.
_CONSEQUENCE_FORMS: Final = frozenset({"так", "потому"})
_SO_SUBJECTS: Final = frozenset({"you", "we", "i", "they", "he", "she", "that"})
# Words after which "that" points back, opening no clause: "after that we'll refund".
_BEFORE_THAT_PRONOUN: Final = frozenset(
    "after before like than about since besides despite with for of at by from all".split()
)
# Words that open a dependent clause even where no comma stands before them, and the words
# that bind them to what comes before ("even if", "and when", «только если»).
_BARE_SUBORDINATORS: Final = frozenset(
    {"when", "if", "because", "unless", "until", "whenever", "когда", "если", "чтобы", "поэтому"}
)
# «это наша вина что курьер не позвонил», «понимаю что вы не получили»: after a noun or a
# verb, «что» opens the clause it introduces, so the negation inside stays there.
_BEFORE_THAT_RU: Final = frozenset({POS_NOUN, POS_VERB, POS_PREDICATIVE, POS_SHORT})
_BEFORE_SUBORDINATOR: Final = frozenset(
    "and or but even as only just except и а но или даже только лишь вот".split()
)
# Words that open a contrasting clause even where no comma stands before them.
_CONTRAST_FORMS: Final = frozenset({"а", "но", "однако", "зато", "but", "however"})
# Written with a dot that ends no sentence: "6 мес. без переплаты", "24 тыс. в месяц".
_ABBREVIATIONS: Final = frozenset(
    {"мес", "тыс", "руб", "мин", "ч", "шт", "г", "гг", "ул", "см", "т", "п", "approx", "min", "hrs"}
)
# Compared on keys, so lemmatise the skip list once.
_NEGATION_SKIP_KEYS: Final = frozenset(lemma(w) for w in _NEGATION_SKIP_WORDS.split())


# Letters Russian does not use (Ukrainian, Belarusian, and Tatar, Bashkir, Kazakh:
# "борчылмагыз ... белән бүлеп түләү"), and a hard sign before a consonant, which
# Bulgarian writes as a vowel ("първоначална", "със") and Russian never does.
_OTHER_CYRILLIC: Final = re.compile(
    r"[іїєґўәөүҗңһҡғқұҳӘӨҮҖҢҺҠҒҚҰҲІЇЄҐЎ]|ъ(?![еёюяЕЁЮЯ])[^\W\d_]", re.IGNORECASE
)
# Common Ukrainian words spelt without its own letters ("з 10 до 14 або з 18") ...
_UKRAINIAN: Final = frozenset(
    "з або що це ми ви й можемо замовлення дякую вибачте зараз також".split()
    # ... and Bulgarian words Russian lacks ("Има разсрочка", "ще доставим")
    + "ще има няма днес какво разбирам".split()
)
# The commonest English words: a Latin-script text with almost none of them is another
# language (German, Romanian, Russian in Latin letters), which the client cannot read.
_ENGLISH_COMMON: Final = frozenset(
    """the a an to of and in on at for with is are was were be will can we you i it this that
    your our my me us they he she not no yes do does did have has had please thank thanks sorry
    by from as so if or but what when how which there here all get would could should may
    just one two today tomorrow order""".split()
)


# Words that tell another language written in Latin letters: Russian in translit, and the
# commonest words of German, Romanian, Spanish, French, Hindi in Latin letters, Uzbek,
# Turkish, Italian and Tagalog.
_FOREIGN_LATIN: Final = frozenset(
    """ne v na s po dlya mne vas vam vy my ya eto chto kak budet mozhno nuzhno zavtra segodnya
    seychas spasibo izvinite pozhaluysta dostavim dostavka zakaz nomer mogu mozhem ili no vse
    konechno podumayte podumaite sozvonimsya ponedelnik mesyaca mesyatsa tsenu cenu
    pri oni budut berite dyuimov veliki ochen tolko kogda esli mozhete dney dnya chasov rubley
    vash vashu nash uzhe tak da zdravstvuyte vremya skidku ustanovku
    der die das und ist nicht wir sie ich mit für fur auf ein eine den dem zu wird sind bitte
    kein keine sich uhr gerne ihnen ihre haben können konnen heute schauen ruhe
    și si în nu este pentru vă va cu sunt vom mâine maine vă comanda de pe la să sa mai lua
    putem puteți aveți înțeleg
    możemy albo pani jest się że czy który która proszę dziękuję przepraszam jutro będzie
    el los las que y en por para usted es una pero mañana manana pedido
    lo cada tiene tienen su creo razones puedo podemos tenemos muy gracias hoy entiendo
    siento del con como está estamos todo todos hay bien
    pana państwa dzielnicy ekipa naprawa awaria pracuje kabla zamówienie dostawa dziś
    le les et est nous vous pour pas une avec demain commande
    aap aapka aapki aapko nahi nahin hai hain kya kuch koi baat toh bhi hum karenge kijiye
    dijiye dekhiye chahiye accha acha theek thik mein lijiye jayegi jayega aur denge dunga hoga
    siz sizga biz uchun bilan emas kerak rahmat kechirasiz ertaga bugun buyurtma
    bir için ile değil evet hayır teşekkürler yarın sipariş
    il che sono della domani ordine grazie
    veces están clientes inadecuados morgen entschuldigung
    sige lang kayo nandito kung tanong salamat naman namin ninyo hanggang mga ng ang
    capisco mese mesi rubli giorni meses pago plazos intereses durante ofrecerle""".split()
)


# Words in scripts neither Russian nor English is written in: Greek, Armenian, Hebrew,
# Arabic, Indian scripts, Thai, Georgian, Japanese, Chinese and Korean.
_OTHER_SCRIPTS: Final = re.compile(
    "[\u0370-\u03ff\u0530-\u058f\u0590-\u06ff\u0900-\u0dff\u0e00-\u0e7f"
    "\u10a0-\u10ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+"
)
# Polish, Romanian, German and Spanish letters, counted once a word. Not é or ï, which
# English borrows ("café", "naïve").
_FOREIGN_CLASS: Final = "[ąęłńśźżćăâîșțşţäöüßñ]"
_FOREIGN_LETTERS: Final = re.compile(rf"\w*{_FOREIGN_CLASS}\w*", re.IGNORECASE)
_FOREIGN_LETTER: Final = re.compile(_FOREIGN_CLASS, re.IGNORECASE)  # a cheap look first


def _foreign_letters(text: str) -> bool:
    """Two words or more with letters neither Russian nor English uses."""
    return bool(_FOREIGN_LETTER.search(text)) and len(_FOREIGN_LETTERS.findall(text)) >= 2


def language_of_text(analysed: Analysed, default: str = "ru") -> str:
    """ "ru", "en", or "other" for a language the cases are not written in."""
    tokens = analysed.tokens
    if len(_OTHER_SCRIPTS.findall(analysed.text)) >= 2:
        return "other"  # "к 9:00 обещают, բայց երաշխիք չկա": Armenian, Georgian, Greek, ...
    lang = language_of(tokens, default)
    if lang == "ru":
        if _OTHER_CYRILLIC.search(analysed.text):
            return "other"
        if sum(1 for t in tokens if t.form in _UKRAINIAN) >= 2:
            return "other"
        if _foreign_letters(analysed.text):
            return "other"  # a sentence of Romanian or Polish after the Russian one
        if sum(1 for t in tokens if t.surface.isascii() and t.form in _FOREIGN_LATIN) >= 2:
            return "other"  # "Анна, entschuldigung! Morgen, 19–22 Uhr"
        if sum(1 for t in tokens if t.surface.isascii() and t.form in _ENGLISH_COMMON) >= 3:
            return "other"  # "ваш order застрял at the sorting centre": half in each
        return lang
    words = [t.form for t in tokens if t.form and t.surface[0].isalpha() and t.surface[0] < "ɐ"]
    if _foreign_letters(analysed.text):
        return "other"  # "już", "szacują", "mâine", "für": letters English never uses
    if sum(1 for t in tokens if "\u0400" <= t.surface[:1] <= "\u04ff") >= 3:
        return "other"  # "sorry, ваш order застрял at the sorting centre": half in each
    foreign = sum(1 for w in words if w in _FOREIGN_LATIN)
    english = sum(1 for w in words if w in _ENGLISH_COMMON)
    if foreign >= 2 and foreign > english:
        return "other"
    return lang


# Russian typed in Latin letters ("privezem v sredu"), read back letter by letter. Informal
# translit has no single standard ("ya", "ia" and "ja" are all я; "ts" is ц or т+с; "y" is ы,
# й or и), so each word is spelled every way the letters allow and the first spelling the
# dictionary knows wins. Longer groups are tried first.
_TRANSLIT_TABLE: Final = (
    "shch=щ sch=щ,сч zh=ж kh=х,кх ch=ч sh=ш,сх ts=ц,тс tz=ц ya=я ja=я ia=ия,я yu=ю ju=ю "
    "iu=ю,иу yo=ё,йо jo=ё ye=е,ые je=е a=а b=б v=в g=г d=д e=е,э z=з i=и,й j=й k=к l=л "
    "m=м n=н o=о p=п r=р s=с t=т u=у f=ф h=х c=ц,к y=ы,й,и w=в x=кс q=к '=ь,ъ,"
)
_TRANSLIT: Final[tuple[tuple[str, tuple[str, ...]], ...]] = tuple(
    (latin, tuple(options.split(",")))
    for latin, options in (pair.split("=") for pair in _TRANSLIT_TABLE.split())
)
_LATIN_WORD: Final = re.compile(r"[a-z']+", re.IGNORECASE)
_RU_VOWELS: Final = frozenset("аеёиоуыэюя")
_SPELLINGS_TRIED: Final = 300  # per word; a longer search finds nothing the dictionary knows
# Words of one Cyrillic letter, which the dictionary check above leaves out.
_SHORT_WORDS: Final[dict[str, str]] = {
    latin: cyrillic
    for latin, cyrillic in (pair.split("=") for pair in "s=с v=в k=к i=и a=а o=о u=у ya=я".split())
}


def _cyrillic_spellings(word: str) -> list[str]:
    """Every Cyrillic spelling of a translit word, the likelier ones first (bounded)."""
    out: list[str] = []
    stack: list[tuple[int, str]] = [(0, "")]
    while stack and len(out) < _SPELLINGS_TRIED:
        at, spelled = stack.pop()
        if at == len(word):
            out.append(spelled)
            continue
        choices: list[tuple[int, str]] = []
        for latin, cyrillic in _TRANSLIT:
            if word.startswith(latin, at):
                options = list(cyrillic)
                if latin in ("i", "y") and spelled[-1:] in _RU_VOWELS:
                    options.insert(0, "й")  # "Sergei", "moy": й after a vowel
                elif latin == "e" and at == 0:
                    options.insert(0, "э")  # "eto"
                choices += [(at + len(latin), spelled + c) for c in dict.fromkeys(options)]
        if not choices:
            return []  # a letter no translit uses
        stack.extend(reversed(choices))
    return out


@lru_cache(maxsize=20_000)
def _read_translit_word(word: str) -> str | None:
    spellings = _cyrillic_spellings(word.lower().strip("'"))
    for spelled in spellings:
        if len(spelled) > 1 and _morph.word_is_known(spelled):
            return spelled
    # The soft sign is often left out ("tolko", "prislat"): put it after one consonant.
    for spelled in spellings[:20]:
        for at in range(1, len(spelled) + 1):
            if spelled[at - 1] not in _RU_VOWELS and spelled[at - 1] not in "ьъй":
                softened = f"{spelled[:at]}ь{spelled[at:]}"
                if _morph.word_is_known(softened):
                    return softened
    return None


def read_translit(text: str) -> str | None:
    """Russian written in Latin letters, in Cyrillic; None when it is not that (English,
    German, Spanish): most of its words must read as Russian words."""
    words = _LATIN_WORD.findall(text)
    long_words = [w for w in words if len(w) > 2]
    if len(long_words) < 3 or any(ch.isalpha() and not ch.isascii() for ch in text):
        return None  # Cyrillic already, or "c'è", "mañana": another language's letters
    read = {w: _read_translit_word(w) for w in words if len(w) > 1}
    known = sum(1 for w in long_words if read[w] is not None)
    if known < 0.8 * len(long_words):
        return None

    def cyrillic(match: re.Match[str]) -> str:
        word = match.group(0)
        spelled = read.get(word)
        if spelled is None:
            spelled = _SHORT_WORDS.get(word.lower(), word)
        return spelled.capitalize() if word[:1].isupper() else spelled

    return _LATIN_WORD.sub(cyrillic, text)
