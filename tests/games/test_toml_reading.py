"""The bounded TOML reader shared by scenario, game, simulation and posture files."""

from __future__ import annotations

import time
import tomllib

import pytest

from detente.errors import FileFormatError
from detente.games.toml_reading import MAX_KEY_PARTS, read_toml, read_toml_file


def test_keys_up_to_the_limit_read_as_tomllib_reads_them():
    text = ".".join(f"k{i}" for i in range(MAX_KEY_PARTS)) + " = 1\n[a.'b.c'.\"d\"]\nx = 1.5\n"
    assert read_toml(text, "t.toml") == tomllib.loads(text)


@pytest.mark.parametrize(
    "text",
    [
        ".".join(["k"] * 50_000) + " = 1\n",  # tomllib alone: ~73 s and 9.5 GiB
        "[ok]\n" + " . ".join(['"k"'] * (MAX_KEY_PARTS + 1)) + " = 1\n",
        "[" + ".".join(["t"] * (MAX_KEY_PARTS + 1)) + "]\n",
    ],
)
def test_long_dotted_keys_are_refused_at_once_naming_the_line(text):
    """tomllib is quadratic in the parts of a dotted key (a 10,000-part key: 2 s, 385 MiB)."""
    start = time.perf_counter()
    with pytest.raises(
        FileFormatError,
        match=rf"t\.toml: line {text.count(chr(10))}: .* more "
        rf"than {MAX_KEY_PARTS} parts",
    ):
        read_toml(text, "t.toml")
    assert time.perf_counter() - start < 1.0


def test_dots_inside_strings_and_numbers_are_not_key_parts():
    text = 'url = "' + ".".join(["w"] * 500) + '"\nx = 3.25\n'
    assert read_toml(text, "t.toml")["x"] == 3.25


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("a = " + "[" * 5000 + "]" * 5000, "nested too deeply"),
        ("a = " + "{b=" * 5000 + "1" + "}" * 5000, "nested too deeply"),
        ("a = 1" + "0" * 5000, "not a readable TOML file"),
        ("[a\nb = 1", "TOML syntax error"),
    ],
)
def test_parser_failures_are_one_file_format_error(text, needle):
    with pytest.raises(FileFormatError, match=needle) as info:
        read_toml(text, "t.toml")
    assert str(info.value).startswith("t.toml: ") and "\n" not in str(info.value)


def test_file_problems_name_the_file(tmp_path):
    with pytest.raises(FileFormatError, match=r"configuration file .* is a folder"):
        read_toml_file(tmp_path, "configuration file")
    with pytest.raises(FileFormatError, match="not found"):
        read_toml_file(tmp_path / "none.toml")
    (tmp_path / "bin.toml").write_bytes(b"a = 1\n\xff\xfe")
    with pytest.raises(FileFormatError, match=r"bin\.toml: not UTF-8 text \(byte 6\)"):
        read_toml_file(tmp_path / "bin.toml")
