"""A case being played, for practice or in an interview: every call into the engine is
here, once per operation.

- `load_book`: the cases of a folder, loaded and compiled;
- `load_tracks`: the tracks next to a book's cases, checked against them;
- `open_case`: the engine opens the dialogue, the store opens an attempt, the client speaks;
- `score_answer`: one answer scored (also for `salesbot score` and batches);
- `play`: an answer to an attempt's current step, scored, and the dialogue moved on;
- `summary`: the end of a case, from its scored answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .engine import (
    Case,
    CaseBook,
    DialogueState,
    ScoreResult,
    Summary,
    Turn,
    load_casebook,
    start_dialogue,
    summarize,
)
from .engine.tracks import Track
from .engine.tracks import load_tracks as _load_tracks
from .records import Attempt, Mode

if TYPE_CHECKING:
    from .services import Services


def load_book(folder: Path) -> CaseBook:
    """Load and compile the cases of a folder (raises CaseFileError listing every problem)."""
    return load_casebook(folder)


def load_tracks(book: CaseBook) -> dict[str, Track]:
    """The tracks of the book's folder (`tracks/*.yaml`), every case checked to exist in the
    book (raises CaseFileError listing every problem)."""
    return _load_tracks(book.folder, book.cases)


@dataclass(frozen=True, slots=True)
class Played:
    """An answer played: its score, what the client does next, the attempt's new state."""

    result: ScoreResult
    turn: Turn

    @property
    def finished(self) -> bool:
        return self.turn.state.finished

    def ending(self) -> dict[str, object] | None:
        """The attempt's outcome, result and rating once the dialogue has ended."""
        if not self.finished or self.turn.outcome is None:
            return None
        outcome = self.turn.outcome
        return {"outcome": outcome.id, "result": outcome.result, "rating": self.turn.rating}


def open_case(
    svc: Services,
    user_id: int,
    case: Case,
    lang: str,
    *,
    intro: str = "case_intro",
    mode: Mode = Mode.PRACTICE,
    interview_id: int | None = None,
    seed: int | None = None,
) -> list[str]:
    """Open an attempt at a case (stopping any other) and return its opening: the
    introduction (the message `intro`) and the client's first line.

    The seed picks among the client's phrasings, so that a second attempt does not hear
    word for word the same client; by default it comes from the user's attempts so far."""
    if seed is None:
        seed = svc.store.attempt_count(user_id, case.id)
    turn = start_dialogue(case, lang, seed)
    svc.store.start_attempt(
        user_id,
        case.id,
        case.version,
        turn.state.lang,
        turn.state.to_json(),
        mode=mode,
        interview_id=interview_id,
    )
    lang = turn.state.lang
    name = case.text(case.persona.name, lang)
    opening = svc.text(
        intro,
        lang,
        title=case.text(case.title, lang),
        description=case.text(case.description, lang),
        name=name,
        role=case.text(case.persona.role, lang),
    )
    return [opening, *client_lines(svc, case, turn, lang)]


def client_lines(svc: Services, case: Case, turn: Turn, lang: str) -> list[str]:
    """The client's lines of a turn, each as the client's message."""
    name = case.text(case.persona.name, lang)
    return [svc.text("client", lang, name=name, line=line) for line in turn.lines]


def state_of(attempt: Attempt) -> DialogueState:
    return DialogueState.from_json(attempt.state)


def score_answer(
    book: CaseBook, case: Case, step_id: str, text: str, lang: str | None
) -> ScoreResult:
    """One answer to one step, scored (the language detected when not given)."""
    return book.scorer.score_answer(case, step_id, text, lang)


def play(book: CaseBook, case: Case, state: DialogueState, text: str) -> Played:
    """Score an answer to the state's step and move the dialogue on."""
    assert state.step_id is not None, "the dialogue has ended"
    result = score_answer(book, case, state.step_id, text, state.lang)
    return Played(result, book.advance(case, state, result))


def summary(results: list[ScoreResult], turn: Turn | None = None, lang: str = "") -> Summary:
    """Averages, the client's rating, what happened and what to practise, from a case's
    scored answers."""
    if turn is None:
        return summarize(results, lang=lang)
    return summarize(results, turn.outcome, turn.rating, lang or turn.state.lang)
