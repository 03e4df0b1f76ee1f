"""A model's own picture at one parameter point: bars or curves, drawn from data.

Some models answer with a profile rather than a single label: the probability of reaching each
rung of an escalation ladder, the posterior of attack as the false-alarm rate varies, the
probability of mutual cooperation as monitoring improves. A model that has one sets
``Model.picture`` to a function returning a :class:`ModelPicture` (data only: what to draw);
:meth:`ModelPicture.figure` draws it with matplotlib, and :meth:`ModelPicture.as_dict` gives the
same data as plain Python for JSON. The docs builder and the web explorer call these, so the
picture is never drawn twice in two ways.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np


@dataclass
class Panel:
    """One panel of a picture.

    Attributes
    ----------
    title, xlabel, ylabel : str
    kind : {"bars", "lines"}
        ``bars``: one bar per category in ``x`` (strings) for each series; ``lines``: each
        series drawn against the numbers in ``x``.
    x : list
        Categories (bars) or numbers (lines).
    series : dict of str to list of float
        Label -> values, one per ``x``.
    marks : dict of str to float
        Vertical reference lines (``lines`` panels): label -> x position, e.g. a threshold or
        the current slider value.
    levels : dict of str to float
        Horizontal reference lines: label -> y value (e.g. a decision threshold).
    ylim : tuple of float or None
    xscale : {"linear", "log"}
    """

    title: str
    xlabel: str
    ylabel: str
    kind: Literal["bars", "lines"]
    x: list[Any]
    series: dict[str, list[float]]
    marks: dict[str, float] = field(default_factory=dict)
    levels: dict[str, float] = field(default_factory=dict)
    ylim: tuple[float, float] | None = (0.0, 1.0)
    xscale: Literal["linear", "log"] = "linear"


@dataclass
class ModelPicture:
    """What a model draws at one parameter point: one or more panels side by side."""

    title: str
    panels: list[Panel]

    def as_dict(self) -> dict[str, Any]:
        """Plain Python (lists and floats), for JSON."""
        return {
            "title": self.title,
            "panels": [
                {
                    "title": p.title,
                    "xlabel": p.xlabel,
                    "ylabel": p.ylabel,
                    "kind": p.kind,
                    "x": [v if isinstance(v, str) else float(v) for v in p.x],
                    "series": {k: [float(v) for v in vs] for k, vs in p.series.items()},
                    "marks": {k: float(v) for k, v in p.marks.items()},
                    "levels": {k: float(v) for k, v in p.levels.items()},
                    "ylim": list(p.ylim) if p.ylim else None,
                    "xscale": p.xscale,
                }
                for p in self.panels
            ],
        }

    def figure(self):
        """A matplotlib figure of the panels (the caller closes it)."""
        import textwrap

        import matplotlib.pyplot as plt

        n = len(self.panels)
        width = max(6.4, 4.6 * n)
        fig, axes = plt.subplots(1, n, figsize=(width, 3.8), layout="constrained", squeeze=False)
        palette = plt.get_cmap("tab10").colors
        for ax, panel in zip(axes[0], self.panels, strict=True):
            if panel.kind == "bars":
                k = len(panel.series)
                width = 0.8 / max(k, 1)
                pos = np.arange(len(panel.x))
                for j, (label, values) in enumerate(panel.series.items()):
                    ax.bar(
                        pos + (j - (k - 1) / 2) * width,
                        values,
                        width=width,
                        label=label,
                        color=palette[j % 10],
                    )
                ax.set_xticks(pos, [str(v) for v in panel.x], fontsize=8)
            else:
                for j, (label, values) in enumerate(panel.series.items()):
                    ax.plot(panel.x, values, label=label, color=palette[j % 10])
                for j, (label, where) in enumerate(panel.marks.items()):
                    ax.axvline(where, color="black", linestyle=("--", ":", "-.")[j % 3], lw=1)
                    ax.plot([], [], color="black", linestyle=("--", ":", "-.")[j % 3], label=label)
                ax.set_xscale(panel.xscale)
            for j, (label, level) in enumerate(panel.levels.items()):
                ax.axhline(level, color="grey", linestyle=("--", ":")[j % 2], lw=1, label=label)
            if panel.ylim:
                ax.set_ylim(*panel.ylim)
            ax.set_title(textwrap.fill(panel.title, 50), fontsize=9)
            ax.set_xlabel(textwrap.fill(panel.xlabel, 55), fontsize=8)
            ax.set_ylabel(textwrap.fill(panel.ylabel, 40), fontsize=8)
            ax.tick_params(labelsize=8)
            if len(panel.series) + len(panel.marks) + len(panel.levels) > 1:
                ax.legend(fontsize=7, frameon=False)
        fig.suptitle(textwrap.fill(self.title, int(12 * width)), fontsize=10)
        return fig
