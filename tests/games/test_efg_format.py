"""Gambit .efg reading and writing: real Gambit files, round trips, errors, pygambit checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import DetenteError, FileFormatError, GameError, ParameterError
from detente.games import (
    deterrence_game,
    incomplete_information_deterrence,
    solve_pbe,
    solve_qre,
    solve_spe,
)
from detente.games.efg_format import read_efg, write_efg
from detente.games.node_order import node_objects
from detente.games.tree import Chance, Terminal

EFG_DIR = Path(__file__).parent / "efg"
FIXTURES = sorted(EFG_DIR.glob("*.efg"))


def _payoffs(game, params=None) -> np.ndarray:
    """Terminal payoffs (n_terminals, n_players) at one parameter point."""
    env = {k: np.asarray(v, dtype=float) for k, v in game.resolve_parameters(params).items()}
    return game.tables.evaluate_payoffs(env, 1)[..., 0]


def _random_points(game, n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {k: (v or 0.0) + rng.uniform(-1, 1, n) for k, v in game.parameters.items()}


# --- real Gambit files ------------------------------------------------------------------
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_gambit_example_files_read(path: Path) -> None:
    game = read_efg(path)
    assert game.tables.n_terminals >= 2
    assert len(set(h.name for h in game.infosets)) == len(game.infosets)


def test_watson_signaling_game_structure() -> None:
    """Watson (2013), Figure 29.1 (Gambit catalog): chance 1/3 vs 2/3, 4 information sets."""
    game = read_efg(EFG_DIR / "watson2013_fig29_1.efg")
    assert game.players == ("You", "Firm")
    assert game.title == "Job-market signaling game (version from Watson)"
    root = game.root
    assert isinstance(root, Chance)
    assert list(root.actions) == ["High", "Low"]
    probs = [p.constant for p in game.tables.chance_probs]
    assert probs == pytest.approx([1 / 3, 2 / 3])
    assert sorted(len(h.nodes) for h in game.infosets) == [1, 1, 2, 2]
    assert game.outcome_labels == tuple(f"Outcome{k}" for k in (1, 2, 3, 4, 5, 6, 7, 8))


def test_escaped_quotes_and_three_players() -> None:
    """Selten's horse (Selten 1975, Figure 1): comment with \\" escapes, three players."""
    game = read_efg(EFG_DIR / "selten1975_fig1.efg")
    assert game.players == ("Player 1", "Player 2", "Player 3")
    assert game.title.startswith("Selten's horse")
    (h3,) = [h for h in game.infosets if h.player == 2]
    assert len(h3.nodes) == 2


def test_quoted_string_escapes_in_labels() -> None:
    text = (
        'EFG 2 R "say \\"hi\\"" { "A \\"x\\"" "B" }\np "" 1 1 "" { "go" } 0\nt "" 1 "o" { 1 2 }\n'
    )
    game = read_efg(text)
    assert game.title == 'say "hi"'
    assert game.players == ('A "x"', "B")
    back = read_efg(write_efg(game))
    assert back.players == game.players and back.title == game.title


def test_outcomes_on_nonterminal_nodes_are_summed() -> None:
    """bayes2a.efg (Gambit contrib): stage-1 outcomes add to the terminal outcome."""
    game = read_efg(EFG_DIR / "bayes2a.efg")
    assert game.tables.n_terminals == 64
    objs = node_objects(game)
    # path 1G, 2g, H, h, H, h: stage-one outcome 1 (10, 2) plus terminal outcome 1 (10, 2)
    node = game.root
    for action in ["1G", "2g", "H", "h", "H", "h"]:
        child = node.actions[action]
        node = child[1] if isinstance(node, Chance) else child
    assert isinstance(node, Terminal)
    t = objs.index(node)
    k = list(game.tables.terminal_nodes).index(t)
    assert _payoffs(game)[k] == pytest.approx([20.0, 4.0])


def test_repeated_action_labels_are_made_unique_like_gambit() -> None:
    """von Stengel (2022), Figure 10.1: both chance actions are labelled "1/2"."""
    game = read_efg(EFG_DIR / "vonstengel2022_fig10_1.efg")
    assert list(game.root.actions) == ["1/2_1", "1/2_2"]


def test_empty_outcome_labels_get_numbered_names() -> None:
    game = read_efg(EFG_DIR / "myerson1991_fig4_2.efg")
    assert set(game.outcome_labels) == {f"Outcome {k}" for k in range(1, 7)}


