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
from dataclasses import dataclass, replace
from typing import Final

from rapidfuzz import fuzz, process

from .model import Pattern
from .text import NEGATORS, NUMBER, PERCENT, Token, fold, shares_stem, tokenize

_SLOT: Final = re.compile(r"\(([^()]*)\)|([^\s()]+)")
EXACT: Final = "="  # a word written "=понимаю" matches that form only
_KEPT_FUNCTION_WORDS: Final = frozenset(
    {"когда", "если", "без", "where", "when", "how", "without", "if"}
)
# Words that join two phrases: a chain never steps over them ("the bike you chose so it's
# easy" is no "you chose it").
_JOINING: Final = frozenset({"so", "and", "or", "but", "и", "а", "но", "или", "либо"})
WINDOW_SLACK: Final = 3  # extra tokens a phrase may be spread over
_FUZZY_RU: Final = 80  # rapidfuzz ratio cut-offs, measured on Russian answers with typos
_FUZZY_EN: Final = 87
_FUZZY_MIN_LEN: Final = 6
_CACHE_LIMIT: Final = 100_000


MAX_VARIANTS: Final = 64  # a phrase's alternatives may expand into at most this many word sequences


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
    for alt in slots[-1]:
        if alt.lower() in NEGATORS:
            # A negator negates the word after it; at the end of a phrase it would vanish.
            raise ValueError(
                f"'{alt}' at the end negates nothing; write '={alt}' to match the word"
            )
    for alternatives in slots:
        for alt in alternatives:
            for word in alt.split():
                _check_exact(word)
    variants = 1
    for alternatives in slots:
        variants *= len(alternatives)
    if variants > 10_000:
        raise ValueError("too many alternatives; split the phrase into several phrases")
    return slots


_EDGE_PUNCTUATION: Final = ",.;:!?\"'«»“”„()—–"


def _check_exact(word: str) -> None:
    """An exact word is compared with the answer's words, which carry no punctuation at
    their edges: "=угроз," or "='idlers'" would never match."""
    if not word.startswith(EXACT):
        return
    form = word[len(EXACT) :]
    if not any(ch.isalnum() or ch in "#%" for ch in form):
        raise ValueError(f"'{word}' has no letters or digits; punctuation is not matched")
    if form[0] in _EDGE_PUNCTUATION or form[-1] in _EDGE_PUNCTUATION:
        raise ValueError(
            f"'{word}' has punctuation at its edge and would never match; write the word alone"
        )


# One word slot: its keys, whether all are function words, and whether it must follow the
# previous slot closely (the words of a several-word alternative keep their order).
_Item = tuple[frozenset[str], bool, bool]


@dataclass(frozen=True, slots=True)
class CompiledPhrase:
    slots: tuple[frozenset[str], ...]
    chained: tuple[int, ...] = ()  # slots that must come right after the slot before them


