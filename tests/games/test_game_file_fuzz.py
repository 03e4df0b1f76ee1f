"""Fuzzing the game readers: random bytes, random token streams, mutations of real files and
deep nesting in .efg files (and mutations of .toml game files) either give a valid game (which
then solves or is refused) or one line of detente's own InputError, never another exception,
within bounded time and memory (issue 18).

Time is bounded by Hypothesis deadlines (generous, for busy CI machines: the inputs take
milliseconds); memory by tracemalloc's peak around each call.
"""

from __future__ import annotations

import tempfile
import tracemalloc
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from detente.errors import InputError
from detente.games import load_game, read_efg, read_game_toml, solve_spe, write_efg
from detente.games.catalog import deterrence_game, incomplete_information_deterrence

HERE = Path(__file__).parent
VALID = [p.read_text() for p in sorted((HERE / "efg").glob("*.efg"))]
VALID += [
    write_efg(deterrence_game(), symbolic=True),
    write_efg(incomplete_information_deterrence(), symbolic=True),
]
TOKENS = [
    "p", "c", "t", '""', '"x"', '"a b"', '"\\""', '"\\\\"', '"', "{", "}", ",", " ", "\n",
    "0", "1", "2", "-1", "1/2", "0/0", "1/0", ".5", "1e309", "-0", "9" * 400, "EFG", "2", "R",
    '"9**9**9**9"', '"1/0"', '"a"', '"1 - a"', '"exp(a)"', '"a +"', '"(" * 3"', '"__import__"',
    '"detente-parameters: a=0.5"', '"detente-parameters: a=x"', '"p"', '"t"',
]  # fmt: skip
PROLOGUE = 'EFG 2 R "fuzz" { "A" "B" } "detente-parameters: a=0.5"\n'
SMALL = settings(
    max_examples=150,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow],
)
_FOLDER = Path(tempfile.mkdtemp(prefix="detente-efg-fuzz-"))


def read_solve_or_refuse(source: str | Path, memory_mb: float = 64, read=read_efg) -> None:
    """The invariant: a Game (whose SPE, when it has perfect information, solves or is
    refused in one line), or one line of InputError; and the peak of traced memory stays below
    ``memory_mb``."""
    tracemalloc.start()
    try:
        try:
            game = load_game(source) if isinstance(source, Path) else read(source)
        except InputError as exc:
            assert "\n" not in str(exc).strip(), str(exc)
            return
        if game.is_perfect_information:  # (QRE fixed points of the others take seconds)
            try:
                solve_spe(game)
            except InputError as exc:  # e.g. a parameter without default, a bad probability
                assert "\n" not in str(exc).strip(), str(exc)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert peak < memory_mb * 2**20, f"{peak / 2**20:.0f} MB"


def edits(inserts: st.SearchStrategy[str]) -> st.SearchStrategy[list[tuple[int, int, str]]]:
    """One to six edits: (position, characters cut there, text inserted)."""
    return st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 30), inserts), min_size=1, max_size=6
    )


def mutate(text: str, changes: list[tuple[int, int, str]]) -> str:
    for position, cut, insert in changes:
        i = position % (len(text) + 1)
        text = text[:i] + insert + text[i + cut :]
    return text if "\n" in text else text + "\n"  # (text without a newline names a file)


@SMALL
@given(st.binary(max_size=3_000))
def test_random_bytes_in_an_efg_file(data: bytes) -> None:
    path = _FOLDER / "fuzz.efg"
    path.write_bytes(data)
    read_solve_or_refuse(path)


@SMALL
@given(st.lists(st.sampled_from(TOKENS), max_size=120))
def test_random_token_streams_after_a_valid_prologue(tokens: list[str]) -> None:
    read_solve_or_refuse(PROLOGUE + " ".join(tokens) + "\n")


@SMALL
@given(
    st.sampled_from(VALID),
    edits(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6))),
)
def test_mutations_of_valid_files(text: str, changes: list[tuple[int, int, str]]) -> None:
    read_solve_or_refuse(mutate(text, changes))


def chain(depth: int, with_outcomes: bool) -> str:
    """A chain of ``depth`` moves; with outcomes, every move pays (1, a) on the way (outcome 2,
    described at its first use and referred to by number afterwards)."""
    lines = [PROLOGUE.rstrip("\n")]
    for i in range(depth):
        outcome = ("2" if i else '2 "" { 1, "a" }') if with_outcomes else "0"
        lines.append(f'p "" {1 + i % 2} {i + 1} "" {{ "stop" "go" }} {outcome}')
        lines.append('t "" 0')
    lines.append('t "" 1 "end" { 1, "a" }')
    return "\n".join(lines) + "\n"


@settings(max_examples=4, deadline=timedelta(seconds=60))
@given(st.integers(1, 12_000), st.booleans())
@example(10_000, False).via("the deepest chain accepted")
@example(10_001, False).via("one move too deep")
def test_deep_chains_read_or_are_refused_at_the_depth_limit(depth: int, outcomes: bool) -> None:
    """Chains up to 12,000 moves (beyond the 10,000 limit), with or without outcomes on
    every move (their payoffs add up along the path)."""
    read_solve_or_refuse(chain(depth, outcomes), memory_mb=1_024)


UNITS = ["(", "-", "a+", "exp(", "max(a,", "{ ", '"x" ']


@settings(max_examples=30, deadline=timedelta(seconds=10))
@given(st.integers(1, 6_000), st.sampled_from(UNITS))
@example(6_000, "(").via("deepest")
@example(6_000, "-").via("deepest")
@example(6_000, "a+").via("deepest")
@example(6_000, "max(a,").via("deepest")
@example(6_000, "{ ").via("deepest")
def test_deep_nesting_inside_one_entry(depth: int, unit: str) -> None:
    """Formulas nested by parentheses, signs, sums and calls, and braces or strings repeated,
    thousands deep: read (within the formula limits) or one line."""
    closing = {"(": ")", "exp(": ")", "max(a,": ")", "{ ": "} "}.get(unit, "")
    if unit in ("{ ", '"x" '):  # nesting in the structure, not in a formula
        text = PROLOGUE + 'p "" 1 1 "" ' + unit * depth + closing * depth + ' 0\nt "" 0\n'
    else:
        formula = unit * depth + "a" + closing * depth
        text = PROLOGUE + f't "" 1 "o" {{ "{formula}", 0 }}\n'
    read_solve_or_refuse(text)


TOML_GAMES = [
    p.read_text() for p in sorted((HERE.parents[1] / "src/detente/games/catalog").glob("*.toml"))
]
TOML_TOKENS = ["=", "[", "]", "{", "}", '"', "\n", ".", ",", "inf", "nan", '"9**9**9**9"', "1e999",
               "[nodes.x]", "player", "actions", "chance", "payoffs", "root", '"a"', "0", "-1",
               "1" + "0" * 5000, "a." * 200 + "b = 1", "[" * 400, "{ x = " * 300]  # fmt: skip


@SMALL
@given(st.sampled_from(TOML_GAMES), edits(st.sampled_from(TOML_TOKENS)))
def test_mutations_of_toml_game_files(text: str, changes: list[tuple[int, int, str]]) -> None:
    read_solve_or_refuse(mutate(text, changes), read=read_game_toml)
