"""Inline SVG charts for the HTML reports: pure functions, deterministic output.

Every label goes through `markupsafe.escape` (a `Markup` label is taken as its plain text
first), numbers are formatted here, never taken from the caller as text. Each chart is an
`<svg role="img">` with a `<title>` (and a `<desc>` listing the values) so a screen reader
gets the data, and every bar or point carries its own `<title>` (a tooltip in browsers).

The colours of the three strategies are `COLORS`; the pages' legends and highlight marks use
the same values, so a colour means the same thing everywhere in a report.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

SERIES = ("customer", "product", "situational")

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
COLORS: dict[str, str] = {
    "customer": "#0072B2",
    "product": "#E69F00",
    "situational": "#009E73",
    "total": "#4A5568",
    "violation": "#D55E00",
    "signal": "#8E6BB8",
}
# Light tints of the same hues, for text highlights and backgrounds.
TINTS: dict[str, str] = {
    "customer": "#D3E6F4",
    "product": "#FBEBC7",
    "situational": "#C8EDE1",
    "total": "#E2E8F0",
    "violation": "#F8D5C2",
    "signal": "#E6DCF2",
}

_TRACK = "#EDF2F7"
_GRID = "#CBD5E0"
_INK = "#1A202C"
_MUTED = "#4A5568"
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
NO_DATA = "—"

Label = str | Markup


def _plain(label: object) -> str:
    """A label as plain text: Markup is stripped of tags and unescaped, others are str()."""
    if label is None:
        return ""
    if isinstance(label, Markup):
        return label.striptags()
    return str(label)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


def fmt_number(value: float | None) -> str:
    """A value for display: whole numbers without decimals, else one decimal; None is '—'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA
    rounded = round(float(value), 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}"


def _c(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros (stable across platforms)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _label_chars(label_width: int, size: int = 13) -> int:
    """How many characters fit left of the bars (wide Cyrillic capitals included)."""
    return max(4, int((label_width - 12) / (size * 0.68)))


def _fraction(value: float | None, max_value: float) -> float:
    if value is None or max_value <= 0 or math.isnan(float(value)):
        return 0.0
    return max(0.0, min(1.0, float(value) / max_value))


def _color(value: str) -> str:
    """Only a #rgb / #rrggbb colour or a known series name is put into an attribute."""
    if value in COLORS:
        return COLORS[value]
    text = str(value)
    if (
        text.startswith("#")
        and len(text) in (4, 7)
        and all(ch in "0123456789abcdefABCDEF" for ch in text[1:])
    ):
        return text
    return COLORS["total"]


def _svg(title: Label, desc: str, width: int, height: int, body: list[str], css: str) -> Markup:
    """Wrap chart elements in an accessible <svg>; the id is derived from the content."""
    title_text = _plain(title)
    content = "".join(body)
    digest = hashlib.sha1(
        f"{css}|{title_text}|{desc}|{content}".encode(), usedforsecurity=False
    ).hexdigest()[:10]
    chart_id = f"chart-{digest}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'font-family="{escape(_FONT)}" font-size="13" fill="{_INK}">'
        f'<title id="{chart_id}-t">{escape(title_text)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>'
    )
    return Markup(head + content + "</svg>")


def _text(x: float, y: float, label: str, *, anchor: str = "start", size: int = 13, **attrs) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{escape(value)}"' for key, value in attrs.items())
    return (
        f'<text x="{_c(x)}" y="{_c(y)}" text-anchor="{anchor}" font-size="{size}"{extra}>'
        f"{escape(label)}</text>"
    )


def _empty(title: Label, empty_text: Label, width: int, height: int, css: str) -> Markup:
    body = [
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" rx="6" '
        f'fill="none" stroke="{_GRID}" stroke-dasharray="4 4"/>',
        _text(width / 2, height / 2 + 5, _plain(empty_text), anchor="middle", fill=_MUTED),
    ]
    return _svg(title, _plain(empty_text), width, height, body, css + " chart-empty")


