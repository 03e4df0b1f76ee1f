"""The coercion crisis game shared by :mod:`.crisis_deterrence` and :mod:`.crisis_compellence`.

This module registers no model; it holds the tree, the closed-form subgame-perfect solution
and the closed-form agent logit QRE (statistical backward induction) of one game form, used
with deterrence and compellence labels.

The first mover ``c`` (the challenger, or the target of a compellent threat) yields at once or
presses. Pressing is attributed to it with probability ``a`` (an unattributed move cannot be
answered and the first mover prevails; Rid & Buchanan 2015). The threatener ``d`` (defender, or
coercer) is *resolute* (``h``, payoffs ``*_h``) with probability ``rho`` and *irresolute*
(``s``, payoffs ``*_s``) otherwise: its private information is how much the issue is worth to
it (Fearon 1995; the hard and soft types of Zagare & Kilgour 2000). Knowing its type, it stands
firm, offers a compromise, or gives in. After a stand the first mover yields late or fights;
after an offer it accepts or fights. A war escalates to nuclear use with probability ``r``
(Schelling's "threat that leaves something to chance", 1960 ch. 8; Powell 1990). The
threatener's payoffs therefore decide whether it stands firm: its threat is credible only when
fighting (including the risk ``r`` of a nuclear war, ``nuc_d``) is worth more to it than giving
in (Schelling 1966, ch. 2; Powell 1990, ch. 1).

Outcome classes (labels differ by kind): ``success`` the threat works (the first mover yields
at once or after a stand); ``prevails`` the first mover prevails (the threatener gives in, or
the move is not attributed); ``compromise``; ``war``; ``nuclear`` (a war that escalated).

Every choice is a logit response with precision ``lam`` to the expected payoffs of the
actions, anticipating the later logit choices (agent QRE, McKelvey & Palfrey 1998; the
"strategic choice" model of Signorino 1999, 2003): as ``lam`` grows the probabilities tend to
the subgame-perfect equilibrium. :func:`logit_probabilities` also lets the first mover act on a
*belief* about the threatener's payoffs that differs from the truth (misperception, Jervis
1976): its first move responds to the believed threatener, every later move to the true one.

References
----------
Schelling, T. C. (1960). The Strategy of Conflict. Harvard UP, ch. 8.
Schelling, T. C. (1966). Arms and Influence. Yale UP, ch. 2 (deterrence and compellence).
Powell, R. (1990). Nuclear Deterrence Theory: The Search for Credibility. Cambridge UP.
Zagare, F. C. & Kilgour, D. M. (2000). Perfect Deterrence. Cambridge UP, ch. 4-5.
McKelvey, R. D. & Palfrey, T. R. (1998). Quantal response equilibria for extensive form
games. Experimental Economics 1(1), 9-41.
Signorino, C. S. (1999). Strategic interaction and the statistical analysis of international
conflict. APSR 93(2), 279-297.
Signorino, C. S. (2003). Structure and uncertainty in discrete choice models. Political
Analysis 11(4), 316-344.
Jervis, R. (1976). Perception and Misperception in International Politics. Princeton UP.
Rid, T. & Buchanan, B. (2015). Attributing cyber attacks. J. Strategic Studies 38(1-2), 4-37.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from detente.games import Game, chance, decision, terminal
from detente.models.model_interface import Theory, outcome_labels, param

#: Outcome classes, in the order of :func:`logit_probabilities` columns.
CLASSES = ("success", "prevails", "compromise", "war", "nuclear")

#: The threatener's payoffs, by outcome (suffix ``_h`` resolute type, ``_s`` irresolute).
THREATENER_PAYOFFS = ("concede", "held", "deal", "war", "nuc")
#: The threatener's parameters a first mover may misperceive (``belief=`` of the closed forms).
BELIEF_KEYS = (
    *(f"{k}_{t}" for t in ("h", "s") for k in THREATENER_PAYOFFS),
    "rho",
)


@dataclass(frozen=True)
class Roles:
    """Names of the players, actions and outcome classes of one use of the game form."""

    first: str
    threatener: str
    labels: dict[str, str]
    yield_now: str
    press: str
    stand: str
    offer: str
    give_in: str
    yield_late: str
    accept: str
    fight: str
    attribution: bool


def build_game(roles: Roles, title: str, parameters: Mapping[str, float]) -> Game:
    """The game tree (perfect information; the type and escalation are chance moves).

    The first mover's later nodes are listed under each type: its payoffs do not depend on the
    threatener's type, so this is strategically equivalent to one information set across the
    types (as in the unilateral deterrence game).
    """
    L = roles.labels

    def war_lottery(tag: str, t: str):
        return chance(
            {
                "escalates": ("r", terminal(L["nuclear"], "nuc_c", f"nuc_{t}")),
                "stays conventional": ("1 - r", terminal(L["war"], "war_c", f"war_{t}")),
            },
            name=f"escalation ({tag})",
        )

    def threatener(kind: str):
        t = "h" if kind == "resolute" else "s"
        return decision(
            roles.threatener,
            {
                roles.stand: decision(
                    roles.first,
                    {
                        roles.yield_late: terminal(L["success"], "back_c", f"held_{t}"),
                        roles.fight: war_lottery(f"{kind}, after a stand", t),
                    },
                    name=f"{roles.first} after a stand ({kind})",
                ),
                roles.offer: decision(
                    roles.first,
                    {
                        roles.accept: terminal(L["compromise"], "deal_c", f"deal_{t}"),
                        roles.fight: war_lottery(f"{kind}, after an offer", t),
                    },
                    name=f"{roles.first} after an offer ({kind})",
                ),
                roles.give_in: terminal(L["prevails"], "win_c", f"concede_{t}"),
            },
            name=f"{kind} {roles.threatener}",
        )

    typed = chance(
        {
            "resolute": ("rho", threatener("resolute")),
            "not resolute": ("1 - rho", threatener("soft")),
        },
        name=f"{roles.threatener}'s type",
    )
    pressed = (
        chance(
            {
                "attributed": ("a", typed),
                "not attributed": ("1 - a", terminal(L["prevails"], "win_c", "concede_s")),
            },
            name="attribution",
        )
        if roles.attribution
        else typed
    )
    return Game(
        title=title,
        players=[roles.first, roles.threatener],
        parameters=dict(parameters),
        root=decision(
            roles.first,
            {roles.yield_now: terminal(L["success"], "yield_c", "held_s"), roles.press: pressed},
            name=roles.first,
        ),
    )


def _arr(p: Mapping[str, object], key: str, default: float | None = None) -> np.ndarray:
    if key not in p and default is not None:
        return np.asarray(default, dtype=float)
    return np.asarray(p[key], dtype=float)


def _softmax3(u0: np.ndarray, u1: np.ndarray, u2: np.ndarray, lam: np.ndarray) -> tuple:
    """Logit choice probabilities over three actions, computed stably."""
    top = np.maximum(np.maximum(u0, u1), u2)
    e0, e1, e2 = (np.exp(lam * (u - top)) for u in (u0, u1, u2))
    s = e0 + e1 + e2
    return e0 / s, e1 / s, e2 / s


def _after_challenge(p: Mapping[str, object], d: Mapping[str, object], lam: np.ndarray) -> dict:
    """Logit play after the first mover presses, with threatener parameters ``d``."""
    r = _arr(p, "r")
    ew_c = (1 - r) * _arr(p, "war_c") + r * _arr(p, "nuc_c")
    back_c, deal_c = _arr(p, "back_c"), _arr(p, "deal_c")
    fight_stand = expit(lam * (ew_c - back_c))
    fight_offer = expit(lam * (ew_c - deal_c))
    choice = []
    for t in ("h", "s"):
        ew_d = (1 - r) * _arr(d, f"war_{t}") + r * _arr(d, f"nuc_{t}")
        v_stand = fight_stand * ew_d + (1 - fight_stand) * _arr(d, f"held_{t}")
        v_offer = fight_offer * ew_d + (1 - fight_offer) * _arr(d, f"deal_{t}")
        choice.append(_softmax3(v_stand, v_offer, _arr(d, f"concede_{t}"), lam))
    rho = _arr(d, "rho")
    stand, offer, give = (rho * x + (1 - rho) * y for x, y in zip(*choice, strict=True))
    return {
        "fight_stand": fight_stand,
        "fight_offer": fight_offer,
        "stand": stand,
        "offer": offer,
        "give_in": give,
        "v_stand_c": fight_stand * ew_c + (1 - fight_stand) * back_c,
        "v_offer_c": fight_offer * ew_c + (1 - fight_offer) * deal_c,
    }


def logit_probabilities(
    p: Mapping[str, object],
    lam: float | np.ndarray,
    belief: Mapping[str, object] | None = None,
) -> dict[str, np.ndarray]:
    """Agent logit QRE of the game, in closed form (statistical backward induction).

    Parameters
    ----------
    p : mapping
        The game's parameters (arrays broadcast together); ``a`` defaults to 1.
    lam : float or array
        Logit precision, >= 0 (broadcasts with the parameters).
    belief : mapping, optional
        The threatener's payoffs and ``rho`` as the first mover believes them (keys of
        :data:`BELIEF_KEYS`; missing keys take the true values). Only the first move responds
        to the belief; every later move, and the outcome, follow the true payoffs.

    Returns
    -------
    dict of str to ndarray
        One array per outcome class in :data:`CLASSES` (they sum to 1); the same classes
        given that the first mover pressed, ``CLASS_if_pressed`` (what a record selected on a
        challenge, such as an ICB crisis, observes; they sum to 1); ``press`` (the
        probability the first mover presses), ``press_if_informed`` and
        ``success_if_informed`` (the same with a correct belief), ``credibility`` and
        ``credibility_believed`` (probability the threatener does not give in once pressed:
        ``a`` times stand-or-offer), ``value_press`` and ``value_press_believed`` (the first
        mover's expected payoff of pressing).

    References
    ----------
    McKelvey & Palfrey (1998), agent QRE; Signorino (1999), statistical backward induction.
    """
    lam = np.asarray(lam, dtype=float)
    a = _arr(p, "a", 1.0)
    win_c, yield_c = _arr(p, "win_c"), _arr(p, "yield_c")
    true = _after_challenge(p, p, lam)
    seen = true if belief is None else _after_challenge(p, {**p, **belief}, lam)

    def value(x: dict) -> np.ndarray:
        inner = x["give_in"] * win_c + x["offer"] * x["v_offer_c"] + x["stand"] * x["v_stand_c"]
        return (1 - a) * win_c + a * inner

    v_true, v_seen = value(true), value(seen)
    press = expit(lam * (v_seen - yield_c))
    press_informed = expit(lam * (v_true - yield_c))
    r = _arr(p, "r")
    held = a * true["stand"] * (1 - true["fight_stand"])  # success once pressed
    fights = a * (true["stand"] * true["fight_stand"] + true["offer"] * true["fight_offer"])
    after = {  # outcome classes given that the first mover pressed (true play)
        "success": held,
        "prevails": (1 - a) + a * true["give_in"],
        "compromise": a * true["offer"] * (1 - true["fight_offer"]),
        "war": fights * (1 - r),
        "nuclear": fights * r,
    }
    out = {
        **{f"{k}_if_pressed": v for k, v in after.items()},
        "success": (1 - press) + press * held,
        "prevails": press * after["prevails"],
        "compromise": press * after["compromise"],
        "war": press * after["war"],
        "nuclear": press * after["nuclear"],
        "press": press,
        "press_if_informed": press_informed,
        "success_if_informed": (1 - press_informed) + press_informed * held,
        "credibility": a * (1 - true["give_in"]),
        "credibility_believed": a * (1 - seen["give_in"]),
        "value_press": v_true,
        "value_press_believed": v_seen,
    }
    shape = np.broadcast_shapes(*(np.shape(v) for v in out.values()))
    return {k: np.broadcast_to(v, shape) for k, v in out.items()}


def spe_probabilities(p: Mapping[str, object]) -> dict[str, np.ndarray]:
    """Subgame-perfect play in closed form, with the engine's tie rule (first action listed).

    Returns the outcome-class probabilities (chance moves make them fractional), the choices
    and ``margin``: the smallest payoff gap at any decision (0 at a tie).
    """
    a = _arr(p, "a", 1.0)
    r, rho = _arr(p, "r"), _arr(p, "rho")
    ew_c = (1 - r) * _arr(p, "war_c") + r * _arr(p, "nuc_c")
    back_c, deal_c, win_c = _arr(p, "back_c"), _arr(p, "deal_c"), _arr(p, "win_c")
    fight_stand = ew_c > back_c  # ties: yield late (listed first)
    fight_offer = ew_c > deal_c  # ties: accept (listed first)
    v_stand_c = np.where(fight_stand, ew_c, back_c)
    v_offer_c = np.where(fight_offer, ew_c, deal_c)
    margins = [np.abs(ew_c - back_c), np.abs(ew_c - deal_c)]
    choice = {}
    for kind, t in (("resolute", "h"), ("soft", "s")):
        ew_d = (1 - r) * _arr(p, f"war_{t}") + r * _arr(p, f"nuc_{t}")
        v_stand_d = np.where(fight_stand, ew_d, _arr(p, f"held_{t}"))
        v_offer_d = np.where(fight_offer, ew_d, _arr(p, f"deal_{t}"))
        u = np.stack(np.broadcast_arrays(v_stand_d, v_offer_d, _arr(p, f"concede_{t}")))
        pick = np.argmax(u, axis=0)  # first maximum: stand, then offer, then give in
        top = np.take_along_axis(u, pick[None], axis=0)[0]
        second = np.sort(u, axis=0)[-2]
        margins.append(top - second)
        choice[kind] = pick
    stand = rho * (choice["resolute"] == 0) + (1 - rho) * (choice["soft"] == 0)
    offer = rho * (choice["resolute"] == 1) + (1 - rho) * (choice["soft"] == 1)
    give_in = rho * (choice["resolute"] == 2) + (1 - rho) * (choice["soft"] == 2)
    value = (1 - a) * win_c + a * (give_in * win_c + offer * v_offer_c + stand * v_stand_c)
    yield_c = _arr(p, "yield_c")
    press = (value > yield_c).astype(float)  # ties: yield at once (listed first)
    margins.append(np.abs(value - yield_c))
    fight = press * a * (stand * fight_stand + offer * fight_offer)
    out = {
        "success": (1 - press) + press * a * stand * (1 - fight_stand),
        "prevails": press * ((1 - a) + a * give_in),
        "compromise": press * a * offer * (1 - fight_offer),
        "war": fight * (1 - r),
        "nuclear": fight * r,
    }
    shape = np.broadcast_shapes(*(np.shape(v) for v in (*out.values(), *margins)))
    out = {k: np.broadcast_to(v, shape) for k, v in out.items()}
    out["press"] = np.broadcast_to(press, shape)
    out["credibility"] = np.broadcast_to(a * (1 - give_in), shape)
    out["margin"] = np.minimum.reduce([np.broadcast_to(m, shape) for m in margins])
    return out


def payoff(default: float, meaning: str, symbol: str) -> float:
    """A payoff parameter (utility, in [-10, 10])."""
    return param(default, meaning, lo=-10, hi=10, symbol=symbol)


_ORDERS: dict[tuple[str, str, bool], list[str]] = {}


def class_order(roles: Roles) -> list[str]:
    """Outcome classes in the order their labels first appear among the terminals (the
    engine's ``most_likely_outcome`` breaks ties between labels in this order)."""
    key = (roles.first, roles.threatener, roles.attribution)
    if key not in _ORDERS:
        names = ("yield_c", "win_c", "back_c", "deal_c", "war_c", "nuc_c", "rho", "r", "a")
        names += tuple(f"{k}_{t}" for t in ("h", "s") for k in THREATENER_PAYOFFS)
        game = build_game(roles, "order", dict.fromkeys(names, 0.5))
        by_label = {v: k for k, v in roles.labels.items()}
        _ORDERS[key] = [by_label[x] for x in dict.fromkeys(game.tables.terminal_labels)]
    return _ORDERS[key]


def theory(p: Mapping[str, object], roles: Roles) -> Theory:
    """The SPE outcome (most likely class) with the class probabilities as values."""
    order = class_order(roles)
    spe = spe_probabilities(p)
    probs = np.stack([spe[k] for k in order])
    best = np.argmax(probs, axis=0)
    top = np.take_along_axis(probs, best[None], axis=0)[0]
    second = np.sort(probs, axis=0)[-2]
    labels = tuple(roles.labels[k] for k in order)
    values = {f"p_{k}": spe[k] for k in CLASSES}
    values.update(press=spe["press"], credibility=spe["credibility"])
    return Theory(
        outcome=outcome_labels(labels, best),
        values=values,
        margin=np.minimum(spe["margin"], top - second),
    )
