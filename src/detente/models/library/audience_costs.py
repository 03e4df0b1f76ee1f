"""Crisis signaling with audience costs: tying hands versus sinking costs (Fearon 1994, 1997).

A Defender values the stake at ``v`` and pays ``c_d`` in war. Facing a challenge it concedes
(0), makes a public threat that *ties its hands* (backing down afterwards costs it the
audience cost ``a``), or mobilizes, *sinking* a cost ``k`` paid whatever follows. The
Challenger (stake worth 1, war cost ``c_c``) is *determined* with probability ``theta`` and
presses; otherwise it backs down or presses, pressing iff its belief that the Defender will
fight is below ``1/(1 + c_c)``. Pressed after a threat, the Defender fights iff
``v - c_d >= -a``, i.e. iff

    v >= c_d - a        (audience costs create resolve)

while after mobilizing it fights iff ``v >= c_d``: sunk costs do not change ex-post resolve.
With ``v ~ U[0, 1]`` and a Challenger that backs down after threats, the Defender threatens
iff ``v >= theta min(a/(1 - theta), c_d)``, so threats are never bluffs iff
``a >= (1 - theta) c_d`` (Fearon 1997's no-bluffing result); mobilization is used iff
``v >= min(k/(1 - theta), theta c_d + k)``.

For the PBE enumeration the Defender has two types, ``v_high`` (probability ``p_high``) and
``v_low``. All pure-strategy PBE are computed in closed form by checking, for every pair of
messages and Challenger responses, each type's best message given its ex-post fighting
decision above, Bayes' rule on the path and supporting beliefs off it (a press is supported
iff some type would not fight, backing down iff some type would). Named cases (necessary
conditions; sufficient when the other signal is unattractive): *tying hands separates* (high
threatens, low concedes) only if the high type fights, ``v_high >= c_d - a``, prefers
threatening to conceding, ``v_high >= theta c_d``, and the low type will not bluff, ``(1 -
theta) v_low + theta max(v_low - c_d, -a) <= 0``; *sinking costs separate* only if ``v_high
>= c_d``, ``v_high - theta c_d - k >= 0`` and ``(1 - theta) v_low + theta max(v_low - c_d,
0) <= k``; *pooling on threats* needs the prior share of fighters ``p_high [v_high >= c_d -
a] + (1 - p_high) [v_low >= c_d - a]`` to reach ``1/(1 + c_c)``; *pooling on concession*
needs a called threat to be worth less than conceding. The reported outcome is the
Defender's preferred PBE (highest ex-ante payoff; ties by the order of ``CLASSES``).

References
----------
Fearon, J. D. (1994). Domestic political audiences and the escalation of international
disputes. American Political Science Review 88(3), 577-592.
Fearon, J. D. (1997). Signaling foreign policy interests: Tying hands versus sinking costs.
Journal of Conflict Resolution 41(1), 68-90.
Schultz, K. A. (2001). Democracy and Coercive Diplomacy. Cambridge University Press, ch. 2.
Fudenberg, D. and Tirole, J. (1991). Game Theory. MIT Press, ch. 8 (perfect Bayesian
equilibrium in signaling games).
"""

from __future__ import annotations

import itertools

import numpy as np

from detente.games import Game, PBESolution, Solution, chance, decision, terminal
from detente.models.model_interface import Model, ModelParameters, Theory, param

CONCEDE, THREAT, MOBILIZE = "concede", "threaten", "mobilize"
MESSAGES = (CONCEDE, THREAT, MOBILIZE)
AFTER = {THREAT: "threat", MOBILIZE: "mobilization"}

POOL_CONCEDE = "pooling: both concede"
POOL_THREAT = "pooling: both threaten"
POOL_MOBILIZE = "pooling: both mobilize"
SEP_HANDS = "separating: high type ties hands"
SEP_SUNK = "separating: high type sinks costs"
SEP_OTHER = "separating: other"
NO_PURE = "no pure equilibrium"
CLASSES = (SEP_HANDS, SEP_SUNK, POOL_THREAT, POOL_MOBILIZE, POOL_CONCEDE, SEP_OTHER)


def message_class(high: str, low: str) -> str:
    """Equilibrium class of the message pair (high type's, low type's)."""
    if high == low:
        return {CONCEDE: POOL_CONCEDE, THREAT: POOL_THREAT, MOBILIZE: POOL_MOBILIZE}[high]
    if low == CONCEDE and high == THREAT:
        return SEP_HANDS
    if low == CONCEDE and high == MOBILIZE:
        return SEP_SUNK
    return SEP_OTHER


