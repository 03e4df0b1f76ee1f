"""Generate one documentation page per registered model, and an index, from the registry.

Usage::

    python examples/build_model_docs.py [OUTDIR] [--map-points N] [--dpi D]

``OUTDIR`` defaults to ``docs/models``. For every model in ``detente.models.all_models()`` it
writes ``<name>.md`` with

* the game tree (``<name>-tree.png``), the equilibrium path at the default parameters
  highlighted (the model's first method: SPE, PBE or QRE);
* the parameter table (meaning, symbol, default, allowed range, unit) from the parameter specs;
* the theory: the model module's docstring (everything before its References section);
* the model's own picture (``<name>-picture.png``) if it has one (``Model.picture``), and a
  worked example if its module defines ``worked_example()`` (Markdown computed from code);
* an equilibrium map (``<name>-map.png``) over two parameters, with the theory's boundaries
  drawn over the engine's regions;
* the references;

and ``index.md`` listing all models. Pages are generated from the code, never kept by hand.

The map axes are the model's first two parameters over their allowed ranges, unless the model
module defines ``MAP_AXES = (("x", lo, hi), ("y", lo, hi))`` (two parameter names and the
range of each) to pick a more telling plane. PBE maps of large games are made coarser so that
points x pure profiles x nodes stays under ``PBE_BUDGET`` (``solve_pbe`` holds belief ranges
for every profile at every point). Files are written atomically.
"""

from __future__ import annotations

import argparse
import importlib
import io
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import detente.models as dm
from detente.games import save_game_figure
from detente.games.atomic_file import write_atomic
from detente.games.tree_plot import figure_size
from detente.models import Model

DEFAULT_OUT = Path("docs/models")


def map_axes(model: Model) -> tuple[tuple[str, float, float], tuple[str, float, float]]:
    """The model's ``MAP_AXES`` if its module defines them, else its first two parameters."""
    module = importlib.import_module(model.build.__module__)
    axes = getattr(module, "MAP_AXES", None)
    specs = model.specs()
    if axes is not None:
        (xn, x0, x1), (yn, y0, y1) = axes
        return (str(xn), float(x0), float(x1)), (str(yn), float(y0), float(y1))
    (xn, xs), (yn, ys) = list(specs.items())[:2]
    return (xn, float(xs["lo"]), float(xs["hi"])), (yn, float(ys["lo"]), float(ys["hi"]))


#: Largest (points x pure profiles x nodes) a PBE map may hold: solve_pbe keeps belief ranges
#: for every profile and node at every point, so big games get a coarser map.
PBE_BUDGET = 20_000_000
#: Widest tree picture, pixels (wide trees are saved at a lower resolution).
MAX_TREE_PIXELS = 8_000


def map_size(model: Model, requested: int) -> int:
    """Points per axis: ``requested``, or fewer for a PBE map that would not fit in memory."""
    if model.methods[0] != "pbe":
        return requested
    t = model.game.tables
    profiles = int(np.prod([len(h.actions) for h in t.infosets]))
    fits = int(np.sqrt(PBE_BUDGET / (profiles * t.n_nodes)))
    return max(5, min(requested, fits))


def theory_text(model: Model) -> str:
    """The model module's docstring up to its References section (its theory)."""
    doc = importlib.import_module(model.build.__module__).__doc__ or model.summary
    lines = doc.strip().splitlines()
    for k, line in enumerate(lines):
        if line.strip() == "References" and k + 1 < len(lines) and set(lines[k + 1]) <= {"-"}:
            lines = lines[:k]
            break
    return "\n".join(lines).strip()


def _indent_formulas(text: str) -> str:
    """Docstring lines indented by four spaces are formulas: keep them as code blocks."""
    out = []
    for para in text.split("\n\n"):
        rows = para.splitlines()
        if rows and all(r.startswith("    ") for r in rows if r.strip()):
            out.append("```\n" + "\n".join(r[4:] for r in rows) + "\n```")
        else:
            out.append(para)
    return "\n\n".join(out)