def bar_chart(
    items: Sequence[tuple[Label, float | None]],
    max_value: float = 100,
    *,
    title: Label = "",
    color: str = "total",
    colors: Sequence[str] | None = None,
    width: int = 420,
    label_width: int = 140,
    bar_height: int = 22,
    gap: int = 10,
    marker: float | None = None,
    empty_text: Label = NO_DATA,
) -> Markup:
    """Horizontal bars, one per (label, value); `colors` (cycled) overrides `color` per bar.

    `marker` draws a dashed vertical line at that value (e.g. a pass mark). A None value
    shows "—" without a bar.
    """
    if not items:
        return _empty(title, empty_text, width, 60, "chart-bars")
    label_chars = _label_chars(label_width)
    plot_x = label_width
    plot_w = width - label_width - 44
    pad = 6
    height = pad * 2 + len(items) * bar_height + (len(items) - 1) * gap
    body: list[str] = []
    desc: list[str] = []
    for index, (label, value) in enumerate(items):
        name = _plain(label)
        fill = _color(colors[index % len(colors)] if colors else color)
        y = pad + index * (bar_height + gap)
        mid = y + bar_height / 2 + 4.5
        bar_w = plot_w * _fraction(value, max_value)
        desc.append(f"{name}: {fmt_number(value)}")
        body.append(f"<g><title>{escape(name)}: {fmt_number(value)}</title>")
        body.append(_text(plot_x - 8, mid, _short(name, label_chars), anchor="end"))
        body.append(
            f'<rect x="{plot_x}" y="{y}" width="{_c(plot_w)}" height="{bar_height}" '
            f'rx="3" fill="{_TRACK}"/>'
        )
        if value is not None and bar_w > 0:
            body.append(
                f'<rect x="{plot_x}" y="{y}" width="{_c(max(bar_w, 2))}" '
                f'height="{bar_height}" rx="3" fill="{fill}"/>'
            )
        body.append(_text(plot_x + plot_w + 6, mid, fmt_number(value), font_weight="600"))
        body.append("</g>")
    if marker is not None:
        x = plot_x + plot_w * _fraction(marker, max_value)
        body.append(
            f'<line x1="{_c(x)}" y1="2" x2="{_c(x)}" y2="{height - 2}" stroke="{_INK}" '
            f'stroke-width="1.5" stroke-dasharray="4 3"><title>{fmt_number(marker)}</title></line>'
        )
    return _svg(title, "; ".join(desc), width, height, body, "chart-bars")


def grouped_bars(
    groups: Sequence[tuple[Label, Mapping[str, float | None]]],
    series: Sequence[str] = SERIES,
    *,
    title: Label = "",
    labels: Mapping[str, Label] | None = None,
    max_value: float = 100,
    width: int = 420,
    label_width: int = 140,
    bar_height: int = 11,
    gap: int = 16,
    legend: bool = True,
    empty_text: Label = NO_DATA,
) -> Markup:
    """Horizontal grouped bars: for each (label, {series: value}) one thin bar per series.

    `labels` names the series in the legend drawn above the bars (series ids by default);
    bars take their colour from `COLORS[series]`.
    """
    if not groups:
        return _empty(title, empty_text, width, 60, "chart-grouped")
    names = {key: _plain((labels or {}).get(key, key)) for key in series}
    label_chars = _label_chars(label_width)
    plot_x = label_width
    plot_w = width - label_width - 44
    top = 30 if legend else 6
    inner = 2
    group_h = len(series) * bar_height + (len(series) - 1) * inner
    height = top + 6 + len(groups) * group_h + (len(groups) - 1) * gap
    body: list[str] = []
    if legend:
        x = float(plot_x)
        for key in series:
            body.append(
                f'<rect x="{_c(x)}" y="6" width="12" height="12" rx="2" fill="{_color(key)}"/>'
            )
            body.append(_text(x + 17, 16.5, names[key], size=12))
            x += 17 + 7.2 * len(names[key]) + 18
    desc: list[str] = []
    for index, (label, values) in enumerate(groups):
        name = _plain(label)
        y0 = top + index * (group_h + gap)
        body.append(
            _text(plot_x - 8, y0 + group_h / 2 + 4.5, _short(name, label_chars), anchor="end")
        )
        parts: list[str] = []
        for row, key in enumerate(series):
            value = values.get(key)
            y = y0 + row * (bar_height + inner)
            parts.append(f"{names[key]} {fmt_number(value)}")
            body.append(
                f"<g><title>{escape(name)} — {escape(names[key])}: {fmt_number(value)}</title>"
            )
            body.append(
                f'<rect x="{plot_x}" y="{y}" width="{_c(plot_w)}" height="{bar_height}" '
                f'fill="{_TRACK}"/>'
            )
            bar_w = plot_w * _fraction(value, max_value)
            if value is not None and bar_w > 0:
                body.append(
                    f'<rect x="{plot_x}" y="{y}" width="{_c(max(bar_w, 2))}" '
                    f'height="{bar_height}" fill="{_color(key)}"/>'
                )
            body.append(
                _text(plot_x + plot_w + 6, y + bar_height - 1.5, fmt_number(value), size=11)
            )
            body.append("</g>")
        desc.append(f"{name}: {', '.join(parts)}")
    return _svg(title, "; ".join(desc), width, height, body, "chart-grouped")


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """Indexes of consecutive non-None values: the pieces of a line broken by gaps."""
    runs: list[list[int]] = []
    current: list[int] = []
    for index, value in enumerate(values):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(index)
    if current:
        runs.append(current)
    return runs


