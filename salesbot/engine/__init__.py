"""The case engine: case model, loading and validation, scoring, dialogue.

Pure Python: nothing here knows about Telegram, SQLite or templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .dialogue import DialogueState, Summary, Turn, advance, start_dialogue, summarize
from .loader import CaseFileError, Problem, load_folder
from .model import DIMENSIONS, STYLES, Case, Library, Step
from .scoring import SCORER_VERSION, Scorer, ScoreResult


@dataclass(frozen=True)
class CaseBook:
    """Every case of a scenarios folder, its library, and a scorer compiled for them."""

    folder: Path
    library: Library
    cases: dict[str, Case]
    scorer: Scorer

    def case(self, case_id: str) -> Case:
        return self.cases[case_id]

    def score(self, case: Case, step_id: str, text: str, lang: str | None = None) -> ScoreResult:
        """Score one answer to one step."""
        return self.scorer.score_answer(case, step_id, text, lang)

    def advance(self, case: Case, state: DialogueState, result: ScoreResult) -> Turn:
        """The client's reply to a scored answer, with the library's default reactions."""
        return advance(case, state, result, self.library.reactions)


def load_casebook(folder: Path) -> CaseBook:
    """Load and compile a scenarios folder; raises CaseFileError listing every problem."""
    library, cases = load_folder(folder)
    return CaseBook(folder, library, cases, Scorer(library, cases.values()))


__all__ = [
    "DIMENSIONS",
    "SCORER_VERSION",
    "STYLES",
    "Case",
    "CaseBook",
    "CaseFileError",
    "DialogueState",
    "Library",
    "Problem",
    "ScoreResult",
    "Scorer",
    "Step",
    "Summary",
    "Turn",
    "advance",
    "load_casebook",
    "start_dialogue",
    "summarize",
]
