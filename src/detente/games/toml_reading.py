"""Reading TOML text from users with bounded work, and errors that name the file.

Python's :mod:`tomllib` is quadratic in the number of parts of a dotted key written as
``a.b.c = 1`` (it rebuilds each parent key for each part): measured on CPython 3.11, a key of
10,000 parts (a 20 kB line) takes 2 s and 385 MiB, one of 50,000 parts 73 s and 9.5 GiB.
:func:`read_toml` refuses a dotted key or table name of more than :data:`MAX_KEY_PARTS` parts
before parsing (detente's own files use at most four), and turns every parser failure,
including too-deep nesting of arrays and inline tables (:class:`RecursionError`), into one
:class:`~detente.errors.FileFormatError`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from detente.errors import FileFormatError

#: Most parts of a dotted key or table name (``actors.usa.resolve`` has three).
MAX_KEY_PARTS = 100

_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
#: A key (``a.b = ``) or table name (``[a.b]``, ``[[a.b]]``) at the start of a line, with
#: more than MAX_KEY_PARTS parts (keys inside inline tables are not quadratic).
_LONG_KEY = re.compile(
    rf"^[ \t]*(?:\[\[?[ \t]*)?{_PART}(?:[ \t]*\.[ \t]*{_PART}){{{MAX_KEY_PARTS},}}", re.MULTILINE
)


def read_toml(text: str, where: str) -> dict[str, Any]:
    """Parse TOML ``text``; ``where`` (a file name) starts every error message.

    Raises
    ------
    FileFormatError
        A syntax error (with the parser's line and column), nesting too deep to parse, or a
        dotted key of more than :data:`MAX_KEY_PARTS` parts (with its line).
    """
    long_key = _LONG_KEY.search(text)
    if long_key is not None:
        line = text.count("\n", 0, long_key.start()) + 1
        raise FileFormatError(
            f"{where}: line {line}: a dotted key or table name has more than {MAX_KEY_PARTS} "
            "parts (MAX_KEY_PARTS); write a shorter one"
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FileFormatError(f"{where}: TOML syntax error: {exc}; fix the line") from None
    except RecursionError:
        raise FileFormatError(
            f"{where}: not a readable TOML file (arrays or inline tables nested too deeply)"
        ) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise FileFormatError(f"{where}: not a readable TOML file ({exc})") from None


def read_toml_file(path: str | Path, what: str = "file") -> dict[str, Any]:
    """Read and parse a TOML file (see :func:`read_toml`).

    Raises
    ------
    FileFormatError
        The file is missing, a folder, unreadable or not UTF-8 (names the ``what`` and path),
        or not readable TOML.
    """
    p = Path(path)
    if not p.is_file():
        state = "is a folder" if p.is_dir() else "not found"
        raise FileFormatError(f"{what} {p} {state}; give a TOML file")
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            f"{p}: not UTF-8 text (byte {exc.start}); save the file as UTF-8"
        ) from None
    except OSError as exc:
        raise FileFormatError(f"{p}: cannot be read ({exc.strerror})") from None
    return read_toml(text, str(p))
