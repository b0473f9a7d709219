"""The report's pictures, drawn with matplotlib as SVG: the same data gives the same bytes.

Text stays text in the SVG (legible at any zoom, searchable); colours come from one palette per
kind of node, shared with the network explorer.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import matplotlib as mpl

# kinds of node and their colours (colour-blind safe, after Okabe and Ito)
PALETTE = {
    "actor": "#0072B2", "coalition": "#D55E00", "collaboration": "#E69F00", "theme": "#009E73",
    "initiative": "#CC79A7", "document": "#56B4E9", "certainty": "#F0E442", "challenge": "#999999",
    "barrier": "#000000", "agenda": "#882255", "action-line": "#44AA99",
}
OTHER = "#BBBBBB"
_STYLE = {"svg.hashsalt": "coalitiegraaf", "svg.fonttype": "none", "font.family": "DejaVu Sans",
          "font.size": 9, "axes.spines.top": False, "axes.spines.right": False}


def colour(kind: str) -> str:
    return PALETTE.get(kind, OTHER)


def short(label: str, width: int = 34) -> str:
    return textwrap.shorten(label, width=width, placeholder="…")


def _svg(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def heatmap(names: Sequence[str], matrix: Sequence[Sequence[int]], title: str, legend: str) -> bytes:
    """A square matrix of counts with its numbers in the cells (e.g. shared partners)."""
    from matplotlib.figure import Figure

    with mpl.rc_context(_STYLE):
        size = max(4.0, 0.55 * len(names) + 2.5)
        figure = Figure(figsize=(size + 1.5, size))
        axes = figure.subplots()
        image = axes.imshow(matrix, cmap="Oranges", vmin=0)
        axes.set_xticks(range(len(names)), [short(n, 42) for n in names], rotation=40, ha="right")
        axes.set_yticks(range(len(names)), [short(n, 42) for n in names])
        peak = max((max(row) for row in matrix), default=0) or 1
        for i, row in enumerate(matrix):
            for j, value in enumerate(row):
                if value:
                    axes.text(j, i, str(value), ha="center", va="center",
                              color="white" if value > peak / 2 else "black")
        axes.set_title(title)
        figure.colorbar(image, ax=axes, shrink=0.7, label=legend)
        return _svg(figure)


def ranking(names: Sequence[str], values: Sequence[float], title: str, axis_label: str,
            notes: Sequence[str] = ()) -> bytes:
    """A horizontal bar chart, highest first, with an optional note at the end of each bar."""
    from matplotlib.figure import Figure

    with mpl.rc_context(_STYLE):
        figure = Figure(figsize=(8, 0.35 * len(names) + 1.2))
        axes = figure.subplots()
        positions = range(len(names))
        axes.barh(positions, values, color=PALETTE["actor"])
        axes.set_yticks(positions, [short(n, 40) for n in names])
        axes.invert_yaxis()
        axes.set_xlabel(axis_label)
        axes.set_title(title)
        for position, value, note in zip(positions, values, notes, strict=False):
            axes.text(value, position, f"  {note}", va="center", fontsize=8)
        axes.margins(x=0.15)
        return _svg(figure)


def network(nodes: Sequence[tuple[str, str, str]], edges: Sequence[tuple[str, str]],
            positions: dict[str, tuple[float, float]], title: str, kind_names: dict[str, str]) -> bytes:
    """A directed network: ``nodes`` as (id, label, kind), arrows from source to target, drawn
    at ``positions``, coloured by kind with a legend."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    with mpl.rc_context(_STYLE):
        figure = Figure(figsize=(16, 12))
        axes = figure.subplots()
        axes.set_axis_off()
        for source, target in edges:
            (x1, y1), (x2, y2) = positions[source], positions[target]
            axes.annotate("", xy=(x2, y2), xytext=(x1, y1),
                          arrowprops={"arrowstyle": "-|>", "color": "#888888", "lw": 0.6,
                                      "shrinkA": 6, "shrinkB": 6})
        for node, label, kind in nodes:
            x, y = positions[node]
            axes.scatter([x], [y], s=90, color=colour(kind), edgecolors="white", linewidths=0.8, zorder=3)
            axes.text(x, y - 0.025, short(label, 30), ha="center", va="top", fontsize=6.5, zorder=4)
        kinds = sorted({kind for _, _, kind in nodes})
        axes.legend(handles=[Line2D([], [], marker="o", ls="", color=colour(k), label=kind_names.get(k, k))
                             for k in kinds], loc="upper left", bbox_to_anchor=(1, 1), frameon=False)
        axes.set_title(title)
        return _svg(figure)