class AudienceCostParameters(ModelParameters):
    """Values, costs and beliefs; the Challenger's stake is worth 1."""

    a: float = param(0.5, "audience cost of backing down after a public threat", lo=0, hi=1.5)
    k: float = param(0.45, "sunk cost of mobilizing (paid whatever follows)", lo=0, hi=1.5)
    v_high: float = param(0.8, "high-value Defender's value of the stake", lo=0, hi=1)
    v_low: float = param(0.1, "low-value Defender's value of the stake", lo=0, hi=1)
    p_high: float = param(
        0.4, "probability the Defender has the high value", lo=0, hi=1, unit="probability"
    )
    c_d: float = param(0.83, "Defender's cost of war", lo=0, hi=1.5, symbol="c_D")
    c_c: float = param(0.7, "Challenger's cost of war", lo=0.05, hi=2, symbol="c_C")
    theta: float = param(
        0.27,
        "probability the Challenger is determined (presses whatever the Defender does)",
        lo=0.02,
        hi=0.98,
        unit="probability",
    )


def build() -> Game:
    """Nature draws the Defender's value; it signals; nature draws the Challenger's type."""

    def pressed(kind: str, message: str):
        cost = " - k" if message == MOBILIZE else ""
        back = "-a" if message == THREAT else "-k"
        return decision(
            "Defender",
            {
                "fight": terminal("war", Defender=f"v_{kind} - c_d{cost}", Challenger="-c_c"),
                "back down": terminal(
                    f"Defender backs down after {AFTER[message]}", Defender=back, Challenger=1
                ),
            },
            infoset=f"{kind} Defender pressed after {AFTER[message]}",
        )

    def after(kind: str, message: str):
        won = f"v_{kind} - k" if message == MOBILIZE else f"v_{kind}"
        return chance(
            {
                "determined": ("theta", pressed(kind, message)),
                "opportunistic": (
                    "1 - theta",
                    decision(
                        "Challenger",
                        {
                            "back down": terminal(
                                "Challenger backs down", Defender=won, Challenger=0
                            ),
                            "press": pressed(kind, message),
                        },
                        infoset=f"Challenger after {AFTER[message]}",
                        name=f"Challenger: {kind} Defender, {AFTER[message]}",
                    ),
                ),
            },
            name=f"Challenger's type ({kind}, {AFTER[message]})",
        )

    def defender(kind: str):
        return decision(
            "Defender",
            {
                CONCEDE: terminal("Defender concedes", Defender=0, Challenger=1),
                THREAT: after(kind, THREAT),
                MOBILIZE: after(kind, MOBILIZE),
            },
            name=f"{kind} Defender",
        )

    return Game(
        title="Audience costs: tying hands vs sinking costs",
        players=["Defender", "Challenger"],
        parameters=AudienceCostParameters().model_dump(),
        root=chance(
            {"high": ("p_high", defender("high")), "low": ("1 - p_high", defender("low"))},
            name="Defender's value",
        ),
    )


# --- closed forms ----------------------------------------------------------------------------
def fights_after_threat(v, c_d, a) -> np.ndarray:
    """Fearon (1994): a Defender pressed after a public threat fights iff v >= c_D - a."""
    return np.asarray(v, dtype=float) >= np.asarray(c_d, dtype=float) - np.asarray(a, dtype=float)


def threat_cutoff_uniform(a, c_d, theta) -> np.ndarray:
    """Lowest ``v ~ U[0,1]`` that threatens when the opportunistic Challenger backs down.

    Types ``v >= c_d - a`` get ``v - theta c_d`` from a threat, lower ones (bluffers)
    ``(1 - theta) v - theta a``; conceding gives 0. The threat set is ``[cutoff, 1]`` with
    ``cutoff = theta min(a/(1 - theta), c_d)`` (derived here).
    """
    a, c_d, theta = (np.asarray(x, dtype=float) for x in (a, c_d, theta))
    return theta * np.minimum(a / (1.0 - theta), c_d)


def mobilization_cutoff_uniform(k, c_d, theta) -> np.ndarray:
    """Lowest ``v ~ U[0,1]`` that mobilizes when the opportunistic Challenger backs down:
    ``min(k/(1 - theta), theta c_d + k)`` (derived as for threats, with the cost sunk)."""
    k, c_d, theta = (np.asarray(x, dtype=float) for x in (k, c_d, theta))
    return np.minimum(k / (1.0 - theta), theta * c_d + k)


