"""Read and write Gambit's extensive-form game files (``.efg``, version 2).

The format (Gambit documentation, "The extensive game (.efg) file format"): a prologue
``EFG 2 R "title" { "Player 1" "Player 2" } "optional comment"`` followed by the nodes in
prefix (depth-first) order, one entry per node::

    p "node label" player infoset "infoset label" { "action" ... } outcome "label" { payoffs }
    c "node label" event "event label" { "action" probability ... } outcome ...
    t "node label" outcome "outcome label" { payoff payoff ... }

Players and information sets are numbered from 1; information set numbers are unique within a
player, chance events among chance nodes, outcomes among outcomes, and outcome 0 is the null
outcome. The bracketed description of an information set, event or outcome may be omitted
after its first appearance; when repeated it must match. Outcomes may sit on non-terminal
nodes: a terminal's payoff is the sum of the outcomes on its path (here: the payoff
expressions are added). Numbers are integers, decimals (``.80``, ``1e-3``) or rationals
(``1/3``); strings are double-quoted with ``\\"`` for a quote.

How a file becomes a :class:`~detente.games.tree.Game`:

* an information set is named by its label, or ``"<player>:<number>"`` when the label is empty
  or shared with another set (names must be unique in detente);
* a terminal is labelled by its outcome's label, else its node label, else ``"Outcome <n>"``,
  else the path of actions leading to it; a terminal with no outcome on its path pays 0 (as in
  Gambit);
* non-empty, unique node labels become node names.

**detente extension: parameters.** A payoff or a chance probability may be a quoted formula of
named parameters (:mod:`detente.games.expressions`), e.g. ``{ "-a" "b" }`` or
``{ "resolute" "p" "irresolute" "1 - p" }``. Their defaults are declared in the comment (the
string after the player list) on a line of its own::

    detente-parameters: a=0.5 b=0.5 p=0.3

(``name=`` with no value declares a parameter without default). Gambit cannot read such files;
``write_efg(game)`` therefore writes plain numbers by default, evaluating the formulas at the
game's defaults (or at ``params``), and ``write_efg(game, symbolic=True)`` keeps the formulas.

References
----------
McKelvey, R. D., McLennan, A. M. and Turocy, T. L. Gambit: Software Tools for Game Theory,
"Game representation formats: the extensive game (.efg) file format",
https://gambitproject.readthedocs.io/en/latest/formats.efg.html.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import numpy as np

from detente.errors import FileFormatError, GameError, ParameterError
from detente.games import game_limits as limits
from detente.games.atomic_file import write_atomic
from detente.games.expressions import Expression
from detente.games.node_order import node_objects
from detente.games.tree import Chance, Decision, Game, Node, Terminal

#: Key in the game comment that declares parameter defaults (detente extension).
PARAMETERS_KEY = "detente-parameters:"

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:/\d+)?")
_LITERAL = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:/\d+)?")
_PROB_TOL = 1e-9

NUMBER, TEXT, SYMBOL, LBRACE, RBRACE, COMMA, EOF = (
    "number",
    "quoted string",
    "symbol",
    "'{'",
    "'}'",
    "','",
    "end of file",
)


class _Token(NamedTuple):
    kind: str
    text: str
    line: int


def _describe(tok: _Token) -> str:
    if tok.kind in (NUMBER, SYMBOL):
        return f"{tok.kind} {tok.text!r}"
    if tok.kind == TEXT:
        return f"string {tok.text!r}"
    return tok.kind


_TOKEN = re.compile(
    r"""\s*(?:
     (?P<punct>[{},])
    |"(?P<text>(?:[^"\\]|\\.)*)"
    |(?P<open>")
    |(?P<number>(?=[\d+\-.])[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:/\d+)?)
    |(?P<symbol>\S+))""",
    re.VERBOSE | re.DOTALL,
)
_ESCAPED_QUOTE = re.compile(r"\\(.)", re.DOTALL)
_KINDS = {"number": NUMBER, "symbol": SYMBOL, "text": TEXT}
_PUNCT = {"{": LBRACE, "}": RBRACE, ",": COMMA}


def _tokens(text: str, source: str) -> Iterator[_Token]:
    """Split ``text`` into tokens the way Gambit's lexer does (file.cc, GameFileLexer), one
    at a time (a large file is never held as a token list); then ``EOF`` tokens forever.

    In a quoted string ``\\"`` stands for a quote and other backslash pairs are kept as
    written; a number directly followed by other characters ends where the number ends.
    """
    line, last = 1, 0
    count = text.count
    for m in _TOKEN.finditer(text):  # every token starts a match; only trailing space fails
        kind = m.lastgroup
        start = m.start(kind)
        line += count("\n", last, start)
        last = start
        if kind == "punct":
            yield _Token(_PUNCT[m.group(kind)], m.group(kind), line)
        elif kind == "text":
            body = m.group(kind)
            if "\\" in body:
                body = _ESCAPED_QUOTE.sub(lambda e: '"' if e.group(1) == '"' else e.group(), body)
            yield _Token(TEXT, body, line)
        elif kind == "open":
            raise FileFormatError(
                f"{source}, line {line}: string is not closed; expected a closing double "
                'quote (write \\" for a quote inside a string)'
            )
        else:
            yield _Token(_KINDS[kind], m.group(kind), line)
    line += count("\n", last)
    while True:
        yield _Token(EOF, "", line)


class _Parser:
    """Recursive-descent reader of the node list into detente builder nodes."""

    def __init__(self, text: str, source: str, max_nodes: int | None = None) -> None:
        self.source = source
        self.tokens = _tokens(text, source)
        self.ahead = next(self.tokens)
        self.max_nodes = limits.max_nodes() if max_nodes is None else max_nodes
        self.n_nodes = 0
        self.expressions: dict[str, Expression] = {}  # formula text -> parsed, shared
        self.players: tuple[str, ...] = ()
        self.infosets: dict[tuple[int, int], tuple[str, tuple[str, ...], int]] = {}
        self.infoset_nodes: dict[tuple[int, int], list[Decision]] = {}
        self.events: dict[int, tuple[str, tuple[str, ...], tuple[str, ...], int]] = {}
        self.outcomes: dict[int, tuple[str, tuple[Expression, ...], tuple[str, ...], int]] = {}
        self.node_labels: dict[str, int] = {}
        self.named_nodes: list[tuple[Node, str]] = []
        self.any_outcome = False

    # --- token helpers ----------------------------------------------------------------
    def peek(self) -> _Token:
        return self.ahead

    def next(self) -> _Token:
        tok = self.ahead
        self.ahead = next(self.tokens)
        return tok

    def fail(self, tok: _Token, expected: str) -> FileFormatError:
        return FileFormatError(
            f"{self.source}, line {tok.line}: expected {expected}, found {_describe(tok)}"
        )

    def expect(self, kind: str, expected: str) -> _Token:
        tok = self.next()
        if tok.kind != kind:
            raise self.fail(tok, expected)
        return tok

    def integer(self, expected: str, minimum: int) -> tuple[int, _Token]:
        tok = self.expect(NUMBER, expected)
        try:
            value = int(tok.text)
        except ValueError:
            raise self.fail(tok, expected) from None
        if value < minimum:
            raise FileFormatError(
                f"{self.source}, line {tok.line}: expected {expected} (an integer >= "
                f"{minimum}), found {tok.text}"
            )
        return value, tok

    def value(self, tok: _Token, what: str) -> Expression:
        """A number or (detente extension) a quoted formula."""
        if tok.kind == NUMBER:
            text = tok.text.lstrip("+")
            if not math.isfinite(_number_value(text)):
                raise FileFormatError(
                    f"{self.source}, line {tok.line}: {what} {tok.text} is not a finite number"
                )
            return self.expression(text)
        if tok.kind == TEXT:
            try:
                return self.expression(tok.text)
            except GameError as exc:
                raise FileFormatError(f"{self.source}, line {tok.line}: {what}: {exc}") from None
        raise self.fail(tok, f"{what} (a number, or a quoted formula of parameters)")

    # --- prologue ---------------------------------------------------------------------
    def prologue(self) -> tuple[str, tuple[str, ...], str]:
        tok = self.next()
        if tok.kind != SYMBOL or tok.text != "EFG":
            raise self.fail(tok, "the file type 'EFG' at the start of an .efg file")
        tok = self.next()
        if tok.kind != NUMBER or tok.text != "2":
            raise self.fail(tok, "format version 2 after 'EFG'")
        tok = self.next()
        if tok.kind != SYMBOL or tok.text not in ("R", "D"):
            raise self.fail(tok, "the number type 'R' or 'D' after 'EFG 2'")
        title = self.expect(TEXT, "the game title as a quoted string").text
        self.expect(LBRACE, "'{' opening the list of player names")
        players: list[str] = []
        while self.peek().kind == TEXT:
            players.append(self.next().text)
        self.expect(RBRACE, "a quoted player name or '}' closing the player list")
        if not players:
            raise FileFormatError(f"{self.source}: the player list is empty; name the players")
        comment = self.next().text if self.peek().kind == TEXT else ""
        self.players = tuple(_normalize_labels(players))
        return title, self.players, comment

    # --- nodes ------------------------------------------------------------------------
    def tree(self) -> Node:
        """Read the node list (prefix order) into builder nodes, without recursion.

        A stack holds the child slots still to be read, the next one on top: reading a node
        fills the slot and pushes the node's own child slots. Payoffs of outcomes on the way
        down are carried in a :class:`_PathPayoffs`.
        """
        root: list[Node] = []
        # (parent, action, payoffs on the path, path as (parent path, action), depth)
        stack: list[tuple[Decision | Chance | None, str, _PathPayoffs | None, tuple, int]] = [
            (None, "", None, (), 0)
        ]
        while stack:
            parent, action, acc, path, depth = stack.pop()
            node, total = self.node(acc, path, depth)
            if parent is None:
                root.append(node)
            elif isinstance(parent, Decision):
                parent.actions[action] = node
            else:
                parent.actions[action] = (parent.actions[action][0], node)
            if not isinstance(node, Terminal):
                for child in reversed(list(node.actions)):
                    stack.append((node, child, total, (path, child), depth + 1))
        return root[0]

    def node(
        self, acc: _PathPayoffs | None, path: tuple, depth: int
    ) -> tuple[Node, _PathPayoffs | None]:
        """One node entry, with the payoffs on the path below it (children not yet read)."""
        tok = self.next()
        if tok.kind != SYMBOL or tok.text not in ("p", "c", "t"):
            raise self.fail(tok, "a node: 'p' (player), 'c' (chance) or 't' (terminal)")
        self.n_nodes += 1
        if self.n_nodes > self.max_nodes:
            raise limits.too_many_nodes(f"{self.source}, line {tok.line}", self.max_nodes)
        if depth > limits.MAX_DEPTH:
            raise limits.too_deep(self.source, f", line {tok.line}")
        label_tok = self.expect(TEXT, "the node label as a quoted string")
        label = label_tok.text
        if tok.text == "t":
            oid, olabel, payoffs = self.outcome()
            total = _PathPayoffs.extend(acc, payoffs)
            self.any_outcome |= total is not None
            values = (
                total.payoffs(f"{self.source}, line {tok.line}")
                if total is not None
                else tuple(self.expression("0") for _ in self.players)
            )
            name = (
                olabel
                or label
                or (f"Outcome {oid}" if oid else ("/".join(_path_labels(path)) or "root"))
            )
            return Terminal(label=name, payoffs=values), None
        node: Decision | Chance = (
            self.personal(label, tok) if tok.text == "p" else self.chance_node(label, tok)
        )
        if label:
            self.node_labels[label] = self.node_labels.get(label, 0) + 1
            self.named_nodes.append((node, label))
        _, _, payoffs = self.outcome()
        return node, _PathPayoffs.extend(acc, payoffs)

    def expression(self, text: str) -> Expression:
        """``Expression(text)``, parsed once per distinct text of the file."""
        expr = self.expressions.get(text)
        if expr is None:
            expr = self.expressions[text] = Expression(text)
        return expr

    def personal(self, label: str, start: _Token) -> Decision:
        player, ptok = self.integer("the player number", 1)
        if player > len(self.players):
            raise FileFormatError(
                f"{self.source}, line {ptok.line}: player number {player} is out of range; "
                f"the game has {len(self.players)} player(s)"
            )
        number, _ = self.integer("the information set number", 1)
        key = (player, number)
        if self.peek().kind == TEXT:
            iset_label = self.next().text
            self.expect(LBRACE, "'{' opening the list of action names")
            actions: list[str] = []
            while self.peek().kind == TEXT:
                actions.append(self.next().text)
            self.expect(RBRACE, "a quoted action name or '}' closing the action list")
            if not actions:
                raise FileFormatError(
                    f"{self.source}, line {start.line}: information set {number} of player "
                    f"{player} has no actions"
                )
            actions = _normalize_labels(actions)
            if key in self.infosets:
                old_label, old_actions, old_line = self.infosets[key]
                if (old_label, old_actions) != (iset_label, tuple(actions)):
                    raise FileFormatError(
                        f"{self.source}, line {start.line}: information set {number} of player "
                        f"{player} was declared at line {old_line} as {old_label!r} with "
                        f"actions {list(old_actions)}; here {iset_label!r} with {actions}"
                    )
            else:
                self.infosets[key] = (iset_label, tuple(actions), start.line)
        elif key not in self.infosets:
            raise FileFormatError(
                f"{self.source}, line {start.line}: information set {number} of player "
                f"{player} is used before its actions are declared"
            )
        acts = self.infosets[key][1]
        node = Decision(player=self.players[player - 1], actions=dict.fromkeys(acts), infoset=None)
        self.infoset_nodes.setdefault(key, []).append(node)
        return node

    def chance_node(self, label: str, start: _Token) -> Chance:
        number, _ = self.integer("the chance event number", 1)
        if self.peek().kind == TEXT:
            ev_label = self.next().text
            self.expect(LBRACE, "'{' opening the list of chance actions and probabilities")
            actions: list[str] = []
            probs: list[Expression] = []
            while self.peek().kind == TEXT:
                actions.append(self.next().text)
                probs.append(
                    self.value(
                        self.next(),
                        f"probability of chance action {actions[-1]!r} of chance event {number}",
                    )
                )
            self.expect(RBRACE, "a quoted chance action name or '}' closing the list")
            actions = _normalize_labels(actions)
            if not actions:
                raise FileFormatError(
                    f"{self.source}, line {start.line}: chance event {number} has no actions"
                )
            texts = tuple(p.text for p in probs)
            if number in self.events:
                old = self.events[number]
                if (old[0], old[1], old[2]) != (ev_label, tuple(actions), texts):
                    raise FileFormatError(
                        f"{self.source}, line {start.line}: chance event {number} was declared "
                        f"at line {old[3]} with other actions or probabilities"
                    )
            else:
                self.events[number] = (ev_label, tuple(actions), texts, start.line)
            self._check_probabilities(probs, actions, label, start)
        elif number not in self.events:
            raise FileFormatError(
                f"{self.source}, line {start.line}: chance event {number} is used before its "
                "actions and probabilities are declared"
            )
        _, acts, texts, _ = self.events[number]
        return Chance(
            actions={a: (self.expression(p), None) for a, p in zip(acts, texts, strict=True)}
        )

    def _check_probabilities(
        self, probs: list[Expression], actions: list[str], label: str, start: _Token
    ) -> None:
        if any(p.constant is None for p in probs):
            return  # formulas: the engine checks them at every parameter point
        where = f"chance node {label!r}" if label else "the chance node"
        for a, p in zip(actions, probs, strict=True):
            if not -_PROB_TOL <= p.constant <= 1 + _PROB_TOL:
                raise GameError(
                    f"{self.source}, line {start.line}: probability {p.text} of action {a!r} at "
                    f"{where} is outside [0, 1]"
                )
        total = sum(p.constant for p in probs)
        if abs(total - 1.0) > _PROB_TOL:
            raise GameError(
                f"{self.source}, line {start.line}: chance probabilities at {where} sum to "
                f"{total:.12g}, not 1; fix the probabilities"
            )

    def outcome(self) -> tuple[int, str, tuple[Expression, ...] | None]:
        oid, tok = self.integer("the outcome number (0 for none)", 0)
        if self.peek().kind != TEXT:
            if oid == 0:
                return 0, "", None
            if oid not in self.outcomes:
                raise FileFormatError(
                    f"{self.source}, line {tok.line}: outcome {oid} is used before its label "
                    "and payoffs are given"
                )
            label, payoffs, _, _ = self.outcomes[oid]
            return oid, label, payoffs
        if oid == 0:
            raise FileFormatError(
                f"{self.source}, line {tok.line}: outcome 0 is the null outcome and cannot have "
                "a label or payoffs; number the outcome from 1"
            )
        label = self.next().text
        self.expect(LBRACE, "'{' opening the list of payoffs")
        payoffs: list[Expression] = []
        while self.peek().kind in (NUMBER, TEXT):
            who = self.players[len(payoffs)] if len(payoffs) < len(self.players) else "?"
            payoffs.append(self.value(self.next(), f"payoff of {who} in outcome {oid} ({label!r})"))
            if self.peek().kind == COMMA:
                self.next()
        end = self.next()
        if end.kind != RBRACE:
            raise self.fail(end, "a payoff (number or quoted formula) or '}'")
        if len(payoffs) != len(self.players):
            raise FileFormatError(
                f"{self.source}, line {tok.line}: outcome {oid} ({label!r}) lists "
                f"{len(payoffs)} payoff(s) but the game has {len(self.players)} players "
                f"({', '.join(self.players)}); give one payoff per player"
            )
        texts = tuple(p.text for p in payoffs)
        if oid in self.outcomes:
            old_label, _, old_texts, old_line = self.outcomes[oid]
            if (old_label, old_texts) != (label, texts):
                raise FileFormatError(
                    f"{self.source}, line {tok.line}: outcome {oid} was declared at line "
                    f"{old_line} as {old_label!r} {list(old_texts)}; here {label!r} {list(texts)}"
                )
        else:
            self.outcomes[oid] = (label, tuple(payoffs), texts, tok.line)
        return oid, label, tuple(payoffs)

    def finish(self) -> None:
        """Name information sets and nodes once all are known."""
        names: dict[str, int] = {}
        for label, _, _ in self.infosets.values():
            names[label] = names.get(label, 0) + 1
        preferred = {
            key: label if label and names[label] == 1 else f"{self.players[key[0] - 1]}:{key[1]}"
            for key, (label, _, _) in self.infosets.items()
        }
        counts: dict[str, int] = {}
        for name in preferred.values():
            counts[name] = counts.get(name, 0) + 1
        used: set[str] = set()
        for key, nodes in self.infoset_nodes.items():
            name = preferred[key]
            if counts[name] > 1 or name in used:  # a label equal to another set's fallback
                name = f"{name} ({self.players[key[0] - 1]}:{key[1]})"
            while name in used:
                name += "'"
            used.add(name)
            for node in nodes:
                node.infoset = name
        for node, label in self.named_nodes:
            if self.node_labels[label] == 1:
                node.name = label


def _normalize_labels(labels: list[str]) -> list[str]:
    """Make labels unique and non-empty the way Gambit does (``"x"``, ``"x"`` -> ``"x_1"``,
    ``"x_2"``; a lone empty label becomes ``"_1"``)."""
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    used = set(labels)
    visited: dict[str, int] = {}
    out = []
    for label in labels:
        if counts[label] == 1 and label != "":
            out.append(label)
            continue
        while True:
            visited[label] = visited.get(label, 0) + 1
            candidate = f"{label}_{visited[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out


def _number_value(text: str) -> float:
    if "/" in text:
        num, den = text.split("/")
        return float(num) / float(den) if float(den) else math.inf
    return float(text)


def _path_labels(path: tuple) -> list[str]:
    """Action labels from the root along ``path`` (nested ``(parent path, action)`` pairs)."""
    labels: list[str] = []
    while path:
        path, action = path
        labels.append(action)
    return labels[::-1]


@dataclass(frozen=True)
class _PathPayoffs:
    """The outcomes met on a path from the root, each player's payoffs to be added up.

    Numbers are summed as the path is read; formulas are counted by their text, so a long path
    that meets the same formula many times adds ``k*(f)`` once; the distinct formulas are
    added at the terminal as one balanced sum ``((a) + (b)) + ((c) + (d))``, nested only
    logarithmically deep. A path with one outcome keeps it as written (``1/3`` stays exact).
    """

    numbers: tuple[float, ...]
    formulas: tuple[tuple[tuple[str, int], ...], ...]  # per player: (text, count) in order
    count: int
    only: tuple[Expression, ...]

    @staticmethod
    def extend(
        acc: _PathPayoffs | None, payoffs: tuple[Expression, ...] | None
    ) -> _PathPayoffs | None:
        if payoffs is None:
            return acc
        if acc is None:
            numbers = tuple(0.0 if e.constant is None else e.constant for e in payoffs)
            formulas = tuple(() if e.constant is not None else ((e.text, 1),) for e in payoffs)
            return _PathPayoffs(numbers, formulas, 1, payoffs)
        numbers, formulas = list(acc.numbers), list(acc.formulas)
        for i, e in enumerate(payoffs):
            if e.constant is not None:
                numbers[i] += e.constant
                continue
            counts = dict(formulas[i])
            counts[e.text] = counts.get(e.text, 0) + 1
            formulas[i] = tuple(counts.items())
        return _PathPayoffs(tuple(numbers), tuple(formulas), acc.count + 1, payoffs)

    def payoffs(self, where: str) -> tuple[Expression, ...]:
        """Each player's total payoff as one expression (built once per path)."""
        if self.count == 1:
            return self.only
        cached = self.__dict__.get("_total")
        if cached is not None:
            return cached
        out = []
        for number, formulas in zip(self.numbers, self.formulas, strict=True):
            texts = [f"({t})" if k == 1 else f"{k} * ({t})" for t, k in formulas]
            if number or not texts:
                texts.insert(0, repr(number))
            while len(texts) > 1:
                pairs = [f"({a}) + ({b})" for a, b in zip(texts[::2], texts[1::2], strict=False)]
                texts = pairs + (texts[-1:] if len(texts) % 2 else [])
            try:
                out.append(Expression(texts[0]))
            except GameError as exc:
                raise GameError(f"{where}: the sum of the outcomes on the path: {exc}") from None
        total = tuple(out)
        object.__setattr__(self, "_total", total)
        return total


