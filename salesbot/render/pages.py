"""What the HTML report pages add to the environment: filters, highlighting, charts.

`salesbot.render.interview_report(view)` and `team_report(view)` turn the view models built in
`salesbot/reports.py` (their shapes are in that module's docstring) into standalone HTML
documents: inline CSS and inline SVG charts, no external assets, no JavaScript. Every value from
the view is escaped by autoescaping; views hold data only, and the one piece of HTML made from
it, the answer with its evidence marked, is made here (`highlight`). Labels come from
`salesbot/locales/report.{lang}.yaml` through `t(key, **values)`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from .. import locales
from . import charts, message
from .plurals import plural

DIMENSIONS = charts.SERIES
LEVELS = ("recommend", "consider", "reject")
# Highlight classes, lowest priority first: where spans overlap the later one wins.
MARK_CLASSES = ("signal", "product", "customer", "situational", "violation")


def highlight_answer(text: str, spans: Iterable[tuple[int, int, str]]) -> Markup:
    """The answer as safe HTML with `<mark class="...">` around the evidence.

    `spans` are (start, end, kind) character offsets into `text` (the scorer's `Evidence.spans`
    and `Violation.spans` with the evidence's dimension, or "violation"); kind is one of
    MARK_CLASSES (anything else is ignored). Overlaps are resolved by MARK_CLASSES priority
    (a violation wins); every piece of text is escaped.
    """
    kinds: list[str | None] = [None] * len(text)
    rank = {kind: index for index, kind in enumerate(MARK_CLASSES)}
    for start, end, kind in sorted(
        (s for s in spans if s[2] in rank), key=lambda s: (rank[s[2]], s[0], s[1])
    ):
        for index in range(max(0, start), min(len(text), end)):
            kinds[index] = kind
    parts: list[str] = []
    index = 0
    while index < len(text):
        kind = kinds[index]
        end = index
        while end < len(text) and kinds[end] == kind:
            end += 1
        piece = escape(text[index:end])
        parts.append(f'<mark class="{kind}">{piece}</mark>' if kind else str(piece))
        index = end
    return Markup("".join(parts))


def _highlight(text: str, marks: Iterable[Sequence[Any]]) -> Markup:
    """The answer of a report turn with its `marks` [(start, end, kind)]; see highlight_answer."""
    return highlight_answer(text or "", [(m[0], m[1], m[2]) for m in marks or ()])


# ---- filters ---------------------------------------------------------------------------


def _num(value: Any) -> str:
    """A score for display: 73, 73.5; None or a missing value is "—"."""
    if value is None or isinstance(value, bool):
        return charts.NO_DATA
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return charts.NO_DATA if math.isnan(number) else charts.fmt_number(number)


def _signed(value: Any) -> str:
    """NPS: +40, −20, 0; None is "—"."""
    if value is None:
        return charts.NO_DATA
    number = round(float(value))
    if number > 0:
        return f"+{number}"
    return f"−{-number}" if number < 0 else "0"


def _pct(value: Any, max_value: float = 100) -> int:
    """A width in percent for a CSS bar: 0-100, whole."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    if math.isnan(number) or max_value <= 0:
        return 0
    return max(0, min(100, round(number * 100 / max_value)))


def _when(value: Any) -> str:
    """An ISO timestamp as "2026-11-20 10:00 UTC"; a date stays a date; None is "—"."""
    if value is None or value == "":
        return charts.NO_DATA
    moment = value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if len(value) <= 10:  # a bare date
            return moment.strftime("%Y-%m-%d")
    if not isinstance(moment, datetime):
        return str(value)
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return moment.strftime("%Y-%m-%d %H:%M")


def _dimclass(value: Any) -> str:
    """A CSS class for a dimension/mark kind: only known names, else "other"."""
    return value if value in (*MARK_CLASSES, "total") else "other"


# ---- context-aware helpers (they need the page language) -------------------------------


def bar(value: float, width: int = 10) -> str:
    """A text bar for a 0-100 value: ▰▰▰▰▱▱▱▱▱▱ (chat messages and the terminal)."""
    filled = max(0, min(width, round(value * width / 100)))
    return "▰" * filled + "▱" * (width - filled)


@pass_context
def _t(context: Context, key: str, **kwargs: Any) -> Markup:
    """A localized label, already escaped."""
    return Markup(message(key, context["lang"], "html", **kwargs))


@pass_context
def _label(context: Context, prefix: str, value: Any) -> Markup:
    """`t(prefix.value)` when such a message exists, else the value itself (escaped)."""
    if value is None or value == "":
        return Markup(charts.NO_DATA)
    key = f"{prefix}.{value}"
    if locales.has(key, context["lang"]):
        return _t(context, key)
    return escape(value)


@pass_context
def _duration(context: Context, seconds: Any) -> Markup:
    """42 s, 5 min, 3 min 20 s (localized); None is "—"."""
    if seconds is None:
        return Markup(charts.NO_DATA)
    total = max(0, round(float(seconds)))
    minutes, rest = divmod(total, 60)
    if not minutes:
        return _t(context, "report.duration.seconds", s=rest)
    if not rest:
        return _t(context, "report.duration.minutes", m=minutes)
    return _t(context, "report.duration.minutes_seconds", m=minutes, s=rest)


def _dim_names(context: Context) -> dict[str, Markup]:
    return {d: _t(context, f"dim.{d}") for d in DIMENSIONS}


@pass_context
def _dimension_chart(context: Context, scores: Mapping[str, Any]) -> Markup:
    """The three strategy scores as bars in their colours."""
    names = _dim_names(context)
    return charts.bar_chart(
        [(names[d], scores.get(d)) for d in DIMENSIONS],
        title=_t(context, "report.scores_chart"),
        colors=list(DIMENSIONS),
        empty_text=_t(context, "report.no_data"),
    )


@pass_context
def _members_chart(context: Context, members: Sequence[Mapping[str, Any]]) -> Markup:
    return charts.bar_chart(
        [(m["name"], m.get("total")) for m in members],
        title=_t(context, "report.members_chart"),
        empty_text=_t(context, "report.no_members"),
    )


@pass_context
def _styles_chart(context: Context, members: Sequence[Mapping[str, Any]]) -> Markup:
    return charts.grouped_bars(
        [(m["name"], m.get("scores") or {}) for m in members],
        title=_t(context, "report.styles_chart"),
        labels=_dim_names(context),
        empty_text=_t(context, "report.no_members"),
    )


_ISO_WEEK = re.compile(r"(\d{4})-W(\d{1,2})")


def week_ticks(weeks: Sequence[str]) -> list[str]:
    """Short x-axis labels for ISO weeks: "2026-W47" on the first and at a new year, else "W48"."""
    ticks: list[str] = []
    year = None
    for week in weeks:
        found = _ISO_WEEK.fullmatch(str(week))
        if found is None:
            ticks.append(str(week))
            continue
        ticks.append(str(week) if found.group(1) != year else f"W{found.group(2)}")
        year = found.group(1)
    return ticks


@pass_context
def _trend_chart(context: Context, weeks: Sequence[Mapping[str, Any]]) -> Markup:
    return charts.line_chart(
        [(w["week"], w.get("total")) for w in weeks],
        title=_t(context, "report.trend_chart"),
        ticks=week_ticks([w["week"] for w in weeks]),
        empty_text=_t(context, "report.no_data"),
    )


@pass_context
def _member_sparkline(context: Context, member: Mapping[str, Any]) -> Markup:
    title = Markup("{} — {}").format(member["name"], _t(context, "report.member_trend"))
    return charts.sparkline(
        [(w["week"], w.get("total")) for w in member.get("weeks") or ()],
        title=title,
        empty_text=charts.NO_DATA,
    )


def install(env: Environment) -> None:
    """Register the filters and globals of the pages and chat texts with the environment."""
    env.filters.update(
        bar=bar,
        num=_num,
        signed=_signed,
        pct=_pct,
        when=_when,
        dimclass=_dimclass,
        duration=_duration,
        plural=plural,
    )
    env.globals.update(
        label=_label,
        highlight=_highlight,
        colors=charts.COLORS,
        tints=charts.TINTS,
        dimensions=DIMENSIONS,
        mark_classes=MARK_CLASSES,
        dimension_chart=_dimension_chart,
        members_chart=_members_chart,
        styles_chart=_styles_chart,
        trend_chart=_trend_chart,
        member_sparkline=_member_sparkline,
    )
