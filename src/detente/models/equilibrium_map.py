"""Equilibrium maps: a model solved on a whole parameter plane in one vectorized call.

The figure colours each grid cell by the engine's predicted outcome and draws the theory's
region boundaries (computed from the closed form on a finer grid) over it, so a reader sees at
once whether the engine and the published result agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.errors import InputError, ParameterError
from detente.models.model_interface import Model

if TYPE_CHECKING:  # pandas and matplotlib are imported where a frame or figure is built
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

Axis = tuple[str, float, float, int]


@dataclass
class EquilibriumMap:
    """The result of :func:`equilibrium_map`.

    Attributes
    ----------
    model : Model
    x, y : tuple
        ``(name, lo, hi, n)`` of each axis.
    frame : DataFrame
        One row per grid point: x, y, the fixed parameters, ``outcome`` (engine),
        ``theory_outcome`` and ``agree``.
    outcome : ndarray of str, shape (n_y, n_x)
    theory_outcome : ndarray of str, shape (n_y, n_x)
    """

    model: Model
    x: Axis
    y: Axis
    fixed: dict[str, float]
    method: str
    frame: pd.DataFrame
    outcome: np.ndarray
    theory_outcome: np.ndarray

    @property
    def agreement(self) -> float:
        """Share of grid points where engine and theory predict the same outcome."""
        return float((self.outcome == self.theory_outcome).mean())

    def to_frame(self) -> pd.DataFrame:
        """One row per grid point (a copy of :attr:`frame`): the axes' and fixed parameters,
        ``outcome`` (engine), ``theory_outcome``, the theory's values and ``agree``."""
        return self.frame.copy()

    def figure(self, *, theory_resolution: int = 400) -> Figure:
        """A new matplotlib figure of the map (see :meth:`plot`)."""
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6.4, 4.8), layout="constrained")
        self.plot(ax=ax, theory_resolution=theory_resolution)
        return fig

    def plot(self, ax: Axes | None = None, *, theory_resolution: int = 400) -> Axes:
        """Draw the map on ``ax``: outcome regions with the theory's boundaries over them.

        Parameters
        ----------
        ax : matplotlib Axes, optional
            Where to draw (say, one panel of a grid of maps); by default a new figure.
        theory_resolution : int
            Grid points per axis on which the closed-form boundaries are traced.

        Returns
        -------
        matplotlib Axes
        """
        import textwrap

        import matplotlib
        from matplotlib.colors import ListedColormap
        from matplotlib.lines import Line2D
        from matplotlib.patches import Rectangle

        if ax is None:
            return self.figure(theory_resolution=theory_resolution).axes[0]
        labels = [o for o in self.model.outcomes if o in set(self.outcome.ravel())] or list(
            np.unique(self.outcome)
        )
        all_labels = list(self.model.outcomes) + sorted(
            set(np.unique(self.outcome)) - set(self.model.outcomes)
        )
        codes = np.vectorize(all_labels.index)(self.outcome)
        palette = matplotlib.colormaps["tab10"].colors
        cmap = ListedColormap([palette[i % 10] for i in range(len(all_labels))])
        (xn, x0, x1, _), (yn, y0, y1, _) = self.x, self.y
        ax.imshow(
            codes,
            origin="lower",
            extent=(x0, x1, y0, y1),
            aspect="auto",
            cmap=cmap,
            vmin=-0.5,
            vmax=len(all_labels) - 0.5,
            interpolation="nearest",
        )
        # theoretical boundaries: where the closed-form outcome changes on a fine grid
        gx = np.linspace(x0, x1, theory_resolution)
        gy = np.linspace(y0, y1, theory_resolution)
        params = dict(self.fixed)
        params[xn] = gx[None, :]
        params[yn] = gy[:, None]
        full = {
            k: np.broadcast_to(v, (gy.size, gx.size)) for k, v in self.model.resolve(params).items()
        }
        theory = np.asarray(self.model.theory(full).outcome)
        tcodes = np.vectorize(lambda s: all_labels.index(s) if s in all_labels else -1)(theory)
        levels = np.arange(len(all_labels)) + 0.5
        if np.unique(tcodes).size > 1:
            ax.contour(
                gx, gy, tcodes, levels=levels, colors="black", linewidths=1.2, linestyles="--"
            )
        handles = [Rectangle((0, 0), 1, 1, color=cmap(all_labels.index(lab))) for lab in labels]
        handles.append(Line2D([], [], color="black", linestyle="--"))
        ax.legend(
            handles,
            [*labels, "theory boundary"],
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
        )
        specs = self.model.specs()
        ax.set_xlabel(textwrap.fill(f"{xn}: {specs[xn]['meaning']}", 60), fontsize=9)
        ax.set_ylabel(textwrap.fill(f"{yn}: {specs[yn]['meaning']}", 45), fontsize=9)
        title = f"{self.model.title} ({self.method.upper()}), agreement {100 * self.agreement:.1f}%"
        ax.set_title(textwrap.fill(title, 60), fontsize=10)
        return ax

    def save(self, path: str) -> None:
        """Write the map: ``.png``/``.svg``/``.pdf`` (figure) or ``.csv``/``.parquet`` (frame).

        The file is written atomically (temporary file, then rename).
        """
        import os
        import tempfile
        from pathlib import Path

        target = Path(path)
        suffix = target.suffix.lower()
        allowed = (".png", ".svg", ".pdf", ".csv", ".parquet")
        if suffix not in allowed:
            raise ParameterError(
                f"cannot write {target.name!r}: the suffix must be one of {', '.join(allowed)}"
            )
        if suffix == ".parquet":
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise InputError(
                    f"cannot write {target.name!r}: Parquet files need pyarrow, which is not "
                    "installed: pip install 'detente[parquet]' (or write .csv)"
                ) from None
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=suffix, prefix=".tmp-")
        os.close(fd)
        try:
            if suffix == ".csv":
                self.frame.to_csv(tmp, index=False)
            elif suffix == ".parquet":
                self.frame.to_parquet(tmp, index=False)
            else:
                import matplotlib.pyplot as plt

                fig = self.figure()
                fig.savefig(tmp, format=suffix[1:])
                plt.close(fig)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def __repr__(self) -> str:
        (xn, x0, x1, nx), (yn, y0, y1, ny) = self.x, self.y
        return (
            f"EquilibriumMap({self.model.name!r}, method={self.method!r}, "
            f"x={xn} in [{x0:g}, {x1:g}] ({nx} points), y={yn} in [{y0:g}, {y1:g}] "
            f"({ny} points), agreement with theory {100 * self.agreement:.1f}%)"
        )

    def _repr_png_(self) -> bytes:
        import io

        import matplotlib.pyplot as plt

        fig = self.figure()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=90)
        plt.close(fig)
        return buf.getvalue()