def _sequence(words: str, multiword: bool = False) -> list[_Item | None]:
    """The items of a run of words; None marks a negator still waiting for its word."""
    if words in (NUMBER, PERCENT):
        return [(frozenset({words}), False, False)]
    if words.startswith(EXACT) and " " not in words:
        form = words[len(EXACT) :]
        if "'" in form or "’" in form:
            # "=you'd", "=don't": the tokeniser spells a contraction out ("you would",
            # "do not"), and the phrase must too, or the word never matches.
            spelled: list[_Item | None] = []
            for token in tokenize(form):
                if token.key in NEGATORS or fold(token.form) in NEGATORS:
                    spelled.append(None)
                else:
                    follows = any(x is not None for x in spelled)
                    spelled.append((frozenset({EXACT + fold(token.form)}), False, follows))
            if any(x is not None for x in spelled):
                return spelled
        # "=понимаю": this written form only, not every form of the lemma
        return [(frozenset({EXACT + fold(form)}), False, False)]
    if EXACT in words and " " in words:
        # "=calm =down": each part as written, in order; "=не =звоните" is the form
        # "звоните" negated, as the text glues it
        items_: list[_Item | None] = []
        parts_ = words.split()
        for n, part in enumerate(parts_):
            word = fold(part.removeprefix(EXACT))
            if word in NEGATORS and not (word == "no" and n == len(parts_) - 1):
                items_.append(None)  # "=say =no" ends on the answer "no", not a negation
                continue
            for item in _sequence(part):
                if item is None:
                    items_.append(None)  # the "not" of "=don't"
                    continue
                # chained to a word of this alternative, not to the slot before a
                # leading "=не" ("(я|мы) (=не =занимаюсь)" allows "я этим не занимаюсь")
                follows = any(x is not None for x in items_)
                items_.append((item[0], False, follows))
        return items_
    items: list[_Item | None] = []
    parts = words.split()
    if multiword and (NUMBER in parts or PERCENT in parts):
        # "# times" is a number and "times": the tokeniser would drop the "#" and leave
        # "times" alone, which "this time" matches.
        for part in parts:
            for item in _sequence(part):
                if item is not None:
                    item = (item[0], False, bool(items))
                items.append(item)
        return items
    for token in tokenize(words):
        follows = multiword and bool(items)
        if multiword and token.stop and token.key not in NEGATORS:
            # Inside a several-word alternative every word was written on purpose ("have to").
            items.append((frozenset({token.key}), False, follows))
            continue
        if token.key in NEGATORS:
            items.append(None)
        else:
            if token.key.startswith("не_") and items and items[-1] is None:
                items.pop()  # the negation is already glued to this word
            items.append((frozenset({token.key}), token.stop, follows))
    return items


def _negated(key: str) -> str:
    if key.startswith(EXACT):
        return key if key.startswith(EXACT + "не_") else EXACT + "не_" + key[len(EXACT) :]
    return key if key.startswith("не_") else "не_" + key


def compile_phrase(phrase: str) -> list[CompiledPhrase]:
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
            # Function words written as alternatives, "(also|by the way)", were written on
            # purpose: only a bare function word is dropped.
            options.append([(frozenset(single), single_stop and len(alternatives) == 1, False)])
        options_per_slot.append(options)
    variants: list[list[_Item | None]] = [[]]
    for options in options_per_slot:
        variants = [v + o for v in variants for o in options][: MAX_VARIANTS * 4]
    compiled: list[CompiledPhrase] = []
    for items in variants:
        slots: list[_Item] = []
        negate = False
        for item in items:
            if item is None:
                negate = True
                continue
            keys, stop, follows = item
            if negate:
                keys = frozenset(_negated(k) for k in keys)
                stop, negate = False, False
            slots.append((keys, stop, follows))
        # Function words are dropped only while two content words remain: "в #" keeps its
        # "в", or it would match any number at all. Question and condition words carry the
        # meaning ("когда появятся деньги" is not "будем рады ... деньги") and stay.
        if sum(1 for _, stop, _ in slots if not stop) >= 2:
            slots = [slot for slot in slots if not slot[1] or slot[0] & _KEPT_FUNCTION_WORDS]
        if not slots:
            continue
        phrase_ = CompiledPhrase(
            tuple(keys for keys, _, _ in slots),
            tuple(i for i, (_, _, follows) in enumerate(slots) if follows and i > 0),
        )
        if phrase_ not in compiled:
            compiled.append(phrase_)
    return compiled[:MAX_VARIANTS]


MAX_PLACES: Final = 12  # placements kept per pattern: enough to find one outside a negation,
# and every sentence of a long answer that uses a pattern more than once


# An explicit __init__, as text.Token's.
@dataclass(slots=True)
class Hit:
    """A pattern found in an answer: the tokens that first carried it, every sentence (by
    index) in which it occurs, and the tokens of each placement found (at most MAX_PLACES)."""

    pattern: Pattern
    positions: tuple[int, ...]
    sentences: frozenset[int]
    places: tuple[tuple[int, ...], ...]

    def __init__(
        self,
        pattern: Pattern,
        positions: tuple[int, ...],
        sentences: frozenset[int],
        places: tuple[tuple[int, ...], ...],
    ) -> None:
        self.pattern = pattern
        self.positions = positions
        self.sentences = sentences
        self.places = places