def _enumerate(p: dict[str, np.ndarray]):
    """Closed-form check of every (message pair, response pair): yields
    (class, is_equilibrium, Defender's ex-ante payoff, beliefs, slack) per combination."""
    a, k, c_d, c_c, th, ph = (
        np.asarray(p[x], dtype=float) for x in ("a", "k", "c_d", "c_c", "theta", "p_high")
    )
    v = {"high": np.asarray(p["v_high"], dtype=float), "low": np.asarray(p["v_low"], dtype=float)}
    prior = {"high": ph, "low": 1.0 - ph}
    fight = {(t, THREAT): v[t] - c_d >= -a for t in v} | {(t, MOBILIZE): v[t] >= c_d for t in v}
    post = {(t, THREAT): np.maximum(v[t] - c_d, -a) for t in v}
    post |= {(t, MOBILIZE): np.maximum(v[t] - c_d, 0.0) - k for t in v}
    won = {(t, THREAT): v[t] for t in v} | {(t, MOBILIZE): v[t] - k for t in v}
    gain = {key: np.where(f, -c_c, 1.0) for key, f in fight.items()}  # Challenger's press value

    def payoff(t: str, m: str, backs: bool) -> np.ndarray:
        if m == CONCEDE:
            return np.zeros_like(v[t])
        return (1 - th) * (won[t, m] if backs else post[t, m]) + th * post[t, m]

    for m_hi, m_lo, r_t, r_m in itertools.product(MESSAGES, MESSAGES, (True, False), (True, False)):
        backs = {THREAT: r_t, MOBILIZE: r_m}
        ok = np.ones(np.broadcast(a, k, c_d, c_c, th, ph, v["high"], v["low"]).shape, bool)
        slack = [np.full(ok.shape, np.inf)]
        chosen = {"high": m_hi, "low": m_lo}
        for t in v:
            mine = payoff(t, chosen[t], backs.get(chosen[t], False))
            for m in MESSAGES:
                if m != chosen[t]:
                    d = mine - payoff(t, m, backs.get(m, False))
                    ok &= d >= 0
                    slack.append(np.abs(d))
        beliefs = {}
        for m in (THREAT, MOBILIZE):
            senders = [t for t in v if chosen[t] == m]
            if senders:
                mass = sum(prior[t] for t in senders)
                high = np.broadcast_to(prior["high"] if "high" in senders else 0.0, np.shape(mass))
                mass = np.asarray(mass, dtype=float)
                mu = np.divide(high, mass, out=np.full(mass.shape, 0.5), where=mass > 0)
                value = mu * gain["high", m] + (1 - mu) * gain["low", m]
                ok &= (value <= 0) if backs[m] else (value >= 0)
                slack.append(np.abs(value))
                beliefs[m] = mu
            else:
                lo, hi = (
                    np.minimum(gain["high", m], gain["low", m]),
                    np.maximum(gain["high", m], gain["low", m]),
                )
                ok &= (lo <= 0) if backs[m] else (hi >= 0)
        ex_ante = ph * payoff("high", m_hi, backs.get(m_hi, False)) + (1 - ph) * payoff(
            "low", m_lo, backs.get(m_lo, False)
        )
        yield message_class(m_hi, m_lo), ok, ex_ante, beliefs, np.minimum.reduce(slack)


def theory(p: dict[str, np.ndarray]) -> Theory:
    """Closed form: all pure PBE classes with beliefs, the selected class and cutoffs."""
    best = {c: None for c in CLASSES}
    beliefs_out: dict[str, np.ndarray] = {}
    margin_parts = []
    for cls, ok, pay, beliefs, slack in _enumerate(p):
        masked = np.where(ok, pay, -np.inf)
        best[cls] = masked if best[cls] is None else np.maximum(best[cls], masked)
        margin_parts.append(slack)
        if cls != SEP_OTHER:  # the belief each class's equilibria hold on the path
            key = cls.split(": ")[1].replace(" ", "_")
            for m, mu in beliefs.items():
                beliefs_out[f"{key}_belief_high_after_{AFTER[m]}"] = mu
    stacked = np.stack(np.broadcast_arrays(*(best[c] for c in CLASSES)))
    choice = np.argmax(stacked, axis=0)
    top = np.take_along_axis(stacked, choice[None], axis=0)[0]
    runner = np.sort(stacked, axis=0)[-2]  # best payoff among the other classes
    exists = np.isfinite(top)
    outcome = np.where(exists, np.asarray(CLASSES, dtype=object)[choice], NO_PURE)
    with np.errstate(invalid="ignore"):
        gap = np.where(np.isfinite(runner), top - runner, np.inf)
    a, c_d, th = (np.asarray(p[x], dtype=float) for x in ("a", "c_d", "theta"))
    edges = [np.abs(np.asarray(p[f"v_{t}"]) - c_d + a) for t in ("high", "low")]
    edges += [np.abs(np.asarray(p[f"v_{t}"]) - c_d) for t in ("high", "low")]
    ph = np.asarray(p["p_high"], dtype=float)
    margin = np.minimum.reduce([gap, *edges, np.minimum(ph, 1 - ph), *margin_parts])
    values: dict[str, np.ndarray] = {
        f"{c.split(': ')[1].replace(' ', '_')}_exists": np.isfinite(best[c]) for c in CLASSES
    }
    values |= {
        "fight_cutoff": c_d - a,
        "high_fights_after_threat": fights_after_threat(p["v_high"], c_d, a),
        "low_fights_after_threat": fights_after_threat(p["v_low"], c_d, a),
        "high_fights_after_mobilization": np.asarray(p["v_high"]) >= c_d,
        "low_fights_after_mobilization": np.asarray(p["v_low"]) >= c_d,
        "uniform_fight_probability_after_threat": 1 - np.clip(c_d - a, 0, 1),
        "uniform_threat_cutoff": threat_cutoff_uniform(a, c_d, th),
        "uniform_mobilization_cutoff": mobilization_cutoff_uniform(p["k"], c_d, th),
        "threats_never_bluffs": a >= (1 - th) * c_d,
        "press_belief_threshold": 1.0 / (1.0 + np.asarray(p["c_c"], dtype=float)),
    }
    values |= beliefs_out
    shape = np.broadcast(*(np.asarray(x) for x in p.values())).shape
    return Theory(
        outcome=np.broadcast_to(outcome, shape).astype(object),
        values=values,
        margin=np.broadcast_to(margin, shape),
    )