def equilibrium_map(
    model: Model,
    x: Axis,
    y: Axis,
    fixed: Mapping[str, float] | None = None,
    method: str | None = None,
    **solve_options: Any,
) -> EquilibriumMap:
    """Solve ``model`` on an ``n_x`` by ``n_y`` grid in one vectorized call.

    Parameters
    ----------
    model : Model
    x, y : tuple
        ``(parameter name, low, high, number of points)``.
    fixed : mapping, optional
        Values of other parameters (defaults otherwise).
    method : str, optional
        Engine method (default: the model's first).

    Returns
    -------
    EquilibriumMap
    """
    fixed = dict(fixed or {})
    specs = model.specs()
    for axis, label in ((x, "x"), (y, "y")):
        if len(axis) != 4:
            raise ParameterError(f"{label} must be (name, low, high, n), got {axis!r}")
        name, lo, hi, n = axis
        if name not in specs:
            raise ParameterError(
                f"{label}-axis parameter {name!r} is not a parameter of {model.name!r}; "
                f"choose one of: {', '.join(specs)}"
            )
        if int(n) < 2 or int(n) > 4000:
            raise ParameterError(f"{label}-axis needs between 2 and 4000 points, got {n}")
        if not lo < hi:
            raise ParameterError(f"{label}-axis needs low < high, got {lo} and {hi}")
    if x[0] == y[0]:
        raise ParameterError("x and y must be different parameters")
    for name in (x[0], y[0]):
        if name in fixed:
            raise ParameterError(f"parameter {name!r} is an axis; do not also fix it")
    gx = np.linspace(float(x[1]), float(x[2]), int(x[3]))
    gy = np.linspace(float(y[1]), float(y[2]), int(y[3]))
    params = dict(fixed)
    params[x[0]] = gx[None, :]
    params[y[0]] = gy[:, None]
    result = model.solve(params, method=method, **solve_options)
    outcome = np.broadcast_to(result.outcome, (gy.size, gx.size))
    theory = np.broadcast_to(result.theory.outcome, (gy.size, gx.size))
    frame = result.to_frame()
    agree = result.codes_agree_with_theory()  # integer compare where both sides have codes
    frame["agree"] = frame["outcome"] == frame["theory_outcome"] if agree is None else agree
    return EquilibriumMap(
        model=model,
        x=(x[0], float(x[1]), float(x[2]), int(x[3])),
        y=(y[0], float(y[1]), float(y[2]), int(y[3])),
        fixed={k: float(v) for k, v in fixed.items()},
        method=result.method,
        frame=frame,
        outcome=np.asarray(outcome),
        theory_outcome=np.asarray(theory),
    )