def line_chart(
    points: Sequence[tuple[Label, float | None]],
    max_value: float = 100,
    *,
    title: Label = "",
    color: str = "total",
    width: int = 460,
    height: int = 220,
    show_values: bool = True,
    ticks: Sequence[Label] | None = None,
    empty_text: Label = NO_DATA,
) -> Markup:
    """A line over labelled points (e.g. weeks, oldest first); None is a gap in the line.

    `ticks` are shorter x-axis labels, one per point (the point labels by default; titles
    and the description always use the point labels). At most 8 ticks are drawn, the last
    always. With no points, or none with a value, the axes carry `empty_text`.
    """
    left, right, top, bottom = 36, 34, 22, 42
    plot_w = width - left - right
    plot_h = height - top - bottom
    stroke = _color(color)
    values = [None if v is None or math.isnan(float(v)) else float(v) for _, v in points]
    names = [_plain(label) for label, _ in points]
    body: list[str] = []
    for step in range(5):
        level = max_value * step / 4
        y = top + plot_h * (1 - step / 4)
        dash = "" if step == 0 else ' stroke-dasharray="2 3"'
        body.append(
            f'<line x1="{left}" y1="{_c(y)}" x2="{width - right}" y2="{_c(y)}" '
            f'stroke="{_GRID}" stroke-width="1"{dash}/>'
        )
        body.append(_text(left - 6, y + 4, fmt_number(level), anchor="end", size=12, fill=_MUTED))

    inset = 16  # keeps the first and last points clear of the axis labels

    def x_at(index: int) -> float:
        if len(points) == 1:
            return left + plot_w / 2
        return left + inset + (plot_w - 2 * inset) * index / (len(points) - 1)

    def y_at(value: float) -> float:
        return top + plot_h * (1 - _fraction(value, max_value))

    tick_names = names if ticks is None else [_plain(tick) for tick in ticks]
    every = max(1, math.ceil(len(points) / 8))
    for index, name in enumerate(tick_names[: len(points)]):
        if (len(points) - 1 - index) % every == 0:
            body.append(
                _text(
                    x_at(index),
                    height - bottom + 18,
                    _short(name, 10),
                    anchor="middle",
                    size=12,
                    fill=_MUTED,
                )
            )
    present = [v for v in values if v is not None]
    if not present:
        body.append(
            _text(
                left + plot_w / 2,
                top + plot_h / 2,
                _plain(empty_text),
                anchor="middle",
                fill=_MUTED,
            )
        )
        return _svg(title, _plain(empty_text), width, height, body, "chart-line chart-empty")
    for run in _runs(values):
        if len(run) > 1:
            coords = " ".join(f"{_c(x_at(i))},{_c(y_at(values[i]))}" for i in run)
            body.append(
                f'<polyline points="{coords}" fill="none" stroke="{stroke}" stroke-width="2.5" '
                f'stroke-linejoin="round" stroke-linecap="round"/>'
            )
    desc: list[str] = []
    for index, value in enumerate(values):
        desc.append(f"{names[index]}: {fmt_number(value)}")
        if value is None:
            continue
        x, y = x_at(index), y_at(value)
        body.append(f"<g><title>{escape(names[index])}: {fmt_number(value)}</title>")
        body.append(
            f'<circle cx="{_c(x)}" cy="{_c(y)}" r="4" fill="#fff" stroke="{stroke}" '
            f'stroke-width="2.5"/>'
        )
        if show_values:
            body.append(
                _text(x, y - 9, fmt_number(value), anchor="middle", size=11, font_weight="600")
            )
        body.append("</g>")
    return _svg(title, "; ".join(desc), width, height, body, "chart-line")


def sparkline(
    points: Sequence[tuple[Label, float | None]],
    max_value: float = 100,
    *,
    title: Label = "",
    color: str = "total",
    width: int = 96,
    height: int = 26,
    empty_text: Label = NO_DATA,
) -> Markup:
    """A tiny line for a table cell: no axes, the last value marked; None is a gap."""
    values = [None if v is None or math.isnan(float(v)) else float(v) for _, v in points]
    names = [_plain(label) for label, _ in points]
    desc = "; ".join(
        f"{name}: {fmt_number(value)}" for name, value in zip(names, values, strict=True)
    )
    pad = 3
    stroke = _color(color)
    body = [
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="{_GRID}" stroke-width="1"/>'
    ]
    if not any(v is not None for v in values):
        body.append(
            _text(
                width / 2, height / 2 + 4, _plain(empty_text), anchor="middle", size=11, fill=_MUTED
            )
        )
        return _svg(
            title, desc or _plain(empty_text), width, height, body, "chart-spark chart-empty"
        )

    def x_at(index: int) -> float:
        if len(values) == 1:
            return width / 2
        return pad + (width - 2 * pad) * index / (len(values) - 1)

    def y_at(value: float) -> float:
        return pad + (height - 2 * pad) * (1 - _fraction(value, max_value))

    runs = _runs(values)
    for run in runs:
        if len(run) > 1:
            coords = " ".join(f"{_c(x_at(i))},{_c(y_at(values[i]))}" for i in run)
            body.append(
                f'<polyline points="{coords}" fill="none" stroke="{stroke}" stroke-width="1.8" '
                f'stroke-linejoin="round"/>'
            )
    dots = {run[0] for run in runs if len(run) == 1} | {runs[-1][-1]}
    for index, value in enumerate(values):
        if value is None:
            continue
        if index in dots:
            body.append(
                f'<circle cx="{_c(x_at(index))}" cy="{_c(y_at(value))}" r="2.5" fill="{stroke}"/>'
            )
    return _svg(title, desc, width, height, body, "chart-spark")
