"""Find pattern phrases in an answer, on lemma keys, order-free within a window.

A phrase is a few words; a word may be a group of alternatives: "(понимаю|понятно) ваше
(недовольство|раздражение)". Function words are dropped, so the phrase above needs
понимать/понятно, вы and недовольство/раздражение in one sentence, within a window a few
tokens wider than the phrase, in any order. Derivations match by shared stem and long
unknown words (typos) match fuzzily, both resolved once per word and cached.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .model import Pattern
from .text import NEGATORS, NUMBER, PERCENT, Token, fold, shares_stem, tokenize

_SLOT = re.compile(r"\(([^()]*)\)|([^\s()]+)")
WINDOW_SLACK = 3  # extra tokens a phrase may be spread over
_FUZZY_RU = 80  # rapidfuzz ratio cut-offs, measured in ../shared/NOTES.md
_FUZZY_EN = 87
_FUZZY_MIN_LEN = 6
_CACHE_LIMIT = 100_000


MAX_VARIANTS = 64  # a phrase's alternatives may expand into at most this many word sequences


def parse_phrase(phrase: str) -> list[list[str]]:
    """Split a phrase into word slots, each a list of alternatives.

    An alternative may be several words ("(make sure|check)") or empty ("(very|)"), which
    makes the slot optional. Raises ValueError with a trainer-readable reason.
    """
    if phrase.count("(") != phrase.count(")"):
        raise ValueError("brackets are not balanced: every '(' needs a ')'")
    if _SLOT.sub(" ", phrase).strip():
        raise ValueError("brackets cannot be nested")
    slots: list[list[str]] = []
    for group, word in _SLOT.findall(phrase):
        if word:
            slots.append([word])
        else:
            alternatives = [" ".join(alt.split()) for alt in group.split("|")]
            if all(not alt for alt in alternatives):
                raise ValueError(f"'({group})' has no words")
            slots.append(alternatives)
    if not slots:
        raise ValueError("the phrase is empty")
    variants = 1
    for alternatives in slots:
        variants *= len(alternatives)
    if variants > 10_000:
        raise ValueError("too many alternatives; split the phrase into several phrases")
    return slots


_Item = tuple[frozenset[str], bool]  # the keys of one word slot, and whether all are stop words


def _sequence(words: str, multiword: bool = False) -> list[_Item | None]:
    """The items of a run of words; None marks a negator still waiting for its word."""
    if words in (NUMBER, PERCENT):
        return [(frozenset({words}), False)]
    items: list[_Item | None] = []
    for token in tokenize(words):
        if multiword and token.stop and token.key not in NEGATORS:
            # Inside a several-word alternative every word was written on purpose ("have to").
            items.append((frozenset({token.key}), False))
            continue
        if token.key in NEGATORS:
            items.append(None)
        else:
            if token.key.startswith("не_") and items and items[-1] is None:
                items.pop()  # the negation is already glued to this word
            items.append((frozenset({token.key}), token.stop))
    return items


def compile_phrase(phrase: str) -> list[tuple[frozenset[str], ...]]:
    """Turn a phrase into its word sequences: slots of keys, negation glued, function words
    dropped. One sequence per combination of multi-word alternatives."""
    options_per_slot: list[list[list[_Item | None]]] = []
    for alternatives in parse_phrase(phrase):
        options: list[list[_Item | None]] = []
        single: set[str] = set()
        single_stop = True
        for alt in alternatives:
            items = _sequence(alt, multiword=" " in alt)
            if len(items) == 1 and items[0] is not None:
                single |= items[0][0]
                single_stop &= items[0][1]
            else:
                options.append(items)
        if single:
            options.append([(frozenset(single), single_stop)])
        options_per_slot.append(options)
    variants: list[list[_Item | None]] = [[]]
    for options in options_per_slot:
        variants = [v + o for v in variants for o in options][: MAX_VARIANTS * 4]
    compiled: list[tuple[frozenset[str], ...]] = []
    for items in variants:
        slots: list[_Item] = []
        negate = False
        for item in items:
            if item is None:
                negate = True
                continue
            keys, stop = item
            if negate:
                keys = frozenset(k if k.startswith("не_") else "не_" + k for k in keys)
                stop, negate = False, False
            slots.append((keys, stop))
        # Function words are dropped only while two content words remain: "в #" keeps its
        # "в", or it would match any number at all.
        content = tuple(keys for keys, stop in slots if not stop)
        sequence = content if len(content) >= 2 else tuple(keys for keys, _ in slots)
        if sequence and sequence not in compiled:
            compiled.append(sequence)
    return compiled[:MAX_VARIANTS]


@dataclass(frozen=True, slots=True)
class Hit:
    """A pattern found in an answer: the tokens that first carried it, and every sentence
    (by index) in which it occurs."""

    pattern: Pattern
    positions: tuple[int, ...]
    sentences: frozenset[int]


@dataclass(frozen=True, slots=True)
class _Phrase:
    pattern_index: int
    slots: tuple[tuple[int, ...], ...]  # vocabulary ids per slot
    window: int


class Matcher:
    """Compiled patterns with an inverted index from word keys to phrases."""

    def __init__(self, patterns: Iterable[Pattern]):
        self.patterns: tuple[Pattern, ...] = tuple(patterns)
        self._vocab: dict[str, int] = {}
        self._phrases: list[_Phrase] = []
        self._by_vocab: dict[int, list[int]] = {}
        self._surfaces: dict[str, dict[str, str]] = {"ru": {}, "en": {}}
        for index, pattern in enumerate(self.patterns):
            for lang, phrases in pattern.phrases.items():
                for phrase in phrases:
                    self._add_phrase(index, lang, phrase)
        self._buckets: dict[str, list[str]] = {}
        for key in self._vocab:
            self._buckets.setdefault(key[:6], []).append(key)
        self._key_cache: dict[str, tuple[int, ...]] = {}
        self._fuzzy_cache: dict[str, tuple[int, ...]] = {}

    def _add_phrase(self, pattern_index: int, lang: str, phrase: str) -> None:
        for alternatives in parse_phrase(phrase):
            for alt in alternatives:
                for word in fold(alt).split():
                    if len(word) >= _FUZZY_MIN_LEN and word not in NEGATORS:
                        keys = [t.key for t in tokenize(word) if not t.stop]
                        if len(keys) == 1:
                            self._surfaces["en" if word.isascii() else "ru"][word] = keys[0]
        for slots in compile_phrase(phrase):
            id_slots = tuple(
                tuple(self._vocab.setdefault(k, len(self._vocab)) for k in sorted(slot))
                for slot in slots
            )
            phrase_index = len(self._phrases)
            self._phrases.append(_Phrase(pattern_index, id_slots, len(slots) + WINDOW_SLACK))
            for ids in id_slots:
                for vocab_id in ids:
                    self._by_vocab.setdefault(vocab_id, []).append(phrase_index)

    def _ids_for_key(self, key: str) -> tuple[int, ...]:
        cached = self._key_cache.get(key)
        if cached is not None:
            return cached
        ids = {self._vocab[key]} if key in self._vocab else set()
        if key.startswith(NUMBER):
            generic = PERCENT if key.endswith("%") else NUMBER
            if generic in self._vocab:
                ids.add(self._vocab[generic])
            return tuple(sorted(ids))
        for candidate in self._buckets.get(key[:6], ()):
            if candidate != key and shares_stem(candidate, key):
                ids.add(self._vocab[candidate])
        result = tuple(sorted(ids))
        if len(self._key_cache) > _CACHE_LIMIT:
            self._key_cache.clear()
        self._key_cache[key] = result
        return result

    def _ids_for_typo(self, token: Token) -> tuple[int, ...]:
        word = fold(token.surface)
        cached = self._fuzzy_cache.get(word)
        if cached is not None:
            return cached
        is_ru = not word.isascii()
        choices = self._surfaces["ru" if is_ru else "en"]
        found = process.extractOne(
            word, choices.keys(), scorer=fuzz.ratio, score_cutoff=_FUZZY_RU if is_ru else _FUZZY_EN
        )
        result: tuple[int, ...] = ()
        if found is not None:
            result = self._ids_for_key(choices[found[0]])
        if len(self._fuzzy_cache) > _CACHE_LIMIT:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[word] = result
        return result

    def find(self, tokens: Sequence[Token]) -> list[Hit]:
        """Return the patterns present in tokens, each once, with the tokens that carried it."""
        positions: dict[int, list[int]] = {}
        for i, token in enumerate(tokens):
            ids = self._ids_for_key(token.key)
            if (
                not ids
                and not token.stop
                and len(token.surface) >= _FUZZY_MIN_LEN
                and (not token.known or token.surface.isascii())
                and not token.key.startswith("не_")  # a negated word never fuzzes into a plain one
            ):
                ids = self._ids_for_typo(token)
            for vocab_id in ids:
                positions.setdefault(vocab_id, []).append(i)
        if not positions:
            return []
        candidates: set[int] = set()
        for vocab_id in positions:
            candidates.update(self._by_vocab.get(vocab_id, ()))
        first: dict[int, tuple[int, ...]] = {}
        sentences: dict[int, set[int]] = {}
        for phrase_index in sorted(candidates):
            phrase = self._phrases[phrase_index]
            for placement in self._place(phrase, positions, tokens):
                first.setdefault(phrase.pattern_index, placement)
                sentences.setdefault(phrase.pattern_index, set()).add(tokens[placement[0]].sentence)
        return [
            Hit(self.patterns[i], span, frozenset(sentences[i]))
            for i, span in sorted(first.items())
        ]

    @staticmethod
    def _place(
        phrase: _Phrase, positions: dict[int, list[int]], tokens: Sequence[Token]
    ) -> list[tuple[int, ...]]:
        """Every placement of the phrase: one token per slot, all in one sentence, within
        the phrase's window. Anchored on the rarest slot, taking the nearest of the others."""
        slot_positions: list[list[int]] = []
        for ids in phrase.slots:
            merged = sorted({p for vocab_id in ids for p in positions.get(vocab_id, ())})
            if not merged:
                return []
            slot_positions.append(merged)
        if len(slot_positions) == 1:
            return [(p,) for p in slot_positions[0]]
        slot_positions.sort(key=len)
        placements = []
        for anchor in slot_positions[0]:
            sentence = tokens[anchor].sentence
            chosen = [anchor]
            for others in slot_positions[1:]:
                near = [p for p in others if tokens[p].sentence == sentence and p not in chosen]
                if not near:
                    break
                chosen.append(min(near, key=lambda p: abs(p - anchor)))
            else:
                if max(chosen) - min(chosen) < phrase.window:
                    placements.append(tuple(sorted(chosen)))
        return placements


__all__ = ["Hit", "Matcher", "compile_phrase", "parse_phrase"]