def test_rationals_and_decimals() -> None:
    text = (
        'EFG 2 R "r" { "A" "B" } ""\n'
        'c "" 1 "" { "x" 1/3 "y" .6666666666666667 } 0\n'
        't "" 1 "o1" { 1/2, -.25 }\n'
        't "" 2 "o2" { 1e-3 +2 }\n'
    )
    game = read_efg(text)
    np.testing.assert_allclose(_payoffs(game), [[0.5, -0.25], [0.001, 2.0]])
    assert "1/3" in write_efg(game)  # exact rationals are written back unchanged


# --- round trips --------------------------------------------------------------------------
@pytest.mark.parametrize("make", [deterrence_game, incomplete_information_deterrence])
def test_symbolic_round_trip_gives_identical_solutions(make) -> None:
    game = make()
    back = read_efg(write_efg(game, symbolic=True))
    assert back.players == game.players
    assert back.parameters == game.parameters
    assert back.outcome_labels == game.outcome_labels
    assert [h.name for h in back.infosets] == [h.name for h in game.infosets]
    points = _random_points(game, 50, seed=1)
    if "p" in points:
        points["p"] = np.random.default_rng(2).uniform(0, 1, 50)
    for solve in (solve_qre,) + ((solve_spe,) if game.is_perfect_information else ()):
        a, b = solve(game, points), solve(back, points)
        np.testing.assert_allclose(a.strategy, b.strategy, rtol=0, atol=1e-12)
        np.testing.assert_allclose(a.terminal_probs, b.terminal_probs, rtol=0, atol=1e-12)
        np.testing.assert_allclose(a.payoffs, b.payoffs, rtol=0, atol=1e-12)
    if not game.is_perfect_information:
        pa, pb = solve_pbe(game, points), solve_pbe(back, points)
        np.testing.assert_array_equal(pa.is_equilibrium, pb.is_equilibrium)


def test_numeric_write_evaluates_formulas_at_params() -> None:
    game = deterrence_game()
    text = write_efg(game, params={"a": 0.25})
    assert '"-a"' not in text and "-0.25" in text
    back = read_efg(text)
    assert back.parameters == {}
    assert _payoffs(back) == pytest.approx(_payoffs(game, {"a": 0.25}))


def test_write_to_path_is_readable(tmp_path: Path) -> None:
    path = tmp_path / "game.efg"
    text = write_efg(incomplete_information_deterrence(), path, symbolic=True)
    assert path.read_text() == text
    assert read_efg(path).tables.n_nodes == 11


def test_write_rejects_arrays_and_unknown_parameters() -> None:
    with pytest.raises(ParameterError, match="scalar"):
        write_efg(deterrence_game(), params={"a": np.array([0.1, 0.2])})
    with pytest.raises(ParameterError, match="unknown parameter"):
        write_efg(deterrence_game(), params={"zz": 1.0})


def test_parameter_without_default() -> None:
    text = (
        'EFG 2 R "g" { "A" "B" } "detente-parameters: a= b=2"\n'
        'p "" 1 1 "" { "l" "r" } 0\nt "" 1 "L" { "a" 0 }\nt "" 2 "R" { "b" 0 }\n'
    )
    game = read_efg(text)
    assert game.parameters == {"a": None, "b": 2.0}
    assert solve_spe(game, {"a": 3.0}).point()["outcomes"]["L"] == 1.0


