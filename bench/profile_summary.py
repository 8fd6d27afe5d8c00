"""Where the bot's time went, from a profile written by `e2e_bench.py --profile DIR`.

Prints the share of the profiled wall time spent inside a few functions that matter for
salesbot (sending, the database, templates, scoring, polling, idle), each counted once even
when it calls itself.

Run: .venv/bin/python bench/profile_summary.py DIR/salesbot-off-1000000.pyisession
Needs pyinstrument (pip install pyinstrument; a measurement tool, not a dependency).
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

# (label, function name as pyinstrument shows it, file fragment)
WATCHED = (
    ("all handlers", "process_update", "telegram/ext/_application.py"),
    ("send_message (PTB + httpx)", "send_message", "telegram/_bot.py"),
    ("  of which httpcore's failed `import sniffio`", "current_async_library", "httpcore"),
    ("getUpdates (PTB + httpx + parsing)", "get_updates", "telegram/_bot.py"),
    ("SqliteStore.* (SQLite via sqlite-utils)", "*", "salesbot/storage.py"),
    ("render.message (Jinja)", "message", "salesbot/render/__init__.py"),
    ("Scorer.score_answer (0 if compiled by mypyc)", "score_answer", "salesbot/engine/scoring.py"),
    ("idle (epoll)", "select", "selectors.py"),
)


def inclusive_times(path: Path) -> tuple[float, dict[str, float]]:
    from pyinstrument.session import Session

    root = Session.load(str(path)).root_frame()
    totals: dict[str, float] = defaultdict(float)

    def visit(frame, inside: frozenset[str]) -> None:
        matched = set()
        for label, function, fragment in WATCHED:
            if fragment in (frame.file_path or "") and function in ("*", frame.function):
                matched.add(label)
        for label in matched - inside:
            totals[label] += frame.time
        for child in frame.children:
            visit(child, inside | matched)

    if root is None:
        return 0.0, {}
    visit(root, frozenset())
    return root.time, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sessions", nargs="+", type=Path, help=".pyisession files")
    args = parser.parse_args()
    for path in args.sessions:
        wall, totals = inclusive_times(path)
        print(f"{path.name}: {wall:.2f} s profiled")
        for label, _, _ in WATCHED:
            share = totals.get(label, 0.0) / wall if wall else 0.0
            print(f"   {label:<48}{totals.get(label, 0.0):>8.2f} s {share:>6.1%}")


if __name__ == "__main__":
    main()