@dataclass(frozen=True, slots=True)
class _Phrase:
    pattern_index: int
    slots: tuple[tuple[int, ...], ...]  # vocabulary ids per slot, until packed
    chained: tuple[int, ...]
    window: int
    ordered: bool = False  # the slots must come in the phrase's order
    # Where the slots' ids lie in the matcher's blob (Matcher._pack): bytes start:end.
    start: int = 0
    end: int = 0


ID_BYTES: Final = 3  # one vocabulary id in the blob, big-endian
END_OF_SLOT: Final = 0xFFFFFF  # the id that closes a slot


class Matcher:
    """Compiled patterns with an inverted index from word keys to phrases."""

    def __init__(self, patterns: Iterable[Pattern]):
        self.patterns: tuple[Pattern, ...] = tuple(patterns)
        self._vocab: dict[str, int] = {}
        self._phrases: list[_Phrase] = []
        self._slot_counts: dict[int, int] = {}  # vocabulary id -> how many slots it fills
        self._surfaces: dict[str, dict[str, str]] = {"ru": {}, "en": {}}
        for index, pattern in enumerate(self.patterns):
            for lang, phrases in pattern.phrases.items():
                for phrase in phrases:
                    self._add_phrase(index, lang, phrase)
        self._index_rare_slots()
        self._pack()
        # "=понимаю" phrases, by the written form they need
        self._exact = {k[len(EXACT) :]: v for k, v in self._vocab.items() if k.startswith(EXACT)}
        # How many placements are worth finding: the scorer looks at every one of an
        # anti-pattern, a signal or a product marker (is it negated? which sentences does it
        # pitch in?), and at the first of a customer marker.
        self._limits = [1 if p.kind == "customer" else MAX_PLACES for p in self.patterns]
        self._buckets: dict[str, list[str]] = {}
        for key in self._vocab:
            self._buckets.setdefault(key[:6], []).append(key)
        self._spare: list[list[list[int] | None]] = []  # find()'s position lists, cleared
        self._key_cache: dict[str, tuple[int, ...]] = {}
        self._fuzzy_cache: dict[str, tuple[int, ...]] = {}

    def _add_phrase(self, pattern_index: int, lang: str, phrase: str) -> None:
        for alternatives in parse_phrase(phrase):
            for alt in alternatives:
                for word in fold(alt).replace(EXACT, "").split():
                    if len(word) >= _FUZZY_MIN_LEN and word not in NEGATORS:
                        keys = [t.key for t in tokenize(word) if not t.stop]
                        if len(keys) == 1:
                            self._surfaces["en" if word.isascii() else "ru"][word] = keys[0]
        for compiled in compile_phrase(phrase):
            id_slots = tuple(
                tuple(sorted({self._vocab.setdefault(k, len(self._vocab)) for k in slot}))
                for slot in compiled.slots
            )
            window = len(id_slots) + WINDOW_SLACK
            # English word order carries meaning ("you should have" vs "should have ... you");
            # English anti-patterns match in the order they are written.
            ordered = lang == "en" and self.patterns[pattern_index].kind == "anti"
            self._phrases.append(
                _Phrase(pattern_index, id_slots, compiled.chained, window, ordered)
            )
            for ids in id_slots:
                for vocab_id in ids:
                    self._slot_counts[vocab_id] = self._slot_counts.get(vocab_id, 0) + 1

    def _pack(self) -> None:
        """Write every phrase's slots into one bytes blob: its ids, ID_BYTES each, every slot
        closed by END_OF_SLOT. find() reads every slot of every candidate phrase; a tuple per
        slot and an int object per id, scattered among the other objects made while
        compiling, cost a cache miss each, a third of find()'s time. The slots' tuples are
        dropped: the blob holds them."""
        if len(self._vocab) >= END_OF_SLOT:
            raise ValueError("the patterns use too many different words for one case")
        blob = bytearray()
        packed: list[_Phrase] = []
        for phrase in self._phrases:
            start = len(blob)
            for slot in phrase.slots:
                for vocab_id in slot:
                    blob += vocab_id.to_bytes(ID_BYTES, "big")
                blob += END_OF_SLOT.to_bytes(ID_BYTES, "big")
            packed.append(replace(phrase, slots=(), start=start, end=len(blob)))
        self._phrases = packed
        self._blob = bytes(blob)

    def _index_rare_slots(self) -> None:
        """Index each phrase by its rarest slot only: a phrase is placed only when that slot
        has a hit, so "вы" or "you", which fill hundreds of slots, trigger nothing alone."""
        counts = self._slot_counts
        triggers: list[list[int]] = [[] for _ in self._vocab]
        indexes = list(range(len(self._phrases)))  # made in a row: find() hashes them all
        for phrase_index, phrase in zip(indexes, self._phrases, strict=True):
            rare = min(phrase.slots, key=lambda ids: sum(counts.get(v, 0) for v in ids))
            for vocab_id in rare:
                triggers[vocab_id].append(phrase_index)
        # By vocabulary id, as lists: a compiled list is indexed by a native int, where a
        # dict would box each id into a new Python int to look it up.
        self._triggers: list[tuple[int, ...]] = [tuple(found) for found in triggers]

    def _ids_for_key(self, key: str) -> tuple[int, ...]:
        cached = self._key_cache.get(key)
        if cached is not None:
            return cached
        ids = {self._vocab[key]} if key in self._vocab else set()
        if key.startswith(NUMBER):
            generic = PERCENT if key.endswith("%") else NUMBER
            if generic in self._vocab:
                ids.add(self._vocab[generic])
        else:
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
        # The token positions of each vocabulary id present, indexed by id (see _triggers),
        # in a list kept between calls: building and freeing a list of thousands of Nones
        # for every answer showed in the profile. Taken from a pool, so that concurrent
        # calls never share one.
        try:
            positions = self._spare.pop()
        except IndexError:
            positions = [None] * len(self._triggers)
        present: list[int] = []
        key_cache, fuzzy_cache = self._key_cache, self._fuzzy_cache
        exact = self._exact
        for i, token in enumerate(tokens):
            key = token.key
            ids = key_cache.get(key)
            if ids is None:
                ids = self._ids_for_key(key)
            if exact:
                form_id = exact.get("не_" + token.form if token.negated else token.form)
                if form_id is not None:
                    ids = (*ids, form_id)
            if (
                not ids
                and not token.stop
                and len(token.surface) >= _FUZZY_MIN_LEN
                and (not token.known or token.surface.isascii())
                and not key.startswith("не_")  # a negated word never fuzzes into a plain one
            ):
                ids = fuzzy_cache.get(fold(token.surface))
                if ids is None:
                    ids = self._ids_for_typo(token)
            for vocab_id in ids:
                at = positions[vocab_id]
                if at is not None:
                    at.append(i)
                else:
                    positions[vocab_id] = [i]
                    present.append(vocab_id)
        if not present:
            self._spare.append(positions)
            return []
        candidates: set[int] = set()
        triggers = self._triggers
        for vocab_id in present:
            found = triggers[vocab_id]
            if found:
                candidates.update(found)
        sentence_of = [t.sentence for t in tokens]
        stop_of: list[bool] = []  # filled on the first chained phrase: few need it
        places: dict[int, list[tuple[int, ...]]] = {}
        sentences: dict[int, set[int]] = {}
        phrases, blob = self._phrases, self._blob
        limits = self._limits
        for phrase_index in sorted(candidates):
            phrase = phrases[phrase_index]
            owner = phrase.pattern_index
            limit = limits[owner]
            found_places = places.get(owner)
            if found_places is not None and len(found_places) >= limit:
                continue
            slot_positions: list[list[int]] = []
            # Slots list few ids (three on average): look each up, no set built.
            merged: list[int] | None = None
            several = complete = False
            k, end = phrase.start, phrase.end
            while k < end:
                vocab_id = blob[k] << 16 | blob[k + 1] << 8 | blob[k + 2]
                k += ID_BYTES
                if vocab_id == END_OF_SLOT:
                    if merged is None:
                        break  # a slot with no word of the answer
                    slot_positions.append(sorted(set(merged)) if several else merged)
                    merged, several = None, False
                    continue
                at = positions[vocab_id]
                if at is not None:
                    if merged is None:
                        merged = at
                    else:
                        merged = merged + at
                        several = True
            else:
                complete = True
            if complete:
                if phrase.chained and not stop_of:
                    # A chain may step over a function word, but over a negator only where
                    # the negation went into the next word ("don't miss"), not "definitely
                    # not 24", not over a conjunction, and not out of a clause ("Oh, that's
                    # really" is no "oh really").
                    last = len(tokens) - 1
                    stop_of = [
                        t.stop
                        and 0 < i < last
                        and tokens[i - 1].clause == t.clause == tokens[i + 1].clause
                        and (t.key not in NEGATORS or tokens[i + 1].negated)
                        and t.key not in _JOINING
                        for i, t in enumerate(tokens)
                    ]
                for placement in _place(phrase, slot_positions, sentence_of, stop_of):
                    if found_places is None:
                        found_places = places[owner] = []
                        sentences[owner] = set()
                    if placement not in found_places:
                        found_places.append(placement)
                        sentences[owner].add(sentence_of[placement[0]])
                        if len(found_places) >= limit:
                            break
        for vocab_id in present:
            positions[vocab_id] = None
        self._spare.append(positions)
        return [
            Hit(self.patterns[i], found[0], frozenset(sentences[i]), tuple(found))
            for i, found in sorted(places.items())
        ]