def _parse_parameters(comment: str, source: str) -> dict[str, float | None]:
    params: dict[str, float | None] = {}
    for line in comment.splitlines():
        stripped = line.strip()
        if not stripped.startswith(PARAMETERS_KEY):
            continue
        for item in stripped[len(PARAMETERS_KEY) :].replace(",", " ").split():
            name, sep, value = item.partition("=")
            if not sep or not name.isidentifier():
                raise FileFormatError(
                    f"{source}: in the comment line {stripped!r}: expected name=value pairs "
                    f"such as 'a=0.5 b=1', found {item!r}"
                )
            if value == "":
                params[name] = None
                continue
            try:
                params[name] = float(value)
            except ValueError:
                raise FileFormatError(
                    f"{source}: in the comment line {stripped!r}: the default of {name!r} must "
                    f"be a number, found {value!r}"
                ) from None
    return params


_STRING_OR_KIND = re.compile(r'"(?:[^"\\]|\\.)*"|(?<!\S)([pct])(?!\S)', re.DOTALL)


def _count_node_kinds(text: str, stop: int) -> int:
    """Node entries (``p``, ``c``, ``t`` outside strings) in an .efg text, counted up to
    ``stop + 1`` in constant memory.

    Exact for the usual layout; a lower bound for any valid file (a kind written without
    space after a number or brace is missed), so it can refuse a file early but never
    wrongly.
    """
    count = 0
    for m in _STRING_OR_KIND.finditer(text):
        if m.lastindex:
            count += 1
            if count > stop:
                break
    return count


