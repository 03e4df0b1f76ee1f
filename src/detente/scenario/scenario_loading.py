"""Reading scenario files: TOML -> validated :class:`Scenario`, with errors that name the file,
the line and the field, and say how to fix it.

Bundled scenarios live in ``detente/scenario/bundled/`` (the single source of truth, shipped
with the package); ``scenarios/`` in the repository holds identical copies for readers, and a
test checks that the two never drift.
"""

from __future__ import annotations

import difflib
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from detente.errors import FileFormatError, InputError
from detente.games.toml_reading import read_toml
from detente.scenario.scenario_schema import Scenario

DEFAULT_SCENARIO = "cuban_missile_crisis"
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'. ]+?)\s*=")


def bundled_scenarios() -> dict[str, Path]:
    """Bundled scenario name -> file, e.g. ``"cuban_missile_crisis"``.

    Returns
    -------
    dict of str to Path
        Sorted by name; the default is ``"cuban_missile_crisis"``.
    """
    folder = files("detente.scenario").joinpath("bundled")
    found = {Path(str(p)).stem: Path(str(p)) for p in folder.iterdir() if str(p).endswith(".toml")}
    return dict(sorted(found.items()))


def load_scenario(source: str | Path, *, name: str | None = None) -> Scenario:
    """Load and validate a scenario from a file, a bundled name or TOML text.

    Parameters
    ----------
    source : str or Path
        A path to a ``.toml`` file, the name of a bundled scenario (see
        :func:`bundled_scenarios`), or the TOML text itself.
    name : str, optional
        The scenario's name in results and the run store (default: the file's stem, or
        ``"scenario"`` for text).

    Returns
    -------
    Scenario

    Raises
    ------
    FileFormatError
        TOML syntax error (names the file and the line).
    InputError
        A missing file, or an invalid field (names the file, the line and the dotted field
        such as ``actors.usa.resolve``, and the fix).
    """
    text, where, stem, folder = _read(source)
    data = read_toml(text, where)
    scenario = validate_scenario(data, where=where, text=text)
    scenario._name = name or stem
    scenario._folder = folder
    scenario._text = text
    return scenario


def validate_scenario(data: dict[str, Any], *, where: str = "scenario", text: str = "") -> Scenario:
    """Validate parsed TOML/JSON data; errors name ``where``, the line (from ``text``) and field."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise InputError(_describe(exc, where, text)) from None
    except RecursionError:
        raise InputError(f"{where}: the file nests too deeply") from None


def _read(source: str | Path) -> tuple[str, str, str, Path | None]:
    bundled = bundled_scenarios()
    if isinstance(source, str) and ("\n" in source or "=" in source or "[" in source):
        return source, "scenario text", "scenario", None
    key = str(source)
    if isinstance(source, str) and key in bundled and not Path(key).exists():
        path = bundled[key]
    else:
        path = Path(source)
    if not path.is_file():
        raise InputError(
            f"scenario file {path} not found; give a .toml file or a bundled scenario: "
            + ", ".join(bundled)
        )
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    return text, str(path), path.stem, path.parent


def field_lines(text: str) -> dict[str, int]:
    """Dotted field path -> 1-based line where it is written (tables and keys)."""
    out: dict[str, int] = {}
    prefix = ""
    counts: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        m = _HEADER.match(line)
        if m:
            name = ".".join(p.strip().strip("\"'") for p in m.group(2).split("."))
            if m.group(1) == "[[":
                i = counts.get(name, -1) + 1
                counts[name] = i
                prefix = f"{name}[{i}]"
            else:
                prefix = name
            out.setdefault(prefix, lineno)
            continue
        k = _KEY.match(line)
        if k:
            key = ".".join(p.strip().strip("\"'") for p in k.group(1).split("."))
            out.setdefault(f"{prefix}.{key}" if prefix else key, lineno)
    return out


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _line_of(path: str, lines: dict[str, int]) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return lines.get(path)


_FIXES = {
    "missing": "add it (see `detente scenario new` for a template)",
    "extra_forbidden": "remove it or check its spelling (see docs/scenarios.md)",
    "literal_error": "",
    "too_short": "",
}


def _field_names() -> set[str]:
    """Every field name of the scenario schema (tables and keys at any depth)."""
    import typing

    from pydantic import BaseModel

    names: set[str] = set()
    todo: list[type[BaseModel]] = [Scenario]
    seen: set[type] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
            stack = [info.annotation]
            while stack:
                t = stack.pop()
                if isinstance(t, type) and issubclass(t, BaseModel):
                    todo.append(t)
                stack.extend(typing.get_args(t))
    return names


def did_you_mean(name: str) -> str:
    """' (did you mean 'X'?)' for the closest schema field to a misspelt ``name``, or ''."""
    close = difflib.get_close_matches(name, sorted(_field_names()), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _describe(exc: ValidationError, where: str, text: str) -> str:
    lines = field_lines(text) if text else {}
    parts = []
    # an unknown field first: a misspelling is usually why a required one is "missing"
    errors = sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
    for err in errors[:3]:
        loc = tuple(err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        # model-level cross-reference errors name their own field in the message
        m = re.match(r"^([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*): (.*)$", msg)
        if not loc and m:
            field, msg = m.group(1), m.group(2)
        else:
            field = _dotted(loc) or "(top level)"
        if err["type"] == "missing":
            msg = f"required field is missing; {_FIXES['missing']}"
        elif err["type"] == "extra_forbidden":
            last = str(loc[-1]) if loc else ""
            msg = f"unknown field{did_you_mean(last)}; {_FIXES['extra_forbidden']}"
        line = _line_of(field, lines)
        at = f"line {line}: " if line else ""
        parts.append(f"{at}field {field}: {msg}")
    more = len(exc.errors()) - 3
    tail = f" (and {more} more)" if more > 0 else ""
    return f"{where}: " + "; ".join(parts) + tail