def _place(
    phrase: _Phrase, slot_positions: list[list[int]], sentence_of: list[int], stop_of: list[bool]
) -> list[tuple[int, ...]]:
    """Every placement of a phrase: one token per slot, all in one sentence, within the
    phrase's window, chained slots right after their predecessor (past one skippable
    function word at most: "don't miss" is do, not, miss; "без переплаты, первый взнос" is no
    "без первого взноса"). Anchored on each occurrence of the first slot, taking the nearest free
    occurrence of the others."""
    if len(slot_positions) == 1:
        return [(p,) for p in slot_positions[0]]
    placements: list[tuple[int, ...]] = []
    window, chained, ordered = phrase.window, phrase.chained, phrase.ordered
    for anchor in slot_positions[0]:
        sentence = sentence_of[anchor]
        chosen = [anchor]
        for k in range(1, len(slot_positions)):
            others = slot_positions[k]
            best = -1
            if k in chained:
                # The word right after its predecessor, not the one nearest the anchor: in
                # "было в приложении, его можно было увидеть в любой момент" the "в" of "в
                # любой момент", not the first "в", as near to "можно".
                best = _next_word(chosen[-1], others, sentence, sentence_of, stop_of)
                if best < 0:
                    break
                chosen.append(best)
                continue
            # The first word of a several-word alternative: only where the rest follows it.
            rest = slot_positions[k + 1] if k + 1 in chained else None
            for p in others:
                if rest is not None and _next_word(p, rest, sentence, sentence_of, stop_of) < 0:
                    continue
                if ordered:
                    if sentence_of[p] == sentence and p > chosen[-1] and (best < 0 or p < best):
                        best = p
                elif (
                    sentence_of[p] == sentence
                    and p not in chosen
                    # on a tie, the word after the anchor: "на 18 месяцев, а первые три
                    # месяца … не платить" reads "первые три месяца"
                    and (best < 0 or abs(p - anchor) <= abs(best - anchor))
                ):
                    best = p
            if best < 0:
                break
            chosen.append(best)
        else:
            if max(chosen) - min(chosen) >= window:
                continue
            if ordered and any(chosen[i] <= chosen[i - 1] for i in range(1, len(chosen))):
                continue
            placements.append(tuple(sorted(chosen)))
    return placements


def _next_word(
    before: int, candidates: list[int], sentence: int, sentence_of: list[int], stop_of: list[bool]
) -> int:
    """The first candidate right after `before` in its sentence (past one skippable function
    word at most), or -1."""
    for p in candidates:
        gap = p - before
        if (gap == 1 or (gap == 2 and stop_of[before + 1])) and sentence_of[p] == sentence:
            return p
    return -1


__all__ = ["Hit", "Matcher", "compile_phrase", "parse_phrase"]