def _source_text(path_or_text: str | os.PathLike[str]) -> tuple[str, str, str | None]:
    """(text, source name for messages, file stem or None)."""
    if isinstance(path_or_text, str) and (
        "\n" in path_or_text or re.match(r"\s*EFG\s+\d", path_or_text)
    ):
        return path_or_text, "<efg text>", None
    path = Path(path_or_text)
    try:
        return path.read_text(encoding="utf-8"), str(path), path.stem
    except OSError as exc:
        raise FileFormatError(f"{path}: cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{path}: not a UTF-8 text file ({exc.reason})") from None


def read_efg(path_or_text: str | os.PathLike[str], *, max_nodes: int | None = None) -> Game:
    """Read a Gambit ``.efg`` file (or its text) into a :class:`~detente.games.tree.Game`.

    Parameters
    ----------
    path_or_text : str or path-like
        A file path, or the file's contents (a string containing a newline or starting with
        ``EFG``).
    max_nodes : int, optional
        Refuse a game with more nodes (default: :func:`detente.games.game_limits.max_nodes`,
        ``$DETENTE_MAX_NODES`` or 1,000,000). Paths longer than
        :data:`~detente.games.game_limits.MAX_DEPTH` moves are refused too.

    Returns
    -------
    Game

    Raises
    ------
    FileFormatError
        If the file cannot be read or is malformed (names the file, the line and what was
        expected), an outcome lists the wrong number of payoffs, or a payoff or probability is
        not a finite number or formula (names the line, outcome or chance event, and formula).
    InputError
        If the game has more than ``max_nodes`` nodes or is too deep (names the limit).
    GameError
        If the tree is not a valid game: constant chance probabilities outside [0, 1] or not
        summing to 1 (names the line and node), no payoff anywhere, or a structure the engine
        rejects.
    """
    text, source, stem = _source_text(path_or_text)
    max_nodes = limits.max_nodes() if max_nodes is None else max_nodes
    if _count_node_kinds(text, max_nodes) > max_nodes:  # refuse before building any node
        raise limits.too_many_nodes(source, max_nodes)
    parser = _Parser(text, source, max_nodes)
    title, players, comment = parser.prologue()
    if parser.peek().kind == EOF:
        raise parser.fail(parser.peek(), "the root node ('p', 'c' or 't') after the prologue")
    root = parser.tree()
    tail = parser.peek()
    if tail.kind != EOF:
        raise parser.fail(tail, "the end of the file after the last node of the tree")
    if not parser.any_outcome:
        raise GameError(
            f"{source}: no node has an outcome with payoffs; give the terminals payoffs"
        )
    parser.finish()
    parameters = _parse_parameters(comment, source)
    try:
        return Game(
            players=players,
            root=root,
            parameters=parameters,
            title=title or stem or "Untitled game",
        )
    except GameError as exc:
        raise GameError(f"{source}: {exc}") from None


