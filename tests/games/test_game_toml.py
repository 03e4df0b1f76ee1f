"""detente .toml game files: bundled games, round trips, tree checks, errors, load_game."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import DetenteError, FileFormatError, GameError
from detente.games import (
    Game,
    chance,
    decision,
    deterrence_game,
    incomplete_information_deterrence,
    solve_pbe,
    solve_qre,
    solve_spe,
    terminal,
)
from detente.games.efg_format import write_efg
from detente.games.game_toml import load_game, read_game_toml, write_game_toml

CATALOG = Path(str(files("detente.games") / "catalog"))  # bundled game files


def _points(game: Game, n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    pts = {k: (v or 0.0) + rng.uniform(-1, 1, n) for k, v in game.parameters.items()}
    if "p" in pts:
        pts["p"] = rng.uniform(0, 1, n)
    return pts


def _same_solutions(a: Game, b: Game, points: dict[str, np.ndarray]) -> None:
    solvers = [solve_qre] + ([solve_spe] if a.is_perfect_information else [])
    for solve in solvers:
        x, y = solve(a, points), solve(b, points)
        np.testing.assert_allclose(x.strategy, y.strategy, rtol=0, atol=1e-12)
        np.testing.assert_allclose(x.terminal_probs, y.terminal_probs, rtol=0, atol=1e-12)
        np.testing.assert_allclose(x.payoffs, y.payoffs, rtol=0, atol=1e-12)
    if not a.is_perfect_information:
        np.testing.assert_array_equal(
            solve_pbe(a, points).is_equilibrium, solve_pbe(b, points).is_equilibrium
        )


# --- bundled games --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("stem", "make"),
    [("deterrence", deterrence_game), ("deterrence_uncertain", incomplete_information_deterrence)],
)
@pytest.mark.parametrize("suffix", [".toml", ".efg"])
def test_bundled_files_equal_catalog_games(stem, make, suffix) -> None:
    game, bundled = make(), load_game(CATALOG / f"{stem}{suffix}")
    assert bundled.title == game.title
    assert bundled.parameters == game.parameters
    assert bundled.outcome_labels == game.outcome_labels
    assert [h.name for h in bundled.infosets] == [h.name for h in game.infosets]
    _same_solutions(game, bundled, _points(game, 64, seed=3))


def test_bundled_deterrence_game_known_qre() -> None:
    """Issue 2 known result: agent logit QRE at lambda = 1, a = b = 0.5, wC = -0.2, wD = -0.5
    gives P(challenge) = 0.512288, P(resist) = 0.716173, P(fight) = 0.574443."""
    game = load_game(CATALOG / "deterrence.toml")
    s = solve_qre(game, lam=1.0).point()["strategy"]
    assert s["Challenger initiates"]["challenge"] == pytest.approx(0.512288, abs=1e-6)
    assert s["Defender responds"]["resist"] == pytest.approx(0.716173, abs=1e-6)
    assert s["Challenger escalates"]["fight"] == pytest.approx(0.574443, abs=1e-6)


def test_bundled_uncertain_game_deterrence_threshold() -> None:
    """Zagare & Kilgour (2000): with a = 1, s = 0, d = -1 the Challenger is deterred iff
    p >= 0.5 (checked away from the threshold)."""
    game = load_game(CATALOG / "deterrence_uncertain.toml")
    sol = solve_pbe(game, {"p": np.array([0.3, 0.7])})
    first = [sol.equilibria(i)[0].strategy["Challenger (type unknown)"] for i in range(2)]
    assert first == ["challenge", "status quo"]


# --- round trips ------------------------------------------------------------------------------
@pytest.mark.parametrize("make", [deterrence_game, incomplete_information_deterrence])
def test_toml_round_trip_gives_identical_solutions(make) -> None:
    game = make()
    back = read_game_toml(write_game_toml(game))
    _same_solutions(game, back, _points(game, 50, seed=5))


def test_write_to_path(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    text = write_game_toml(deterrence_game(), path)
    assert path.read_text() == text
    assert load_game(path).tables.n_nodes == 7


def test_parameter_without_default_round_trips() -> None:
    game = Game(
        players=["A"],
        parameters={"x": None},
        root=decision("A", {"l": terminal("L", "x"), "r": terminal("R", 0)}),
    )
    text = write_game_toml(game)
    assert "x = nan" in text
    assert read_game_toml(text).parameters == {"x": None}


@st.composite
def random_trees(draw) -> Game:
    """Small random games: depth <= 4, decision and chance nodes, numeric payoffs."""
    players = ["P1", "P2"]
    counter = iter(range(10_000))

    def node(depth: int):
        kind = draw(st.sampled_from(["t", "d", "c"] if depth < 4 else ["t"]))
        if kind == "t":
            k = next(counter)
            label = draw(st.sampled_from([f"O{k}", "War", "Peace", "SQ"]))
            pay = draw(
                st.lists(
                    st.floats(-10, 10, allow_nan=False).map(lambda x: round(x, 3)),
                    min_size=2,
                    max_size=2,
                )
            )
            return terminal(label, *pay)
        n = draw(st.integers(2, 3))
        if kind == "d":
            player = draw(st.sampled_from(players))
            return decision(player, {f"a{i}": node(depth + 1) for i in range(n)})
        weights = draw(st.lists(st.integers(1, 9), min_size=n, max_size=n))
        total = sum(weights)
        probs = [f"{w}/{total}" for w in weights]
        return chance({f"c{i}": (probs[i], node(depth + 1)) for i in range(n)})

    root = node(0)
    return Game(players=players, root=root, title="random tree")


@settings(max_examples=60, deadline=None)
@given(random_trees())
def test_toml_round_trip_preserves_outcome_labels_and_payoff_formulas(game: Game) -> None:
    back = read_game_toml(write_game_toml(game))
    t, u = game.tables, back.tables
    assert u.terminal_labels == t.terminal_labels
    assert [[e.text for e in row] for row in u.terminal_payoffs] == [
        [e.text for e in row] for row in t.terminal_payoffs
    ]
    assert [p.constant for p in u.chance_probs] == pytest.approx(
        [p.constant for p in t.chance_probs]
    )
    assert [h.actions for h in u.infosets] == [h.actions for h in t.infosets]
    np.testing.assert_array_equal(u.kind, t.kind)


@settings(max_examples=30, deadline=None)
@given(random_trees())
def test_efg_round_trip_preserves_outcome_labels_and_payoffs(game: Game) -> None:
    from detente.games.efg_format import read_efg

    back = read_efg(write_efg(game))
    assert back.tables.terminal_labels == game.tables.terminal_labels
    np.testing.assert_array_equal(back.tables.kind, game.tables.kind)
    a = solve_qre(game, lam=2.0)
    b = solve_qre(back, lam=2.0)
    np.testing.assert_allclose(a.terminal_probs, b.terminal_probs, atol=1e-12)


# --- errors ---------------------------------------------------------------------------------
HEAD = '[game]\nplayers = ["A", "B"]\nroot = "r"\n\n'
LEAF = "[nodes.{n}]\npayoffs = {{ A = 1, B = 2 }}\n\n"
BAD_FILES = [
    ("[game\nplayers = 1\n", FileFormatError, "TOML syntax error", "line 1"),
    (
        HEAD + '[nodes.r]\nplayer = "A"\nactions = { go = "x" }\n',
        FileFormatError,
        "unknown node 'x'",
        "line 5",
    ),
    (
        HEAD + '[nodes.r]\nplayer = "A"\nactions = { go = "s" }\n\n[nodes.s]\nplayer = "B"\n'
        'actions = { back = "s2" }\n\n[nodes.s2]\nplayer = "A"\nactions = { again = "s" }\n',
        GameError,
        "cycle: s -> s2 -> s",
        "line 9",
    ),
    (
        HEAD + '[nodes.r]\nplayer = "A"\nactions = { l = "x", m = "x" }\n\n' + LEAF.format(n="x"),
        GameError,
        "child of both 'r' (action 'l') and 'r' (action 'm')",
        "line 9",
    ),
    (
        HEAD
        + '[nodes.r]\nplayer = "A"\nactions = { l = "x" }\n\n'
        + LEAF.format(n="x")
        + LEAF.format(n="orphan"),
        GameError,
        "'orphan' cannot be reached from the root",
        "line 12",
    ),
    (
        HEAD + '[nodes.r]\nplayer = "A"\nactions = { l = "x" }\n\n[nodes.x]\noutcome = "X"\n',
        GameError,
        "terminal without payoffs",
        "line 9",
    ),
    (
        HEAD + '[nodes.r]\nplayer = "A"\nactions = { l = "x" }\n\n[nodes.x]\npayoffs = { A = 1 }\n',
        GameError,
        "no payoff for B",
        "line 9",
    ),
    (
        HEAD + '[nodes.r]\nplayer = "A"\nactions = { l = "x" }\n\n[nodes.x]\nfoo = 1\n',
        GameError,
        "no actions, chance moves or payoffs",
        "line 9",
    ),
    (HEAD + LEAF.format(n="q"), FileFormatError, "root 'r' is not a node", "bad.toml"),
    (
        HEAD
        + '[nodes.r]\nplayer = "A"\nactions = { l = "x" }\ncolour = "red"\n\n'
        + LEAF.format(n="x"),
        FileFormatError,
        "unknown or misplaced key(s) colour",
        "line 5",
    ),
    (
        HEAD
        + '[nodes.r]\nchance = { h = [0.5, "x"], t = [0.4, "y"] }\n\n'
        + LEAF.format(n="x")
        + LEAF.format(n="y"),
        GameError,
        "node 'r': chance probabilities sum to 0.9",
        "line 5",
    ),
    (
        HEAD + '[nodes.r]\nchance = { h = ["0.5", "x"] }\n\n' + LEAF.format(n="x"),
        GameError,
        "sum to 0.5",
        "line 5",
    ),
    (
        HEAD + '[nodes.r]\nplayer = "A"\nactions = { l = "x" }\n\n[nodes.x]\n'
        'payoffs = { A = "zz", B = 0 }\n',
        GameError,
        "zz",
        "bad.toml",
    ),
    ('[game]\nplayers = "A"\nroot = "r"\n', FileFormatError, "players must be", "bad.toml"),
    (
        HEAD + '[parameters]\na = "x"\n\n' + LEAF.format(n="r"),
        FileFormatError,
        "numeric default",
        "bad.toml",
    ),
]


@pytest.mark.parametrize(("text", "error", "message", "where"), BAD_FILES)
def test_bad_files_give_clear_errors(text, error, message, where, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(error) as info:
        game = read_game_toml(path)
        solve_spe(game)  # probabilities are checked at solve time
    text_of = str(info.value)
    assert message in text_of
    assert "bad.toml" in text_of or error is GameError
    assert where in text_of
    assert "\n" not in text_of


def test_parametric_chance_sum_error_at_solve_time_names_the_node(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        HEAD
        + "[parameters]\np = 0.5\n\n"
        + '[nodes.r]\nchance = { h = ["p", "x"], t = [0.4, "y"] }\n\n'
        + LEAF.format(n="x")
        + LEAF.format(n="y")
    )
    game = read_game_toml(path)
    with pytest.raises(GameError, match=r"at node 'r' sum to 0\.9"):
        solve_spe(game)


def test_load_game_dispatches_on_suffix(tmp_path: Path) -> None:
    assert load_game(CATALOG / "deterrence.efg").title == "Three-move deterrence game"
    other = tmp_path / "game.json"
    other.write_text("{}")
    with pytest.raises(FileFormatError, match=r"unknown game file type '\.json'.*\.efg.*\.toml"):
        load_game(other)
    with pytest.raises(FileFormatError, match="cannot read the file"):
        load_game(tmp_path / "missing.toml")


VALID = (CATALOG / "deterrence_uncertain.toml").read_text()


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(VALID) - 1), st.integers(1, 60), st.text(max_size=6))
def test_damaged_files_raise_only_detente_errors(start: int, length: int, insert: str) -> None:
    """Any damaged file either reads or raises a one-line DetenteError."""
    text = VALID[:start] + insert + VALID[start + length :]
    try:
        read_game_toml(text if "\n" in text else text + "\n")
    except DetenteError as exc:
        assert "\n" not in str(exc)