def outcome_of(solution: Solution | PBESolution, params: dict[str, np.ndarray]) -> np.ndarray:
    """The Defender's preferred pure PBE class at each point.

    Among the engine's equilibria, the class of the one with the highest ex-ante Defender
    payoff (ties by the order of ``CLASSES``); ``"no pure equilibrium"`` where there is none.
    """
    game = solution.game
    names = [h.name for h in game.infosets]
    act = {
        h.name: np.asarray(h.actions, dtype=object)[solution.profiles[:, names.index(h.name)]]
        for h in game.infosets
    }
    cls = np.array(
        [
            CLASSES.index(message_class(hi, lo))
            for hi, lo in zip(act["high Defender"], act["low Defender"], strict=True)
        ]
    )
    pay = np.where(solution.is_equilibrium, solution.payoffs[..., 0], -np.inf)
    per_class = np.stack(
        [np.where(cls == c, pay, -np.inf).max(axis=-1) for c in range(len(CLASSES))]
    )
    choice = np.argmax(per_class, axis=0)
    return np.where(
        solution.is_equilibrium.any(axis=-1), np.asarray(CLASSES, dtype=object)[choice], NO_PURE
    )


def select_equilibrium(solution: PBESolution, params: dict[str, np.ndarray]) -> np.ndarray:
    """Index of the selected equilibrium: within the class ``outcome_of`` picks, the profile
    with the highest ex-ante Defender payoff; -1 where there is no pure PBE."""
    chosen = outcome_of(solution, params)
    game = solution.game
    names = [h.name for h in game.infosets]
    act = {
        h.name: np.asarray(h.actions, dtype=object)[solution.profiles[:, names.index(h.name)]]
        for h in game.infosets
    }
    labels = np.array(
        [
            message_class(hi, lo)
            for hi, lo in zip(act["high Defender"], act["low Defender"], strict=True)
        ],
        dtype=object,
    )
    in_class = solution.is_equilibrium & (labels == np.asarray(chosen)[..., None])
    pay = np.where(in_class, solution.payoffs[..., 0], -np.inf)
    return np.where(in_class.any(axis=-1), pay.argmax(axis=-1), -1)


#: The plane ``examples/build_model_docs.py`` maps.
MAP_AXES = (("a", 0.0, 1.2), ("v_low", 0.0, 0.8))


MODEL = Model(
    name="audience_costs",
    title="Audience costs: tying hands vs sinking costs",
    summary=(
        "Can a Defender make a threat believed? A public threat ties its hands: backing down "
        "costs the audience cost a, so it fights iff v >= c_D - a. Mobilizing sinks a cost k "
        "without changing its resolve. All pure perfect Bayesian equilibria of the two-type "
        "crisis (separating and pooling) are reported with their beliefs."
    ),
    parameters=AudienceCostParameters,
    build=build,
    theory=theory,
    outcome_of=outcome_of,
    select_equilibrium=select_equilibrium,
    outcomes=(*CLASSES, NO_PURE),
    references=(
        "Fearon, J. D. (1994). Domestic political audiences and the escalation of "
        "international disputes. American Political Science Review 88(3), 577-592.",
        "Fearon, J. D. (1997). Signaling foreign policy interests: Tying hands versus sinking "
        "costs. Journal of Conflict Resolution 41(1), 68-90.",
        "Schultz, K. A. (2001). Democracy and Coercive Diplomacy. Cambridge University Press.",
    ),
    methods=("pbe",),
    information="incomplete",
    players=("Defender", "Challenger"),
)
