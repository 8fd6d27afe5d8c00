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
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pymorphy3
import snowballstemmer

# Bidi marks, zero-width spaces and joiners, soft hyphen, BOM: invisible, never meaningful here.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Punctuation inside numbers ("12.30", "1,5") splits nothing.
_CLAUSE_SPLIT = re.compile(r"[;!?…()\[\]\"«»\n\r\t—–]+|[,.:]+(?!\d)|\s-\s")
_SENTENCE_SPLIT = re.compile(r"[!?…\n]+|\.+(?!\d)")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.:,]\d+)*%?")
_CYRILLIC = re.compile(r"[а-яё]")
_LATIN = re.compile(r"[a-z]")

# A number's key is "#" and its digits ("#30", "#18:00", "#15%"); a phrase writes "#" for
# any number and "#%" for any percentage.
NUMBER = "#"
PERCENT = "#%"
NEGATORS = frozenset({"не", "ни", "нет", "not", "never", "no"})
# Words a negation skips over to reach the word it negates ("не очень понимаю").
_NEGATION_SKIP = frozenset(
    {
        "очень",
        "совсем",
        "вполне",
        "особо",
        "слишком",
        "всегда",
        "сразу",
        "так",
        "уже",
        "really",
        "quite",
        "very",
        "always",
        "even",
        "yet",
        "be",
        "been",
        "so",
        "at",
        "all",
    }
)
# Personal pronouns: kept in phrases ("вы должны"), but count as function words when
# telling a sentence from a list of keywords.
PRONOUNS = frozenset("я ты вы мы он она оно они i you we he she they it".split())
# Function words: dropped from pattern phrases, counted for the "real sentence" check.
STOP_WORDS = frozenset(
    """и а в во на с со к ко по о об обо от до за из у для при про над под без через же ли бы
    то что чтобы как так вот ну уж уже ещё еще да или либо если когда тоже также лишь только
    просто ведь даже там тут здесь этот это эта эти тот та те то всё все весь вся быть есть
    a an the and or but if of to in on at by for with from as is are was were be been am do
    does did so that this these those it its there here then than just also very really""".split()
)
# Possessives fold to their pronoun: "ваше недовольство" ~ "вы недовольны", "your" ~ "you".
_PRONOUN_FOLD = {
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
}
# English contractions: "don't" -> do not, "I'll" -> i will.
_NT_BASE = {"ca": "can", "wo": "will", "sha": "shall", "ai": "am"}
_SUFFIXES = {"ll": "will", "re": "are", "m": "am", "ve": "have", "d": "would", "s": None}

_morph = pymorphy3.MorphAnalyzer()
_english = snowballstemmer.stemmer("english")


@dataclass(frozen=True, slots=True)
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


def clean(text: str) -> str:
    """Return text with invisible characters removed and compatibility forms unified."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Return the matching key of one lower-case word: Russian lemma or English stem."""
    if _CYRILLIC.search(word):
        key = fold(_morph.parse(word)[0].normal_form)
    elif _LATIN.search(word):
        key = _english.stemWord(word)
    else:
        key = word
    return _PRONOUN_FOLD.get(key, key)


@lru_cache(maxsize=200_000)
def is_known(word: str) -> bool:
    """Whether the dictionary knows a Cyrillic word; Latin words and numbers count as known."""
    if _CYRILLIC.search(word):
        return _morph.word_is_known(word)
    return True


def _expand(word: str) -> list[str]:
    """Split English contractions into words; other words pass through."""
    if "'" not in word:
        return [word]
    head, _, tail = word.partition("'")
    if tail == "t" and head.endswith("n"):
        base = head[:-1]
        return [_NT_BASE.get(base, base), "not"]
    if tail in _SUFFIXES:
        extra = _SUFFIXES[tail]
        return [head] if extra is None else [head, extra]
    return [head, tail]


def detect_language(text: str, default: str = "ru") -> str:
    """Return "ru" or "en" by which script has more letters; default when there are none."""
    low = text.lower()
    ru = len(_CYRILLIC.findall(low))
    en = len(_LATIN.findall(low))
    if ru == en == 0:
        return default
    return "ru" if ru >= en else "en"


def tokenize(text: str) -> list[Token]:
    """Split text into tokens with keys, clauses and sentences, negation glued."""
    text = clean(text)
    tokens: list[Token] = []
    sentence_starts = [0] + [m.end() for m in _SENTENCE_SPLIT.finditer(text)]
    clause_starts = [0] + [m.end() for m in _CLAUSE_SPLIT.finditer(text)]
    sentence = clause = 0
    pending_negation = False
    for match in _WORD.finditer(text):
        start = match.start()
        while sentence + 1 < len(sentence_starts) and sentence_starts[sentence + 1] <= start:
            sentence += 1
        new_clause = clause
        while new_clause + 1 < len(clause_starts) and clause_starts[new_clause + 1] <= start:
            new_clause += 1
        if new_clause != clause:
            pending_negation = False
            clause = new_clause
        surface = match.group()
        if surface[0].isdigit():
            key = NUMBER + surface.replace(",", ".")
            tokens.append(Token(surface, start, match.end(), key, clause, sentence, False, True))
            pending_negation = False
            continue
        for word in _expand(fold(surface).replace("’", "'")):
            if word in NEGATORS:
                pending_negation = True
                tokens.append(
                    Token(surface, start, match.end(), word, clause, sentence, True, True)
                )
                continue
            key = lemma(word)
            stop = word in STOP_WORDS or key in STOP_WORDS
            if pending_negation and word not in _NEGATION_SKIP:
                key = "не_" + key
                stop = False
                pending_negation = False
            tokens.append(
                Token(surface, start, match.end(), key, clause, sentence, stop, is_known(word))
            )
    return tokens


def shares_stem(a: str, b: str) -> bool:
    """Whether two keys are derivations of one stem (недовольство ~ недовольный).

    Equal keys match; otherwise they must share a prefix of at least six characters
    and 75% of the shorter key (доставить ~ доставка, but not достать ~ доставка).
    Negated and plain keys never match each other.
    """
    if a == b:
        return True
    if a.startswith("не_") != b.startswith("не_"):
        return False
    shorter = min(len(a), len(b))
    if shorter < 6:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(6, 0.75 * shorter)
