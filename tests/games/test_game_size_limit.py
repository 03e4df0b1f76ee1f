"""Game files above the node limit are refused before any table is built, in one line that
names the limit and how to raise it (issue 18, item 3; limits in detente.games.game_limits)."""

from __future__ import annotations

import tracemalloc

import pytest

from detente.errors import InputError
from detente.games import read_efg, read_game_toml, solve_spe, write_game_toml
from detente.games.game_limits import DEFAULT_MAX_NODES, MAX_NODES_VARIABLE, max_nodes


def binary_efg(depth: int) -> str:
    """A full binary tree of ``depth`` moves (2^(depth+1) - 1 nodes), prefix order."""
    lines = ['EFG 2 R "binary" { "A" "B" } ""']
    stack, infoset, outcome = [depth], 0, 0
    while stack:
        d = stack.pop()
        if d == 0:
            outcome += 1
            lines.append(f't "" {outcome} "" {{ {outcome}, {-outcome} }}')
        else:
            infoset += 1
            lines.append(f'p "" 1 {infoset} "" {{ "L" "R" }} 0')
            stack += [d - 1, d - 1]
    return "\n".join(lines) + "\n"


def test_the_limit_defaults_to_a_million_and_reads_the_variable(monkeypatch) -> None:
    monkeypatch.delenv(MAX_NODES_VARIABLE, raising=False)
    assert max_nodes() == DEFAULT_MAX_NODES == 1_000_000
    monkeypatch.setenv(MAX_NODES_VARIABLE, "2_500")
    assert max_nodes() == 2_500
    for bad in ["0", "-3", "many", "1e6"]:
        monkeypatch.setenv(MAX_NODES_VARIABLE, bad)
        with pytest.raises(InputError, match=f"{MAX_NODES_VARIABLE}=.*positive integer"):
            max_nodes()


@pytest.mark.parametrize("limit", [2_046, 2_047])  # the tree has 2,047 nodes
def test_a_game_at_the_limit_reads_and_one_node_more_is_refused(limit) -> None:
    text = binary_efg(10)
    if limit >= 2_047:
        game = read_efg(text, max_nodes=limit)
        assert game.tables.n_nodes == 2_047
        assert read_game_toml(write_game_toml(game), max_nodes=limit).tables.n_nodes == 2_047
        return
    with pytest.raises(InputError, match=r"more than 2,046 nodes.*DETENTE_MAX_NODES") as exc:
        read_efg(text, max_nodes=limit)
    assert "\n" not in str(exc.value)
    toml = write_game_toml(read_efg(text))
    with pytest.raises(InputError, match=r"more than 2,046 nodes.*DETENTE_MAX_NODES"):
        read_game_toml(toml, max_nodes=limit)


def test_the_environment_variable_sets_the_limit_of_the_readers(monkeypatch) -> None:
    monkeypatch.setenv(MAX_NODES_VARIABLE, "100")
    with pytest.raises(InputError, match="more than 100 nodes"):
        read_efg(binary_efg(6))  # 127 nodes
    assert solve_spe(read_efg(binary_efg(5))).point()["payoffs"]["A"] == 32.0  # 63 nodes


def test_a_file_far_above_the_limit_is_refused_in_little_memory() -> None:
    """The count runs before any node is built: refusing a 2^17-leaf tree at a limit of 1,000
    allocates far less than reading it would (~1.3 kB per node, ~340 MB)."""
    text = binary_efg(17)  # 262,143 nodes, 7 MB
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="more than 1,000 nodes"):
            read_efg(text, max_nodes=1_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_the_early_count_never_refuses_a_valid_file_wrongly() -> None:
    """Node kinds inside labels do not count; kinds glued to a number are missed (a lower
    bound), so the count can only be too low, and the parser's own count decides."""
    text = (
        'EFG 2 R "p c t" { "p" "t c" } "c"\n'
        'p "p t c" 1 1 "t" { "p" "c" } 0\n'
        't "t" 1 "c p" { 1, 2 }\n'
        't "" 2 "" { 3, 4 }\n'
    )
    assert read_efg(text, max_nodes=3).tables.n_nodes == 3
    glued = text.replace('0\nt "t"', '0t "t"')
    assert read_efg(glued, max_nodes=3).tables.n_nodes == 3
    with pytest.raises(InputError, match="more than 2 nodes"):
        read_efg(glued, max_nodes=2)