# --- errors ---------------------------------------------------------------------------------
HEADER = 'EFG 2 R "g" { "A" "B" } ""\n'
BAD_FILES = [
    ('NFG 1 R "g" { "A" }\n', FileFormatError, "line 1: expected the file type 'EFG'"),
    ('EFG 3 R "g" { "A" }\n', FileFormatError, "line 1: expected format version 2"),
    ('EFG 2 R "g" { "A" "B"\np "" 1 1 "" { "x" } 0\n', FileFormatError, "line 2"),
    (HEADER + 'x "" 1 1\n', FileFormatError, "line 2: expected a node"),
    (HEADER + 'p "" 3 1 "" { "l" } 0\nt "" 1 "o" { 1 2 }\n', FileFormatError, "player number 3"),
    (HEADER + 'p "" 1 1 "" { "l" } 0\nt "" 1 "o" { 1 }\n', FileFormatError, "line 3: outcome 1"),
    (HEADER + 'p "" 1 1 "" { "l" } 0\nt "" 1 "o" { 1 2 \n', FileFormatError, "expected a payoff"),
    (HEADER + 'p "" 1 1 "" { "l" } 0\nt "" 7\n', FileFormatError, "line 3: outcome 7 is used"),
    (HEADER + 'p "" 1 1 "" { "l" "r" } 0\nt "" 1 "o" { 1 2 }\n', FileFormatError, "end of file"),
    (HEADER + 'p "" 1 1 "" { "l" } 0\nt "" 1 "o" { 1 2 }\nt "" 1\n', FileFormatError, "line 4"),
    (HEADER + 'p "" 1 1 "" { "l" } 0\nt "" 1 "o { 1 2 }\n', FileFormatError, "line 3: string"),
    (
        HEADER + 'p "" 1 1 "" { "l" "r" } 0\np "" 1 1 "" { "x" "y" } 0\n',
        FileFormatError,
        "line 3: information set 1 of player 1 was declared at line 2",
    ),
    (HEADER + 'p "" 1 2 0\n', FileFormatError, "line 2: information set 2 of player 1 is used"),
    (
        HEADER + 'c "Nature" 1 "" { "h" 0.5 "t" 0.4 } 0\nt "" 1 "o" { 1 2 }\nt "" 1\n',
        GameError,
        "line 2: chance probabilities at chance node 'Nature' sum to 0.9",
    ),
    (
        HEADER + 'c "" 1 "" { "h" 1.5 "t" -0.5 } 0\nt "" 1 "o" { 1 2 }\nt "" 1\n',
        GameError,
        "outside [0, 1]",
    ),
    (HEADER + 'p "" 1 1 "" { "l" } 0\nt "" 0\n', GameError, "no node has an outcome"),
    (HEADER + 'p "" 1 1 "" { "l" } 0\nt "" 1 "o" { "q" 0 }\n', GameError, "not declared"),
    (HEADER + 'p "" 1 1 "" { "l" } 0\nt "" 1 "o" { "a +" 0 }\n', FileFormatError, "line 3"),
    (HEADER, FileFormatError, "expected the root node"),
]


