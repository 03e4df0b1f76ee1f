"""Graphviz DOT export: structure parses (braces, node ids), labels and highlighting."""

from __future__ import annotations

import re

from detente.games import (
    deterrence_game,
    incomplete_information_deterrence,
    solve_pbe,
    solve_qre,
    solve_spe,
)
from detente.games.dot_export import dot_quote, to_dot
from detente.games.efg_format import read_efg

NODE = re.compile(r"^\s*(n\d+) \[", re.MULTILINE)
EDGE = re.compile(r"^\s*(n\d+) -> (n\d+) \[", re.MULTILINE)


def _strip_strings(text: str) -> str:
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)


def _check_structure(dot: str, n_nodes: int) -> list[tuple[str, str]]:
    bare = _strip_strings(dot)
    assert bare.count("{") == bare.count("}")
    depth = 0
    for c in bare:
        depth += {"{": 1, "}": -1}.get(c, 0)
        assert depth >= 0
    assert bare.strip().startswith("digraph") and bare.rstrip().endswith("}")
    defined = set(NODE.findall(bare))
    assert defined == {f"n{i}" for i in range(n_nodes)}
    edges = EDGE.findall(bare)
    for a, b in edges:
        assert a in defined and b in defined
    for line in bare.splitlines()[1:-1]:
        assert line.rstrip().endswith((";", "}")), line
    return edges


def test_deterrence_game_structure_and_labels() -> None:
    game = deterrence_game()
    dot = to_dot(game)
    edges = _check_structure(dot, 7)
    assert len(edges) == 6
    for label in ["status quo", "challenge", "concede", "resist", "back down", "fight"]:
        assert f'label="{label}"' in dot
    assert 'label="War\\n(wC, wD)"' in dot
    assert 'xlabel="Defender"' in dot


def test_spe_path_is_bold_and_coloured() -> None:
    game = deterrence_game()
    dot = to_dot(game, solve_spe(game))
    _check_structure(dot, 7)
    (sq,) = [line for line in dot.splitlines() if 'label="status quo"' in line]
    assert "style=bold" in sq and "color=" in sq
    (ch,) = [line for line in dot.splitlines() if 'label="challenge"' in line]
    assert "style=bold" not in ch


def test_information_sets_are_dashed_edges_on_one_rank() -> None:
    game = incomplete_information_deterrence()
    dot = to_dot(game, solve_qre(game, lam=1.0))
    edges = _check_structure(dot, 11)
    assert ("n1", "n2") in edges
    assert "style=dashed, dir=none, constraint=false" in dot
    assert "{ rank=same; n1; n2; }" in dot
    assert 'label="resolute\\n[p = 0.5]"' in dot
    assert to_dot(game, solve_pbe(game, {"p": 0.7})).count("style=bold") == 4


def test_quoting_handles_quotes_and_backslashes() -> None:
    assert dot_quote('say "hi" \\ now\nnext') == '"say \\"hi\\" \\\\ now\\nnext"'
    game = read_efg(
        'EFG 2 R "a \\"b\\"" { "A" "B" }\np "" 1 1 "" { "x \\"y\\"" } 0\nt "" 1 "o" { 1 2 }\n'
    )
    _check_structure(to_dot(game), 2)
