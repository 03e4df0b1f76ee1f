"""Parsing of ``--set NAME=VALUE`` and axis options shared by several commands."""

from __future__ import annotations

from detente.errors import InputError


def parse_assignments(items: list[str] | None, option: str = "--set") -> dict[str, float]:
    """``["a=0.5", "p=0.3"]`` -> ``{"a": 0.5, "p": 0.3}``, with one clear error per bad item."""
    out: dict[str, float] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(f"{option} {item!r}: expected NAME=VALUE, e.g. {option} p_def=0.6")
        try:
            out[name] = float(value)
        except ValueError:
            raise InputError(f"{option} {item!r}: {value!r} is not a number") from None
    return out


def parse_axis(text: str, option: str) -> tuple[str, float, float, int]:
    """``"p_def:0:1:101"`` -> ``("p_def", 0.0, 1.0, 101)``."""
    parts = text.split(":")
    if len(parts) != 4:
        raise InputError(
            f"{option} {text!r}: expected NAME:LOW:HIGH:N, e.g. {option} p_def:0:1:101"
        )
    name, lo, hi, n = parts
    try:
        return name, float(lo), float(hi), int(n)
    except ValueError:
        raise InputError(
            f"{option} {text!r}: LOW and HIGH must be numbers and N a whole number"
        ) from None