@pytest.mark.parametrize(("text", "error", "message"), BAD_FILES)
def test_malformed_files_name_the_file_and_line(text, error, message, tmp_path: Path) -> None:
    path = tmp_path / "bad.efg"
    path.write_text(text)
    with pytest.raises(error) as info:
        read_efg(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_is_a_file_format_error(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="cannot read the file"):
        read_efg(tmp_path / "nope.efg")


def test_parametric_probabilities_are_checked_at_solve_time_naming_the_node() -> None:
    text = (
        'EFG 2 R "g" { "A" "B" } "detente-parameters: p=0.5"\n'
        'c "Nature" 1 "" { "h" "p" "t" "0.5" } 0\nt "" 1 "o" { 1 2 }\nt "" 2 "o2" { 0 0 }\n'
    )
    game = read_efg(text)
    with pytest.raises(GameError, match=r"'Nature' sum to 0\.8"):
        solve_spe(game, {"p": 0.3})


# --- pygambit cross-checks ------------------------------------------------------------
def _gambit_terminal_payoffs(g) -> list[tuple[float, ...]]:
    players = list(g.players)
    rows = []
    for node in g.nodes:
        if not node.is_terminal:
            continue
        total = [0.0] * len(players)
        n = node
        while n is not None:
            try:  # pygambit 16.7 raises KeyError on reading a node with no outcome
                pay = [float(n.outcome[p]) for p in players]
            except KeyError:
                pay = [0.0] * len(players)
            total = [x + y for x, y in zip(total, pay, strict=True)]
            n = n.parent
        rows.append(tuple(total))
    return sorted(rows)


@pytest.mark.gambit
@pytest.mark.parametrize(
    "game",
    [deterrence_game(), incomplete_information_deterrence()] + [read_efg(p) for p in FIXTURES],
    ids=lambda g: g.title[:30],
)
def test_pygambit_reads_what_write_efg_writes(game, tmp_path: Path) -> None:
    gbt = pytest.importorskip("pygambit")
    path = tmp_path / "g.efg"
    write_efg(game, path)
    g = gbt.read_efg(str(path))
    assert len(g.nodes) == game.tables.n_nodes
    assert len(g.infosets) == len(game.infosets)
    assert [p.label for p in g.players] == list(game.players)
    ours = sorted(tuple(row) for row in _payoffs(game).tolist())
    assert np.allclose(_gambit_terminal_payoffs(g), ours)


@pytest.mark.gambit
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_files_written_by_gambit_read_back(path: Path, tmp_path: Path) -> None:
    gbt = pytest.importorskip("pygambit")
    g = gbt.read_efg(str(path))
    out = tmp_path / "from_gambit.efg"
    g.to_efg(str(out))
    game = read_efg(out)
    assert game.tables.n_nodes == len(g.nodes)
    assert len(game.infosets) == len(g.infosets)
    ours = sorted(tuple(row) for row in _payoffs(game).tolist())
    assert np.allclose(_gambit_terminal_payoffs(g), ours)


@pytest.mark.gambit
@pytest.mark.parametrize(
    ("make", "params", "lam"),
    [
        (deterrence_game, {}, 1.0),
        (deterrence_game, {}, 5.0),
        (incomplete_information_deterrence, {"p": 0.3}, 1.0),
        (incomplete_information_deterrence, {"p": 0.7}, 2.0),
    ],
)
def test_pygambit_logit_qre_of_written_file_matches(make, params, lam, tmp_path: Path) -> None:
    """pygambit's agent logit QRE (principal branch) of the file we write equals detente's
    QRE of the game (issue 2: at lambda = 1 the deterrence game has P(challenge) = 0.512288)."""
    gbt = pytest.importorskip("pygambit")
    game = make()
    path = tmp_path / "g.efg"
    write_efg(game, path, params=params)
    g = gbt.read_efg(str(path))
    qre = gbt.qre.logit_solve_lambda(g, lam=[lam])[0]
    # (LogitQREMixedBehaviorProfile.profile fails in pygambit 16.7; indexing works)
    keys = [(h.label, a.label) for p in g.players for h in p.infosets for a in h.actions]
    theirs = dict(zip(keys, (float(qre[i]) for i in range(len(qre))), strict=True))
    ours = solve_qre(read_efg(path), lam=lam).point()["strategy"]
    for (h, a), value in theirs.items():
        assert ours[h][a] == pytest.approx(value, abs=1e-6)
    if make is deterrence_game and lam == 1.0:
        assert ours["Challenger initiates"]["challenge"] == pytest.approx(0.512288, abs=1e-6)


@pytest.mark.gambit
@pytest.mark.parametrize("p", [0.7, 1 / 3, 0.123456789])
def test_numeric_chance_probabilities_sum_exactly_to_one_for_gambit(p, tmp_path: Path) -> None:
    """Gambit rejects probabilities whose exact (decimal) sum is not 1, e.g. 0.7 and
    1 - 0.7 = 0.30000000000000004."""
    gbt = pytest.importorskip("pygambit")
    path = tmp_path / "u.efg"
    write_efg(incomplete_information_deterrence(), path, params={"p": p})
    g = gbt.read_efg(str(path))
    probs = [float(a.prob) for a in g.root.infoset.actions]
    assert probs == pytest.approx([p, 1 - p], abs=1e-14)


# --- robustness -------------------------------------------------------------------------
VALID = (EFG_DIR / "watson2013_fig29_1.efg").read_text()


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(VALID) - 1), st.integers(1, 40), st.text(max_size=5))
def test_damaged_files_raise_only_detente_errors(start: int, length: int, insert: str) -> None:
    """Any damaged file either reads or raises a one-line DetenteError (never a traceback
    from another exception type)."""
    text = VALID[:start] + insert + VALID[start + length :]
    try:
        read_efg(text if "\n" in text else text + "\n")
    except DetenteError as exc:
        assert "\n" not in str(exc)


def test_infoset_label_equal_to_another_sets_fallback_name_stays_distinct() -> None:
    text = (
        'EFG 2 R "g" { "A" "B" } ""\np "" 1 1 "" { "l" "r" } 0\np "" 2 1 "A:1" { "x" } 0\n'
        't "" 1 "o" { 1 2 }\nt "" 2 "o2" { 1 2 }\n'
    )
    game = read_efg(text)
    assert len(game.infosets) == 2
    assert len({h.name for h in game.infosets}) == 2
