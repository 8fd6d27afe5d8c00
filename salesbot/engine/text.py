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

import pymorphy3  # type: ignore[import-untyped]
import snowballstemmer  # type: ignore[import-untyped]

# Bidi marks, zero-width spaces and joiners, soft hyphen, BOM: invisible, never meaningful here.
_NEGATION_SKIP_WORDS = """очень совсем вполне особо слишком всегда сразу так уже
really quite very always even yet be been so at all"""
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CYRILLIC = re.compile(r"[а-яё]")
_LATIN = re.compile(r"[a-z]")

# A number's key is "#" and its digits ("#30", "#18:00", "#15%"); a phrase writes "#" for
# any number and "#%" for any percentage.
NUMBER = "#"
PERCENT = "#%"
NEGATORS = frozenset({"не", "ни", "нет", "not", "never", "no"})
# Words a negation skips over to reach the word it negates ("не очень понимаю").
# Personal pronouns: kept in phrases ("вы должны"), but count as function words when
# telling a sentence from a list of keywords.
PRONOUNS = frozenset("я ты вы мы он она оно они i you we he she they it".split())
# Function words: dropped from pattern phrases, counted for the "real sentence" check.
STOP_WORDS = frozenset(
    """и а в во на с со к ко по о об обо от до за из у для при про над под без через же бы
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
    low = text[:500].lower()  # the opening is enough to tell the script
    ru = len(_CYRILLIC.findall(low))
    en = len(_LATIN.findall(low))
    if ru == en == 0:
        return default
    return "ru" if ru >= en else "en"


# One pass over the text: words, numbers, and the punctuation that ends a sentence or a
# clause. Punctuation inside numbers ("12.30", "1,5") splits nothing.
_SCAN = re.compile(
    r"(?P<w>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<n>\d+(?:[.:,]\d+)*%?)"
    r"|(?P<s>[!?…\n]+|\.+(?!\d))"
    r"|(?P<c>[;()\[\]\"«»\r\t—–]+|[,:]+(?!\d)|\s-\s)"
)


_Word = tuple[str, bool, bool, bool]  # key, is a negator, is a function word, is known
_ANALYSED: dict[str, tuple[_Word, ...]] = {}


def _analyse(surface: str) -> tuple[_Word, ...]:
    """The words of one written form, cached: most answers reuse a small vocabulary."""
    found = _ANALYSED.get(surface)
    if found is not None:
        return found
    words: list[_Word] = []
    for word in _expand(fold(surface).replace("’", "'")):
        if word in NEGATORS:
            words.append((word, True, True, True))
        else:
            key = lemma(word)
            words.append((key, False, word in STOP_WORDS or key in STOP_WORDS, is_known(word)))
    result = tuple(words)
    if len(_ANALYSED) > 200_000:
        _ANALYSED.clear()
    _ANALYSED[surface] = result
    return result


def clear_caches() -> None:
    """Forget every cached analysis (for cold-start measurements)."""
    _ANALYSED.clear()
    _CHUNKS.clear()
    lemma.cache_clear()
    is_known.cache_clear()


def language_of(tokens: list[Token], default: str = "ru") -> str:
    """ "ru" or "en" by which script more words are written in; default when none."""
    ru = en = 0
    for token in tokens:
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
_CHUNKS: dict[str, tuple[_Piece, ...]] = {}


def _chunk(chunk: str) -> tuple[_Piece, ...]:
    found = _CHUNKS.get(chunk)
    if found is not None:
        return found
    pieces: list[_Piece] = []
    if chunk in ("-", "--"):
        pieces.append((3, "", 0, ()))  # a dash between spaces ends a clause
    for match in _SCAN.finditer(chunk):
        word, number, sentence_end = match.group(1), match.group(2), match.group(3)
        if word:
            pieces.append((0, word, match.start(), _analyse(word)))
        elif number:
            pieces.append((1, number, match.start(), ()))
        else:
            pieces.append((2 if sentence_end else 3, "", match.start(), ()))
    result = tuple(pieces)
    if len(_CHUNKS) > 200_000:
        _CHUNKS.clear()
    _CHUNKS[chunk] = result
    return result


def tokenize(text: str) -> list[Token]:
    """Split text into tokens with keys, clauses and sentences, negation glued.

    Works chunk by chunk (split at white space): chunks repeat from answer to answer, so
    each is analysed once and then read from a cache.
    """
    text = clean(text)
    tokens: list[Token] = []
    sentence = clause = cursor = 0
    pending_negation = False
    ended = True  # the last piece ended a sentence
    for line in text.split("\n"):
        for chunk in line.split():
            base = text.find(chunk, cursor)
            cursor = base + len(chunk)
            for kind, surface, offset, words in _chunk(chunk):
                if kind >= 2:
                    if kind == 2:
                        sentence += 1
                        ended = True
                    clause += 1
                    pending_negation = False
                    continue
                ended = False
                start = base + offset
                end = start + len(surface)
                if kind == 1:
                    key = NUMBER + surface.replace(",", ".")
                    tokens.append(Token(surface, start, end, key, clause, sentence, False, True))
                    pending_negation = False
                    continue
                for key, negator, stop, known in words:
                    if negator:
                        pending_negation = True
                        tokens.append(Token(surface, start, end, key, clause, sentence, True, True))
                        continue
                    if pending_negation and key not in _NEGATION_SKIP_KEYS:
                        key = "не_" + key
                        stop = False
                        pending_negation = False
                    tokens.append(Token(surface, start, end, key, clause, sentence, stop, known))
        if not ended:  # a line break ends a sentence
            sentence += 1
            clause += 1
            pending_negation = False
            ended = True
    return tokens


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
    shorter = min(len(a), len(b))
    if shorter < 6:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(6, 0.7 * shorter)


# Compared on keys, so lemmatise the skip list once.
_NEGATION_SKIP_KEYS = frozenset(lemma(w) for w in _NEGATION_SKIP_WORDS.split())
