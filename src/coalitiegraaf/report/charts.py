"""The report's pictures as SVG: geometry here, markup in ``templates/charts/``.

Text stays text in the SVG (legible at any zoom, searchable); the same data gives the same
bytes; colours come from one palette per kind of node, shared with the network explorer.
Written directly rather than through a plotting library, which took seconds to import and
draw three pictures of a few dozen shapes.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from functools import cache

# kinds of node and their colours (colour-blind safe, after Okabe and Ito)
PALETTE = {
    "actor": "#0072B2", "coalition": "#D55E00", "collaboration": "#E69F00", "theme": "#009E73",
    "initiative": "#CC79A7", "document": "#56B4E9", "certainty": "#F0E442", "challenge": "#999999",
    "barrier": "#000000", "agenda": "#882255", "action-line": "#44AA99",
}
OTHER = "#BBBBBB"
FONT_SIZE = 12
# light to dark orange, for counts from zero to the largest
_SCALE = ((0xFF, 0xF5, 0xEB), (0xFD, 0xAE, 0x6B), (0xD9, 0x48, 0x01), (0x7F, 0x27, 0x04))


def colour(kind: str) -> str:
    return PALETTE.get(kind, OTHER)


def short(label: str, width: int = 34) -> str:
    return textwrap.shorten(label, width=width, placeholder="…")


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate of the width of ``text`` in a sans-serif font, in pixels."""
    return 0.58 * size * len(text)


def shade(fraction: float) -> str:
    """The colour of a count that is ``fraction`` of the largest."""
    position = min(max(fraction, 0.0), 1.0) * (len(_SCALE) - 1)
    low = min(int(position), len(_SCALE) - 2)
    mix = position - low
    rgb = (round(a + (b - a) * mix) for a, b in zip(_SCALE[low], _SCALE[low + 1], strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def heatmap(names: Sequence[str], matrix: Sequence[Sequence[int]], title: str, legend: str) -> bytes:
    """A square matrix of counts with its numbers in the cells (e.g. shared partners)."""
    cell = 26
    labels = [short(n, 42) for n in names]
    longest = max((text_width(label) for label in labels), default=0)
    left, top = longest + 12, 50 + longest * math.sin(math.radians(40))
    peak = max((max(row) for row in matrix), default=0) or 1
    cells = [{"x": left + j * cell, "y": top + i * cell, "value": value, "fill": shade(value / peak),
              "ink": "white" if value > peak / 2 else "black"}
             for i, row in enumerate(matrix) for j, value in enumerate(row)]
    side = cell * len(names)
    width = left + side + max(90, longest * math.cos(math.radians(40)))
    return _render("heatmap.svg.j2", title=title, legend=legend, labels=labels, cell=cell, left=left,
                   top=top, cells=cells, peak=peak, width=width, height=top + side + 20,
                   stops=[shade(i / 4) for i in range(5)])


def ranking(names: Sequence[str], values: Sequence[float], title: str, axis_label: str,
            notes: Sequence[str] = ()) -> bytes:
    """A horizontal bar chart, highest first, with an optional note at the end of each bar."""
    bar, length = 22, 420
    labels = [short(n, 40) for n in names]
    left = max((text_width(label) for label in labels), default=0) + 12
    step = _step(max(values, default=0) or 1)
    peak = step * math.ceil((max(values, default=0) or 1) / step)
    notes = list(notes) + [""] * (len(labels) - len(notes))
    bars = [{"label": label, "y": 40 + i * bar, "width": round(length * value / peak, 1), "note": note}
            for i, (label, value, note) in enumerate(zip(labels, values, notes, strict=False))]
    ticks = [{"x": round(length * i * step / peak, 1), "value": f"{i * step:.4g}"}
             for i in range(round(peak / step) + 1)]
    note_room = max((text_width(b["note"], 10) for b in bars), default=0)
    return _render("ranking.svg.j2", title=title, axis_label=axis_label, bars=bars, ticks=ticks, left=left,
                   bar=bar, length=length, colour=PALETTE["actor"], width=left + length + note_room + 30,
                   height=40 + bar * len(bars) + 50)


def network(nodes: Sequence[tuple[str, str, str]], edges: Sequence[tuple[str, str]],
            positions: dict[str, tuple[float, float]], title: str, kind_names: dict[str, str]) -> bytes:
    """A directed network: ``nodes`` as (id, label, kind), arrows from source to target, drawn
    at ``positions`` (any scale), coloured by kind with a legend."""
    width, height, margin, radius = 1400, 1000, 60, 6
    xs = [x for x, _ in positions.values()] or [0.0]
    ys = [y for _, y in positions.values()] or [0.0]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1

    def place(node: str) -> tuple[float, float]:
        x, y = positions[node]
        return (round(margin + (x - min(xs)) / span_x * (width - 2 * margin), 1),
                round(50 + margin + (max(ys) - y) / span_y * (height - 50 - 2 * margin), 1))

    placed = {node: place(node) for node, _, _ in nodes}
    lines = [_arrow(placed[source], placed[target], radius + 2) for source, target in edges]
    dots = [{"x": placed[n][0], "y": placed[n][1], "label": short(label, 30), "fill": colour(kind)}
            for n, label, kind in nodes]
    kinds = [{"name": kind_names.get(k, k), "fill": colour(k)} for k in sorted({k for _, _, k in nodes})]
    return _render("network.svg.j2", title=title, lines=lines, dots=dots, kinds=kinds, radius=radius,
                   width=width + 220, height=height)


def _arrow(start: tuple[float, float], end: tuple[float, float], gap: float) -> dict[str, float]:
    """A line from ``start`` to ``end``, shortened by ``gap`` at both ends (the dots' edges)."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1
    dx, dy = (x2 - x1) / length * gap, (y2 - y1) / length * gap
    return {"x1": round(x1 + dx, 1), "y1": round(y1 + dy, 1),
            "x2": round(x2 - dx, 1), "y2": round(y2 - dy, 1)}


def _step(peak: float) -> float:
    """A round distance between ticks (1, 2 or 5 times a power of ten) giving at most 5 of them."""
    power = 10 ** math.floor(math.log10(peak / 5))
    return next(power * m for m in (1, 2, 5, 10) if peak / (power * m) <= 5)


def _render(template: str, **context: object) -> bytes:
    return _environment().get_template(template).render(font_size=FONT_SIZE, **context).encode("utf-8")


@cache
def _environment():
    from coalitiegraaf.report.pages import template_environment

    return template_environment("charts")