# --- writing ---------------------------------------------------------------------------
def _quote(text: str) -> str:
    return '"' + str(text).replace('"', '\\"') + '"'


def _format_number(x: float) -> str:
    if not math.isfinite(x):
        raise GameError(f"cannot write the non-finite value {x!r} to an .efg file")
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def _exact_probabilities(values: list[float], texts: list[str]) -> list[str]:
    """Chance probabilities as decimals or rationals that sum to exactly 1.

    Gambit reads numbers exactly and rejects chance probabilities whose sum is not exactly one,
    so floating-point values such as 0.7 and 1 - 0.7 = 0.30000000000000004 are written as
    short decimals (15 significant digits) or as given rationals, and the largest one absorbs
    a remaining difference below 1e-9.
    """
    exact = []
    for value, text in zip(values, texts, strict=True):
        if _LITERAL.fullmatch(text):
            exact.append(Fraction(text))
        else:
            exact.append(Fraction(Decimal(f"{value:.15g}")))
    gap = 1 - sum(exact)
    if gap and abs(gap) < 1e-9:
        k = max(range(len(exact)), key=lambda j: exact[j])
        exact[k] += gap
    return [_format_fraction(f) for f in exact]


def _format_fraction(f: Fraction) -> str:
    den = f.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    if den != 1:
        return f"{f.numerator}/{f.denominator}"
    with localcontext() as ctx:
        ctx.prec = 60
        text = format(Decimal(f.numerator) / Decimal(f.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _format_default(x: float | None) -> str:
    return "" if x is None else _format_number(x)


def write_efg(
    game: Game,
    path: str | os.PathLike[str] | None = None,
    params: Mapping[str, float] | None = None,
    *,
    symbolic: bool = False,
) -> str:
    """Write ``game`` in Gambit's ``.efg`` format.

    Parameters
    ----------
    game : Game
    path : path-like, optional
        Where to write the file (atomically). The text is returned either way.
    params : mapping, optional
        Parameter values (scalars) at which formulas are evaluated; unspecified parameters take
        the game's defaults. Ignored when ``symbolic`` is true.
    symbolic : bool
        Keep payoff and probability formulas as quoted strings and declare the parameter
        defaults in the comment (detente extension, readable by :func:`read_efg` but not by
        Gambit). By default numbers are written, so Gambit can read the file.

    Returns
    -------
    str
        The file's text.

    Raises
    ------
    ParameterError
        If a parameter is unknown, has no default and no value, or is not a scalar.
    """
    t = game.tables
    nodes = node_objects(game)
    env: dict[str, float] = {}
    if not symbolic:
        for name, value in game.resolve_parameters(params).items():
            arr = np.asarray(value, dtype=float)
            if arr.size != 1:
                raise ParameterError(
                    f"write_efg writes one game: parameter {name!r} must be a scalar, got an "
                    f"array of shape {arr.shape}"
                )
            env[name] = float(arr.reshape(()))

    def entry(value: object) -> str:
        expr = Expression.of(value)  # type: ignore[arg-type]
        if expr.constant is not None:
            text = expr.text.strip()
            if "/" in text and _LITERAL.fullmatch(text):
                return text  # keep rationals such as 1/3 exact
            return _format_number(expr.constant)
        if symbolic:
            return _quote(expr.text)
        return _format_number(float(expr.evaluate(env)))

    if symbolic:
        declared = " ".join(f"{k}={_format_default(v)}" for k, v in game.parameters.items())
        comment = f"{PARAMETERS_KEY} {declared}" if declared else ""
    elif env:
        values = ", ".join(f"{k} = {_format_number(v)}" for k, v in env.items())
        comment = f"Written by detente with parameters evaluated at {values}."
    else:
        comment = ""

    pnumber = {p: i + 1 for i, p in enumerate(game.players)}
    iset_number: dict[int, int] = {}
    per_player: dict[int, int] = {}
    for h_index, h in enumerate(t.infosets):
        per_player[h.player] = per_player.get(h.player, 0) + 1
        iset_number[h_index] = per_player[h.player]
    outcome_ids: dict[tuple[str, tuple[str, ...]], int] = {}
    terminal_index = {int(node): k for k, node in enumerate(t.terminal_nodes)}
    events = 0
    lines = [
        f"EFG 2 R {_quote(game.title)} {{ {' '.join(_quote(p) for p in game.players)} }}",
        _quote(comment),
        "",
    ]

    def emit(i: int) -> range:
        """Write node ``i``'s line; return its children (to be written next, in order)."""
        nonlocal events
        node = nodes[i]
        if isinstance(node, Terminal):
            k = terminal_index[i]
            pay = tuple(entry(e) for e in t.terminal_payoffs[k])
            key = (t.terminal_labels[k], pay)
            new = key not in outcome_ids
            oid = outcome_ids.setdefault(key, len(outcome_ids) + 1)
            described = f" {_quote(key[0])} {{ {', '.join(pay)} }}" if new else ""
            lines.append(f't "" {oid}{described}')
            return range(0)
        name = _quote(node.name or "")
        children = range(int(t.first_child[i]), int(t.first_child[i] + t.n_children[i]))
        if isinstance(node, Decision):
            h_index = int(t.infoset_of[i])
            h = t.infosets[h_index]
            acts = " ".join(_quote(a) for a in h.actions)
            lines.append(
                f"p {name} {pnumber[node.player]} {iset_number[h_index]} {_quote(h.name)} "
                f"{{ {acts} }} 0"
            )
        else:
            events += 1
            probs = [t.chance_probs[int(t.edge_chance[c])] for c in children]
            if symbolic and any(p.constant is None for p in probs):
                texts = [entry(p) for p in probs]
            else:
                values = [
                    p.constant if p.constant is not None else float(p.evaluate(env)) for p in probs
                ]
                texts = _exact_probabilities(values, [p.text.strip() for p in probs])
            pairs = " ".join(f"{_quote(a)} {x}" for a, x in zip(node.actions, texts, strict=True))
            lines.append(f'c {name} {events} "" {{ {pairs} }} 0')
        return children

    stack = [0]  # prefix order without recursion: the next node on top
    while stack:
        stack.extend(reversed(emit(stack.pop())))
    text = "\n".join(lines) + "\n"
    if path is not None:
        write_atomic(path, text)
    return text
