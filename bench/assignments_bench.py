"""What assignments cost: the reminder sweep the JobQueue runs every minute, the team report
with its member x case grids, and /cases with the caller's assignments first.

A team of --members trainees, each with --attempts finished practice attempts (none passed,
so nothing closes), and --assignments open track assignments to the whole team, on a SQLite
file. Each figure is
the median of --repeat runs; the report and /cases are also timed with no assignment in the
same run, and printed as ratios.

Run: .venv/bin/python bench/assignments_bench.py [--members 20] [--attempts 50]
     [--assignments 20] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from salesbot import assignments, render, reports, training  # noqa: E402
from salesbot.config import Config  # noqa: E402
from salesbot.dialogues import load_book, load_tracks  # noqa: E402
from salesbot.paths import bundled_scenarios  # noqa: E402
from salesbot.records import Role, now  # noqa: E402
from salesbot.services import Caller, Services  # noqa: E402
from salesbot.storage import SqliteStore  # noqa: E402

LEAD = 2
CASES = ["rude-client", "courier-no-call", "bank-internet-fee", "support-line-wait"]


def median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--attempts", type=int, default=50)
    parser.add_argument("--assignments", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    book = load_book(bundled_scenarios())
    folder = tempfile.TemporaryDirectory()
    store = SqliteStore(Path(folder.name) / "bench.db")
    svc = Services(Config(), book, store, render.Texts("tg"), render, tracks=load_tracks(book))
    store.upsert_user(LEAD, "Lead")
    store.grant(LEAD, Role.LEAD, 1)
    team_id = store.create_team("Team", LEAD, "code")
    members = list(range(100, 100 + args.members))
    with store.transaction():
        for member in members:
            store.upsert_user(member, f"Member {member}")
            store.join_team(team_id, member)
            for i in range(args.attempts):
                attempt = store.start_attempt(member, CASES[i % len(CASES)], 1, "ru", "{}")
                store.db.execute(
                    "update attempts set status = 'finished', total = ?, finished_at = ? "
                    "where id = ?",
                    [30 + i % 39, now(), attempt],  # below the pass mark: all stay open
                )
    team = store.teams_of_lead(LEAD)[0]
    trainee = Caller(members[0], "ru")

    def report() -> object:
        return reports.team_report_view(store, book, svc.config, team, "ru")

    def menu() -> object:
        return training.case_menu(svc, trainee)

    bare_report, bare_menu = median_ms(report, args.repeat), median_ms(menu, args.repeat)
    for _ in range(args.assignments):
        store.create_assignment(
            team_id=team_id,
            lead_id=LEAD,
            kind="track",
            target="complaints",
            title={"ru": "Жалобы"},
            cases=[(c, 70) for c in CASES],
            need=len(CASES),
            due="2999-01-01T00:00:00+00:00",
            created_at="2000-01-01T00:00:00+00:00",
            assignees=members,
        )
    sweep = median_ms(lambda: assignments.sweep(svc), args.repeat)
    full_report, full_menu = median_ms(report, args.repeat), median_ms(menu, args.repeat)
    print(
        f"{args.assignments} open assignments x {args.members} members x "
        f"{args.attempts} attempts each (median of {args.repeat}):"
    )
    print(f"  sweep (reminders and summaries due): {sweep:.1f} ms")
    print(
        f"  team report view: {full_report:.1f} ms with the grids, {bare_report:.1f} ms "
        f"without: x{full_report / bare_report:.1f}"
    )
    print(
        f"  /cases: {full_menu:.2f} ms with {args.assignments} assignments, "
        f"{bare_menu:.2f} ms without: x{full_menu / bare_menu:.1f}"
    )
    store.close()
    folder.cleanup()


if __name__ == "__main__":
    main()