def parameter_table(model: Model) -> str:
    rows = [
        "| parameter | symbol | meaning | default | range | unit |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, s in model.specs().items():
        rows.append(
            f"| `{name}` | {s['symbol'] or ''} | {s['meaning']} | {s['default']:g} | "
            f"[{s['lo']:g}, {s['hi']:g}] | {s['unit']} |"
        )
    return "\n".join(rows)


def model_page(model: Model, outdir: Path, *, map_points: int = 101, dpi: int = 110) -> Path:
    """Write ``<name>.md`` with its tree and map figures into ``outdir``; return the page."""
    outdir.mkdir(parents=True, exist_ok=True)
    method = model.methods[0]
    result = model.solve(method=method)
    point = result.point()
    # no pure equilibrium selected (the equilibrium mixes): draw the tree without a path
    selected = point.get("selected_equilibrium", 0) is not None
    drawn = result.solution if selected else None
    # wide trees (leaves are spread until labels fit) at a lower resolution, at most 8,000 px
    width = figure_size(model.game, drawn)[0]
    tree_dpi = max(20, min(dpi, int(MAX_TREE_PIXELS / width)))
    save_game_figure(model.game, outdir / f"{model.name}-tree.png", drawn, dpi=tree_dpi)
    (xn, x0, x1), (yn, y0, y1) = map_axes(model)
    map_points = map_size(model, map_points)
    mp = dm.equilibrium_map(model, x=(xn, x0, x1, map_points), y=(yn, y0, y1, map_points))
    fig = mp.figure(theory_resolution=max(4 * map_points, 100))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    write_atomic(outdir / f"{model.name}-map.png", buf.getvalue())

    picture_section = ""
    if model.picture is not None:
        fig = model.draw().figure()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi)
        plt.close(fig)
        write_atomic(outdir / f"{model.name}-picture.png", buf.getvalue())
        picture_section = (
            "\n## Picture\n\nThe model's own picture at the defaults (closed form; the web "
            "explorer redraws it as the sliders move).\n\n"
            f"![Picture of {model.name}]({model.name}-picture.png)\n"
        )
    module = importlib.import_module(model.build.__module__)
    example = getattr(module, "worked_example", None)
    example_section = f"\n## Worked example\n\n{example()}\n" if example else ""

    defaults = ", ".join(f"{k} = {v:g}" for k, v in model.defaults().items())
    path_note = (
        "its path is highlighted."
        if selected
        else "no pure-strategy equilibrium is selected there (the equilibrium mixes), so no "
        "path is drawn; the theory and the picture give its probabilities."
    )
    refs = "\n".join(f"- {r}" for r in model.references)
    page = f"""# {model.title}

`detente.models.get("{model.name}")` · players: {", ".join(model.players) or "-"} ·
information: {model.information} · methods: {", ".join(model.methods)}

{model.summary}

## Game tree

At the defaults ({defaults}) the {method.upper()} outcome is **{point["outcome"]}** (theory:
**{point["theory"]["outcome"]}**); {path_note}

![Game tree of {model.name}]({model.name}-tree.png)

## Parameters

{parameter_table(model)}

## Theory

{_indent_formulas(theory_text(model))}
{picture_section}{example_section}
## Equilibrium map

`{xn}` against `{yn}`, other parameters at their defaults; {map_points} x {map_points} points
solved in one call ({method.upper()}); dashed lines are the closed-form boundaries. Engine and
theory agree at {100 * mp.agreement:.1f}% of the points.

![Equilibrium map of {model.name}]({model.name}-map.png)

```python
import detente.models as dm
model = dm.get("{model.name}")
x = ("{xn}", {x0:g}, {x1:g}, {map_points})
y = ("{yn}", {y0:g}, {y1:g}, {map_points})
dm.equilibrium_map(model, x=x, y=y).save("map.png")
```

## References

{refs}

*Generated by `examples/build_model_docs.py` from the model registry; do not edit by hand.*
"""
    return write_atomic(outdir / f"{model.name}.md", page)


def build_docs(
    outdir: Path | str = DEFAULT_OUT, *, map_points: int = 101, dpi: int = 110
) -> list[Path]:
    """Pages for every registered model plus ``index.md``; returns the pages written."""
    outdir = Path(outdir)
    pages = [model_page(m, outdir, map_points=map_points, dpi=dpi) for m in dm.all_models()]
    rows = [
        "# Models",
        "",
        "Generated from the model registry (`detente.models.all_models()`).",
        "",
    ]
    rows += ["| model | title | information | methods |", "| --- | --- | --- | --- |"]
    for m in dm.all_models():
        rows.append(
            f"| [`{m.name}`]({m.name}.md) | {m.title} | {m.information} | {', '.join(m.methods)} |"
        )
    pages.append(write_atomic(outdir / "index.md", "\n".join(rows) + "\n"))
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", nargs="?", default=str(DEFAULT_OUT))
    parser.add_argument("--map-points", type=int, default=101)
    parser.add_argument("--dpi", type=int, default=110)
    args = parser.parse_args(argv)
    for page in build_docs(args.outdir, map_points=args.map_points, dpi=args.dpi):
        print(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
