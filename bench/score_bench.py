"""How many answers the scorer handles per second on one core, warm and cold.

Answers are the blind labelled dev answers of tests/data/blind (20-80 words; shorter ones
are joined in pairs to reach that length), each scored at its own step. "Cold" clears every
cache (lemmas, pattern lookups) before each pass, as for a stream of words never seen
before; "warm" is the steady state.

Run: .venv/bin/python bench/score_bench.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from salesbot.engine import load_casebook  # noqa: E402
from salesbot.engine import text as text_module  # noqa: E402
from salesbot.paths import bundled_scenarios  # noqa: E402


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}; nproc={os.cpu_count()}; Python {platform.python_version()}"


def answers() -> list[tuple[str, str, str]]:
    """(case, step, text) of realistic length."""
    rows = []
    path = ROOT / "tests" / "data" / "blind" / "dev.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows.append((row["case"], row["step"], row["text"]))
    realistic, short = [], []
    for case, step, text in rows:
        n = len(text.split())
        if 20 <= n <= 80:
            realistic.append((case, step, text))
        elif n < 20:
            short.append((case, step, text))
    for (case, step, a), (case_b, _, b) in zip(short[::2], short[1::2], strict=False):
        joined = f"{a} {b}"
        if case == case_b and 20 <= len(joined.split()) <= 80:
            realistic.append((case, step, joined))
    return realistic


def clear_caches(book) -> None:
    text_module.clear_caches()
    for compiled in book.scorer._compiled.values():
        matcher = compiled.matcher
        matcher._key_cache.clear()
        matcher._fuzzy_cache.clear()


def run_pass(book, items) -> float:
    cases = book.cases
    start = time.perf_counter()
    for case_id, step_id, text in items:
        book.scorer.score_answer(cases[case_id], step_id, text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    started = time.perf_counter()
    book = load_casebook(bundled_scenarios())
    load_time = time.perf_counter() - started
    items = answers()
    words = statistics.mean(len(t.split()) for _, _, t in items)
    print(f"machine: {machine()}")
    compiled = text_module.__file__.endswith(".so")
    print(f"engine: {'compiled with mypyc (make)' if compiled else 'plain Python'}")
    print(f"cases loaded and compiled in {load_time * 1000:.0f} ms")
    print(f"{len(items)} answers, {words:.0f} words on average")

    cold_rates = []
    deadline = time.perf_counter() + args.seconds
    while time.perf_counter() < deadline:
        clear_caches(book)
        cold_rates.append(len(items) / run_pass(book, items))
    run_pass(book, items)  # warm up
    warm_rates = []
    deadline = time.perf_counter() + args.seconds
    while time.perf_counter() < deadline:
        warm_rates.append(len(items) / run_pass(book, items))
    cold, warm = statistics.median(cold_rates), statistics.median(warm_rates)
    print(f"cold: {cold:,.0f} answers/s (median of {len(cold_rates)} passes)")
    print(f"warm: {warm:,.0f} answers/s (median of {len(warm_rates)} passes)")
    print(f"warm/cold ratio: {warm / cold:.1f}x; warm per answer: {1e6 / warm:.0f} µs")
    print(f"target 10,000 answers/s warm: {'met' if warm >= 10_000 else 'NOT met'}")
    # The learned second opinion (salesbot/engine/opinion.py), measured in the same run.
    opinion, book.scorer.opinion = book.scorer.opinion, None
    rules_rates = []
    deadline = time.perf_counter() + args.seconds
    while time.perf_counter() < deadline:
        rules_rates.append(len(items) / run_pass(book, items))
    book.scorer.opinion = opinion
    rules = statistics.median(rules_rates)
    print(
        f"warm, rules alone (no second opinion): {rules:,.0f} answers/s;"
        f" the second opinion costs {1e6 / warm - 1e6 / rules:.0f} µs per answer"
    )


if __name__ == "__main__":
    main()
