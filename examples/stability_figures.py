"""Figures for docs/stability.md: the exchange curve and the stability index vs interceptors.

Usage::

    python examples/stability_figures.py OUTPUT_FOLDER

Writes ``exchange_curve.{svg,png}`` and ``stability_vs_interceptors.{svg,png}`` into
OUTPUT_FOLDER (atomically) and prints the numbers the figures show.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from detente.stability import (
    MissileDefense,
    exchange_curve,
    load_posture,
    stability_vs_interceptors,
)

PAIRS = [("russia", "us"), ("us", "russia"), ("us", "china"), ("russia", "china")]
COLORS = ["#1b5e20", "#b71c1c", "#0d47a1", "#6a1b9a"]


def _save(fig: plt.Figure, folder: Path, stem: str) -> list[Path]:
    written = []
    for ext in ("svg", "png"):
        target = folder / f"{stem}.{ext}"
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=f".{ext}")
        os.close(fd)
        meta = {"Date": None} if ext == "svg" else {"Software": None}
        fig.savefig(tmp, format=ext, dpi=120, metadata=meta, bbox_inches="tight")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        written.append(target)
    plt.close(fig)
    return written


def exchange_figure(folder: Path) -> list[Path]:
    """Surviving and deliverable warheads of the defender vs the attacker's strike size."""
    postures = {n: load_posture(n) for n in ("us", "russia", "china")}
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharex=True)
    print("exchange curve (generated alert): defender warheads at 0 / 500 / max attack")
    for (atk, dfn), color in zip(PAIRS, COLORS, strict=True):
        a, d = postures[atk], postures[dfn]
        for level, style in (("generated", "-"), ("day_to_day", "--")):
            e = exchange_curve(a, d, np.linspace(0, 1300, 131), level=level)
            x = e.attack_sizes[0]
            label = f"{a.name} strikes {d.name}" if level == "generated" else None
            axes[0].plot(x, e.surviving_warheads[0], style, color=color, label=label)
            axes[1].plot(x, e.second_strike[0], style, color=color)
            if level == "generated":
                s = e.surviving_warheads[0]
                print(f"  {a.name:>13} -> {d.name:<13} {s[0]:7.0f} {s[50]:7.0f} {s[-1]:7.0f}")
    axes[0].set_title("Defender warheads surviving")
    axes[1].set_title("Defender deliverable second strike (ready x reliability)")
    for ax in axes:
        ax.set_xlabel("attacker warheads spent on counterforce")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("expected warheads")
    axes[0].legend(fontsize=8, title="solid: generated, dashed: day-to-day", title_fontsize=8)
    fig.suptitle("Counterforce exchange curves, bundled 2025 postures (approximate figures)")
    return _save(fig, folder, "exchange_curve")


def interceptor_figure(folder: Path) -> list[Path]:
    """Combined crisis-stability index vs side A's interceptors (pk 0.7, shoot-look-shoot)."""
    postures = {n: load_posture(n) for n in ("us", "russia", "china")}
    n_int = np.linspace(0, 2500, 51)
    defense = MissileDefense(pk=0.7, doctrine="shoot-look-shoot", shots=2)
    fig, ax = plt.subplots(figsize=(7, 4.2))
    print("stability index vs interceptors of side A (generated alert): at 0, min (at n), 2500")
    for (a_name, b_name), color in zip(
        [("us", "russia"), ("us", "china"), ("russia", "us"), ("russia", "china")],
        COLORS,
        strict=True,
    ):
        a, b = postures[a_name], postures[b_name]
        r = stability_vs_interceptors(a, b, n_int, defense)
        s = r.crisis_stability
        ax.plot(n_int, s, color=color, label=f"{a.name} defends vs {b.name}")
        k = int(np.argmin(s))
        print(
            f"  {a.name:>13} vs {b.name:<13} {s[0]:.3f}  {s[k]:.3f} (n={n_int[k]:.0f})  {s[-1]:.3f}"
        )
    ax.set_xlabel("interceptors deployed by the first-named side")
    ax.set_ylabel("crisis-stability index  s_A x s_B")
    ax.set_ylim(0, 1.05)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title("Kent-Thaler stability vs missile defense (pk 0.7, shoot-look-shoot)")
    return _save(fig, folder, "stability_vs_interceptors")


def main(argv: list[str] | None = None) -> int:
    """Write both figures into the folder given as the only argument."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python examples/stability_figures.py OUTPUT_FOLDER", file=sys.stderr)
        return 2
    folder = Path(args[0])
    folder.mkdir(parents=True, exist_ok=True)
    plt.rcParams["svg.hashsalt"] = "detente-stability"
    written = exchange_figure(folder) + interceptor_figure(folder)
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
