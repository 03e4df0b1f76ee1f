"""Deep trees and deep formulas: read, compiled and solved without recursion; the documented
limits refuse what is beyond them in one line (issue 18, item 2).

Chains of thousands of moves are checked against backward induction written as a plain loop
over the chain (Osborne & Rubinstein 1994, Proposition 99.2), and their logit QRE against the
logit recursion of McKelvey & Palfrey (1998, section 3) written the same way.
"""

from __future__ import annotations

import numpy as np
import pytest

from detente.errors import DetenteError, FileFormatError, GameError, InputError
from detente.games import (
    Expression,
    Game,
    decision,
    game_limits,
    read_efg,
    read_game_toml,
    solve_qre,
    solve_spe,
    terminal,
    write_efg,
    write_game_toml,
)
from detente.games.expressions import MAX_FORMULA_DEPTH, MAX_FORMULA_LENGTH


def chain_payoffs(depth: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Stop payoffs (depth, 2) and the payoff (2,) at the end of the chain, small integers (so
    ties occur and the first-listed rule matters)."""
    rng = np.random.default_rng(seed)
    return rng.integers(-5, 6, (depth, 2)).astype(float), rng.integers(-5, 6, 2).astype(float)


def chain_efg(stops: np.ndarray, final: np.ndarray) -> str:
    """A centipede-like chain: at move i, player 1 + i % 2 stops or goes on."""
    lines = ['EFG 2 R "chain" { "A" "B" } ""']
    for i, (s1, s2) in enumerate(stops):
        lines.append(f'p "" {1 + i % 2} {i + 1} "" {{ "stop" "go" }} 0')
        lines.append(f't "" {i + 1} "" {{ {s1:g}, {s2:g} }}')
    lines.append(f't "" {len(stops) + 1} "end" {{ {final[0]:g}, {final[1]:g} }}')
    return "\n".join(lines) + "\n"


def backward_induction(stops: np.ndarray, final: np.ndarray) -> tuple[np.ndarray, int]:
    """Payoffs and the move at which play stops (len(stops) if never): the first-listed
    action (stop) wins ties."""
    value, stop_at = final, len(stops)
    for i in range(len(stops) - 1, -1, -1):
        if stops[i, i % 2] >= value[i % 2]:
            value, stop_at = stops[i], i
    return value, stop_at


def logit_recursion(stops: np.ndarray, final: np.ndarray, lam: float) -> np.ndarray:
    value = final
    for i in range(len(stops) - 1, -1, -1):
        m = i % 2
        u = lam * np.array([stops[i, m], value[m]])
        p = np.exp(u - u.max())
        p /= p.sum()
        value = p[0] * stops[i] + p[1] * value
    return value


@pytest.mark.parametrize("depth", [1_500, 5_000])
def test_a_long_chain_is_solved_by_backward_induction(depth) -> None:
    stops, final = chain_payoffs(depth, seed=depth)
    game = read_efg(chain_efg(stops, final))
    assert game.tables.max_depth == depth
    point = solve_spe(game).point()
    value, stop_at = backward_induction(stops, final)
    assert [point["payoffs"]["A"], point["payoffs"]["B"]] == value.tolist()
    reached = [k for k, p in point["outcomes"].items() if p == 1.0]
    assert reached == ([f"Outcome {stop_at + 1}"] if stop_at < depth else ["end"])


def test_a_long_chain_has_the_logit_qre_of_the_recursion() -> None:
    stops, final = chain_payoffs(2_000, seed=7)
    game = read_efg(chain_efg(stops, final))
    payoffs = solve_qre(game, lam=0.7).payoffs
    assert payoffs == pytest.approx(logit_recursion(stops, final, 0.7), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    ("write", "read"), [(write_game_toml, read_game_toml), (write_efg, read_efg)]
)
def test_a_long_chain_is_written_and_read_back(write, read) -> None:
    stops, final = chain_payoffs(1_500, seed=3)
    game = read_efg(chain_efg(stops, final))
    again = read(write(game))
    assert again.tables.max_depth == 1_500
    assert solve_spe(again).point()["payoffs"] == solve_spe(game).point()["payoffs"]


def test_a_deep_chain_built_in_code_compiles() -> None:
    node = terminal("end", 0, 0)
    for i in range(4_000):
        node = decision("AB"[i % 2], {"stop": terminal(f"s{i}", 1, 1), "go": node}, name=f"n{i}")
    game = Game(players=["A", "B"], root=node)
    assert game.tables.max_depth == 4_000
    assert solve_spe(game).point()["payoffs"] == {"A": 1.0, "B": 1.0}


def test_outcomes_on_every_move_of_a_long_path_are_added_up() -> None:
    """Gambit adds the outcomes on a terminal's path; 2,000 of them, numbers and formulas."""
    depth = 2_000
    lines = ['EFG 2 R "sums" { "A" "B" } "detente-parameters: a=0.5"']
    for i in range(depth):
        lines.append(f'p "" 1 {i + 1} "" {{ "stop" "go" }} {i + 1} "" {{ 1, "a" }}')
        lines.append('t "" 0')
    lines.append('t "" 0')
    game = read_efg("\n".join(lines) + "\n")
    deepest = game.tables.terminal_payoffs[-1]
    assert deepest[0].constant == depth
    assert deepest[1].evaluate({"a": 0.5}) == pytest.approx(0.5 * depth, rel=1e-12)
    assert len(deepest[1].text) < 40  # "2000 * (a)", not 2,000 nested additions


def test_paths_beyond_the_depth_limit_are_refused_naming_it(monkeypatch) -> None:
    monkeypatch.setattr(game_limits, "MAX_DEPTH", 50)
    stops, final = chain_payoffs(51)
    assert read_efg(chain_efg(stops[:50], final)).tables.max_depth == 50
    for read, text in [
        (read_efg, chain_efg(stops, final)),
        (read_game_toml, write_game_toml(read_efg(chain_efg(stops[:50], final)))),
    ]:
        if read is read_game_toml:
            monkeypatch.setattr(game_limits, "MAX_DEPTH", 49)
        with pytest.raises(InputError, match=r"more than [\d,]+ moves deep.*MAX_DEPTH") as exc:
            read(text)
        assert "\n" not in str(exc.value)


def test_formulas_nest_up_to_the_limit_and_are_refused_beyond() -> None:
    deep = Expression("+".join(["a"] * (MAX_FORMULA_DEPTH + 1)))  # nests exactly the limit
    assert deep.evaluate({"a": np.array([1.0, 2.0])}) == pytest.approx(
        [MAX_FORMULA_DEPTH + 1, 2 * (MAX_FORMULA_DEPTH + 1)]
    )
    unary = Expression("-" * MAX_FORMULA_DEPTH + "a")
    assert unary.evaluate({"a": 3.0}) == 3.0  # an even number of minus signs
    for text in ["+".join(["a"] * (MAX_FORMULA_DEPTH + 2)), "+".join(["a"] * 20_000)]:
        with pytest.raises(GameError, match="MAX_FORMULA_DEPTH"):
            Expression(text)
    with pytest.raises(GameError, match="MAX_FORMULA_LENGTH"):
        Expression("a" * (MAX_FORMULA_LENGTH + 1))
    with pytest.raises(GameError, match="too many nested parentheses"):
        Expression("(" * 300 + "a" + ")" * 300)


def test_a_deep_formula_in_a_file_names_the_line() -> None:
    text = f'EFG 2 R "x" {{ "A" }} ""\nt "" 1 "o" {{ "{"+".join(["1"] * 5_000)}" }}\n'
    with pytest.raises(FileFormatError, match=r"line 2: payoff of A in outcome 1.*MAX_FORMULA"):
        read_efg(text)


@pytest.mark.parametrize("nesting", [1_000, 50_000])
def test_deeply_nested_toml_is_one_error(nesting) -> None:
    text = '[game]\nplayers = ["A"]\nroot = "x"\n[nodes.x]\npayoffs = ' + "[" * nesting
    text += "]" * nesting + "\n"
    with pytest.raises(DetenteError) as exc:
        read_game_toml(text)
    assert "\n" not in str(exc.value)
