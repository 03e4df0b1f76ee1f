"""Escalation ladder: a crisis climbed rung by rung, with private resolve and loss of control.

A Challenger and a Defender climb a ladder of ``N`` rungs (``rungs``, 1 to 8). The Challenger
starts the crisis by climbing to rung 1 (or keeps the status quo); from then on the side that
did not climb last moves: the Defender at odd rungs, the Challenger at even ones. The mover
backs down (the other side prevails) or climbs one rung higher; climbing above the top rung
``N`` is deliberate war. Every climb into rung ``k`` risks losing control of the crisis, an
inadvertent war, with probability

    rho_k = 1 - (1 - risk)^k

so each rung adds a further independent chance ``risk`` of an accident, as the forces and
alerts of every lower rung stay in place: Schelling's threat that leaves something to chance,
run over several rounds as in Powell's (1987, 1990) brinkmanship models. Payoffs (the
Defender's stake is the unit): status quo and Defender prevails ``(0, 1)``; Challenger
prevails ``(v_c, 0)``; war ``(-c_c, 1 - c)`` with ``c`` the Defender's cost of war. The
Defender's resolve is private: nature makes it *resolute* (``c = c_resolute < 1``: it would
rather fight than give way) with probability ``p_resolute``, else *irresolute* (``c =
c_irresolute > 1``). Climbing is strictly dominant for a resolute Defender (every outcome of
a climb is worth more to it than the 0 of backing down), so its moves are fixed in the tree;
this removes no equilibrium. The irresolute Defender's risk tolerance is ``1/c_irresolute``
and the Challenger's ``v_c/(v_c + c_c)`` (Powell 1990: ``v/(v + d)``).

The perfect Bayesian equilibrium below is derived here (it is not copied from a source);
every step is checked against the engine's tree in the tests. Write ``e = c_irresolute - 1``,
``s_k = 1 - rho_k`` and ``kappa_k = rho_k c_c / (s_k v_c)``, the Challenger's cost-to-gain
ratio of climbing into rung ``k``.

*Bluffing.* The irresolute Defender at odd rung ``j < N`` climbs at all only if doing so pays
when the Challenger surely backs down next, ``s_{j+1} - rho_{j+1} e >= 0``, i.e.
``rho_{j+1} <= 1/c_irresolute``. As ``rho_k`` grows with ``k``, this holds up to a last rung
(``irresolute_last_bluff_rung``); above it, and at the top, the irresolute Defender concedes
for sure. More risk per rung moves that rung down: the less resolved side concedes earlier
(Powell 1990: a side quits once the risk of going on exceeds its tolerance).

*The Challenger's thresholds.* At even rung ``k`` with belief ``mu`` that the Defender is
resolute, the Challenger climbs iff ``mu < b_k`` (backs down above it), where, going down
from the top,

    b_N = -1                                        (the Challenger at the top backs down)
    b_k = g_k                                       if rung k+1 is the top or no bluff there
    b_k = b_{k+2} g_k   if b_{k+2} > 0, else -1     if the irresolute Defender may bluff at k+1
    g_k = (1 - kappa_{k+1}) v_c / (v_c + rho_{k+2} c_c)     (rho_{N+1} = 1: war at the top)

(the Challenger's value of climbing, ``-rho_{k+1} c_c + s_{k+1} [q v_c + (1 - q)(-rho_{k+2}
c_c)]`` with ``q`` the chance the Defender then backs down, set to zero).

*The war of nerves.* Below ``b_{j+1}`` the irresolute Defender at rung ``j`` bluffs with the
probability that lifts the Challenger's posterior to exactly ``b_{j+1}`` (the Defender climbs
with total probability ``mu / b_{j+1}``), and the Challenger there backs down with the
probability that leaves the irresolute Defender indifferent,

    beta_{j+1} = (rho_{j+1} e / s_{j+1} + rho_{j+2} e) / (1 + rho_{j+2} e),

so on the path the crisis climbs with each side mixing, rung by rung, until the irresolute
Defender's last bluffing rung or the top. The Challenger starts the crisis iff
``p_resolute < b_0`` (``challenge_threshold``).
Two of Powell's (1987) findings follow: the side with the weaker resolve sometimes prevails
(the Challenger backs down with probability ``beta`` against an irresolute Defender), and the
Challenger escalates *more* (``1 - beta`` is larger) the more resolute the irresolute
Defender is (the smaller ``c_irresolute``).

The reported outcome is the equilibrium's class: ``no challenge`` or ``resolve revealed at rung
1`` (the irresolute Defender gives way at once) when the equilibrium is pure, and ``mixed
equilibrium (war of nerves)`` when some side mixes at some rung, on the path (the crisis
climbs with both sides mixing) or off it (the prospect of a war of nerves deters the
challenge: see ``challenge``). The theory also gives the probability that each rung is
reached, of deliberate war (a resolute Defender choosing war at the top, odd ``N``) and of
inadvertent war. The engine's PBE (pure profiles, weak PBE) is read with Bayes' rule imposed
along the ladder wherever the Defender's climbs allow it (the refinement the closed form
uses); where none survives, the equilibrium is mixed and the QRE (``method="qre"`` with a
large ``lam``) approaches it. :func:`ladder_game` with ``private=False`` builds the same
ladder with the Defender's resolve known to both, solved by SPE.

Sources consulted for this module (through the project's search of stored public pages):
the abstracts of Powell (1987) and of Powell's 1988 APSR article on two-sided incomplete
information (the two findings quoted above), Schelling's "The manipulation of risk" (1966,
ch. 3; opening pages) and the abstract of Powell (2015) on brinkmanship and military power.
The books' full texts were not consulted; the equilibrium is derived here.

References
----------
Schelling, T. C. (1960). The Strategy of Conflict. Harvard University Press, ch. 8 ("The
threat that leaves something to chance").
Schelling, T. C. (1966). Arms and Influence. Yale University Press, ch. 3 ("The manipulation
of risk").
Powell, R. (1987). Crisis bargaining, escalation, and MAD. American Political Science Review
81(3), 717-735.
Powell, R. (1990). Nuclear Deterrence Theory: The Search for Credibility. Cambridge
University Press (risk tolerance ``v / (v + d)``).
Fudenberg, D. and Tirole, J. (1991). Game Theory. MIT Press, ch. 8 (perfect Bayesian
equilibrium: Bayes' rule wherever possible).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from detente.games import Game, PBESolution, Solution, chance, decision, terminal
from detente.models.model_interface import Model, ModelParameters, Theory, param
from detente.models.model_picture import ModelPicture, Panel

#: Largest number of rungs the registered game holds (``rungs`` selects 1 ... MAX_RUNGS).
MAX_RUNGS = 8

STATUS_QUO = "Status quo"
CHALLENGER_PREVAILS = "Challenger prevails"
DEFENDER_PREVAILS = "Defender prevails"
DELIBERATE_WAR = "Deliberate war"
INADVERTENT_WAR = "Inadvertent war"
TERMINALS = (STATUS_QUO, CHALLENGER_PREVAILS, DEFENDER_PREVAILS, DELIBERATE_WAR, INADVERTENT_WAR)

NO_CHALLENGE = "no challenge"
REVEALED = "resolve revealed at rung 1"
MIXED = "mixed equilibrium (war of nerves)"
POOLED_BLUFF = "pooled bluff at rung 1"
#: Equilibrium classes (the model's outcomes). The closed form never predicts a pooled bluff
#: after a challenge; the label exists so that an engine profile of that kind would show.
CLASSES = (NO_CHALLENGE, REVEALED, MIXED, POOLED_BLUFF)

#: Plane for the generated docs map.
MAP_AXES = (("p_resolute", 0.0, 1.0), ("risk", 0.001, 0.3))


class EscalationLadderParameters(ModelParameters):
    """Private resolve, the risk each rung adds, stakes and costs of war, number of rungs."""

    p_resolute: float = param(
        0.2, "probability the Defender is resolute (prior)", lo=0.0, hi=1.0, unit="probability"
    )
    risk: float = param(
        0.02,
        "risk of losing control each rung adds (climbing into rung k: 1 - (1 - risk)^k)",
        lo=0.001,
        hi=0.3,
        unit="probability",
    )
    v_c: float = param(2.0, "Challenger's stake (value of prevailing)", lo=0.1, hi=5.0)
    c_c: float = param(4.0, "Challenger's cost of war", lo=0.1, hi=20.0)
    c_resolute: float = param(
        0.5,
        "resolute Defender's cost of war (below its stake 1: it would rather fight)",
        lo=0.0,
        hi=0.99,
        unit="Defender's stake",
    )
    c_irresolute: float = param(
        10.0,
        "irresolute Defender's cost of war (above its stake 1; risk tolerance 1/c)",
        lo=1.01,
        hi=20.0,
        unit="Defender's stake",
    )
    rungs: float = param(
        6,
        "number of rungs (climbing above the top is deliberate war)",
        lo=1,
        hi=MAX_RUNGS,
        unit="rungs",
        integer=True,
    )


# --- game ----------------------------------------------------------------------------------
def _top(k: int) -> str:
    """``[rungs == k]`` for whole-number ``rungs`` (1 at the top rung, else 0)."""
    at_least_k = f"min(max(rungs - {k - 1}, 0), 1)"
    if k >= MAX_RUNGS:
        return at_least_k
    return f"{at_least_k} - min(max(rungs - {k}, 0), 1)"


def ladder_game(private: bool = True) -> Game:
    """The ladder of up to :data:`MAX_RUNGS` rungs; ``rungs`` picks the top.

    With ``private=True`` (the registered game) the Challenger's decisions are information
    sets across the Defender's two types; with ``private=False`` it sees the type and the
    game has perfect information (solve with :func:`~detente.games.solve_spe`).
    """

    def climb(k: int, kind: str) -> Any:
        """Climb from rung ``k - 1`` into rung ``k`` (war by choice above the top)."""
        war = terminal(INADVERTENT_WAR, "-c_c", f"1 - c_{kind}")
        chosen = terminal(DELIBERATE_WAR, "-c_c", f"1 - c_{kind}")
        if k > MAX_RUNGS:
            return chosen
        risk = f"1 - (1 - risk)**{k}"
        if k == 1:
            branches = {"loss of control": (risk, war), "rung 1": ("(1 - risk)**1", rung(1, kind))}
        else:
            top = _top(k - 1)
            branches = {
                "war by choice": (top, chosen),
                "loss of control": (f"(1 - ({top})) * ({risk})", war),
                f"rung {k}": (f"(1 - ({top})) * (1 - risk)**{k}", rung(k, kind)),
            }
        return chance(branches, name=f"climb to rung {k} ({kind})")

    def rung(k: int, kind: str) -> Any:
        if k % 2 == 0:
            return decision(
                "Challenger",
                {"back down": terminal(DEFENDER_PREVAILS, 0, 1), "escalate": climb(k + 1, kind)},
                infoset=f"Challenger at rung {k}" if private else None,
                name=f"Challenger at rung {k} ({kind})",
            )
        if kind == "resolute":  # climbing is strictly dominant for a resolute Defender
            return climb(k + 1, kind)
        return decision(
            "Defender",
            {"back down": terminal(CHALLENGER_PREVAILS, "v_c", 0), "escalate": climb(k + 1, kind)},
            name=f"irresolute Defender at rung {k}",
        )

    def start(kind: str) -> Any:
        return decision(
            "Challenger",
            {"status quo": terminal(STATUS_QUO, 0, 1), "challenge": climb(1, kind)},
            infoset="Challenger at rung 0" if private else None,
            name=f"Challenger at rung 0 ({kind})",
        )

    return Game(
        title="Escalation ladder with private resolve" if private else "Escalation ladder",
        players=["Challenger", "Defender"],
        parameters=EscalationLadderParameters().model_dump(),
        root=chance(
            {
                "resolute": ("p_resolute", start("resolute")),
                "irresolute": ("1 - p_resolute", start("irresolute")),
            },
            name="Defender's resolve",
        ),
    )


def build() -> Game:
    """The registered game: the ladder with the Defender's resolve private."""
    return ladder_game(private=True)


# --- closed form -----------------------------------------------------------------------------
def _arrays(p: dict[str, np.ndarray]) -> tuple[tuple[int, ...], dict[str, np.ndarray]]:
    keys = ("p_resolute", "risk", "v_c", "c_c", "c_irresolute", "rungs")
    shape = np.broadcast(*(np.asarray(p[k]) for k in keys)).shape
    return shape, {k: np.broadcast_to(np.asarray(p[k], dtype=float), shape) for k in keys}


def ladder_equilibrium(p: dict[str, np.ndarray], challenged: bool = False) -> dict[str, Any]:
    """The PBE of the private-resolve ladder in closed form, vectorized over points.

    With ``challenged=True`` the Challenger climbs into rung 1 whatever its threshold says,
    and play continues by the same equilibrium strategies: the outcome of a crisis known to
    have begun. A challenge reveals nothing about the Defender (the Challenger has no type),
    so the Challenger's belief after it is still the prior, on the equilibrium path or off it.

    Returns a dict with ``thresholds`` (even rung -> ``b_k``), ``challenger_escalates`` (even
    rung -> probability the Challenger climbs there), ``defender_escalates`` (odd rung ->
    probability the *irresolute* Defender climbs), both along the ladder whatever was played
    before (the strategy at every information set), ``reach`` (rung -> probability the crisis
    reaches it), ``outcomes`` (terminal label -> probability), ``bluff`` (odd rung -> whether
    the irresolute Defender may bluff there), ``beta`` and ``rho``.
    """
    shape, a = _arrays(p)
    prior, r, vc, cc, n = a["p_resolute"], a["risk"], a["v_c"], a["c_c"], a["rungs"]
    e = a["c_irresolute"] - 1.0
    rho = {k: 1.0 - (1.0 - r) ** k for k in range(1, MAX_RUNGS + 3)}
    s = {k: 1.0 - rho[k] for k in rho}
    kappa = {k: rho[k] * cc / (s[k] * vc) for k in rho}
    bluff = {j: (s[j + 1] - rho[j + 1] * e >= 0) & (j < n) for j in range(1, MAX_RUNGS + 1, 2)}
    beta = {
        k: (rho[k] * e / s[k] + rho[k + 1] * e) / (1.0 + rho[k + 1] * e)
        for k in range(2, MAX_RUNGS + 1, 2)
    }
    never = np.full(shape, -1.0)
    b: dict[int, np.ndarray] = {}
    for k in range(MAX_RUNGS - MAX_RUNGS % 2, -1, -2):
        j = k + 1
        war_next = np.where(n == j, 1.0, rho[j + 1])
        g = (1.0 - kappa[j]) * vc / (vc + war_next * cc)
        above = b.get(k + 2, never)
        chain = np.where(above > 0, above * g, -1.0)
        may_bluff = bluff[j] if j in bluff else np.zeros(shape, dtype=bool)
        b[k] = np.where(n <= k, -1.0, np.where(may_bluff, chain, g))

    reach: dict[int, np.ndarray] = {}
    c_esc: dict[int, np.ndarray] = {}
    d_esc: dict[int, np.ndarray] = {}
    out = {label: np.zeros(shape) for label in TERMINALS}
    here = np.ones(shape)  # probability the crisis stands at the current rung
    mu = prior.copy()
    at_threshold = np.zeros(shape, dtype=bool)
    for k in range(MAX_RUNGS + 1):
        live = n >= k
        here = np.where(live, here, 0.0)
        if k % 2 == 0:
            if k == 0:
                x = np.ones(shape) if challenged else (prior < b[0]).astype(float)
            else:
                x = np.where(
                    n <= k, 0.0, np.where(at_threshold, 1.0 - beta[k], (mu < b[k]).astype(float))
                )
            c_esc[k] = np.where(live, x, 0.0)
            out[STATUS_QUO if k == 0 else DEFENDER_PREVAILS] += here * (1.0 - x)
            climbing = here * x
            at_threshold = np.zeros(shape, dtype=bool)
        else:
            nxt = b.get(k + 1, never)
            separates = ~bluff[k]
            pools = ~separates & ((nxt <= 0) | (mu >= nxt))
            mixes = ~separates & ~pools
            climbs = np.where(separates, mu, np.where(pools, 1.0, mu / np.where(mixes, nxt, 1.0)))
            # the irresolute type's own probability of climbing (total = mu + (1 - mu) sigma)
            sigma = (climbs - mu) / np.where(mixes, 1.0 - mu, 1.0)
            irresolute = np.where(separates, 0.0, np.where(pools, 1.0, sigma))
            d_esc[k] = np.where(live, np.clip(irresolute, 0.0, 1.0), 0.0)
            out[CHALLENGER_PREVAILS] += here * (1.0 - climbs)
            climbing = here * climbs
            mu = np.where(separates, 1.0, np.where(mixes, nxt, mu))
            at_threshold = mixes
        top = n == k
        out[DELIBERATE_WAR] += np.where(top, climbing, 0.0)
        climbing = np.where(top, 0.0, climbing)
        out[INADVERTENT_WAR] += climbing * rho[k + 1]
        here = climbing * s[k + 1]
        if k + 1 <= MAX_RUNGS:
            reach[k + 1] = np.where(n >= k + 1, here, 0.0)
    return {
        "thresholds": b,
        "challenger_escalates": c_esc,
        "defender_escalates": d_esc,
        "reach": reach,
        "outcomes": out,
        "bluff": bluff,
        "beta": beta,
        "rho": rho,
    }


def ladder_strategy(p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Probability of climbing at every information set of :func:`ladder_game` (private).

    Keys are the information-set names (``"Challenger at rung k"``, ``"irresolute Defender at
    rung k"``); at rung 0 the Challenger's climb is its challenge.
    """
    eq = ladder_equilibrium(p)
    out = {f"Challenger at rung {k}": v for k, v in eq["challenger_escalates"].items()}
    out |= {f"irresolute Defender at rung {k}": v for k, v in eq["defender_escalates"].items()}
    return out


def theory(p: dict[str, np.ndarray]) -> Theory:
    """Closed-form PBE: its class, outcome and rung-reach probabilities, thresholds."""
    eq = ladder_equilibrium(p)
    shape, a = _arrays(p)
    prior, n = a["p_resolute"], a["rungs"]
    b0 = eq["thresholds"][0]
    challenge = prior < b0
    moves = [*eq["challenger_escalates"].values(), *eq["defender_escalates"].values()]
    pure = np.logical_and.reduce([(x == 0) | (x == 1) for x in moves])
    code = np.where(~pure, 2, np.where(challenge, 1, 0))
    outcome = np.asarray(CLASSES, dtype=object)[code]
    e = a["c_irresolute"] - 1.0
    rho, s = eq["rho"], {k: 1 - v for k, v in eq["rho"].items()}
    # distance to every switch of the equilibrium's form: the challenge threshold, each
    # bluffing condition, each threshold's sign, and the extreme priors
    margins = [np.abs(prior - b0), np.minimum(prior, 1.0 - prior)]
    for j in range(1, MAX_RUNGS + 1, 2):
        margins.append(np.where(j < n, np.abs(s[j + 1] - rho[j + 1] * e), np.inf))
    for k, bk in eq["thresholds"].items():
        margins.append(np.where(k < n, np.abs(bk), np.inf))
        if k >= 2:
            margins.append(np.where(k < n, np.abs(prior - bk), np.inf))
    last_bluff = np.zeros(shape)
    for j, ok in eq["bluff"].items():
        last_bluff = np.where(ok, float(j), last_bluff)
    values: dict[str, np.ndarray] = {
        f"p_{label.lower().replace(' ', '_')}": eq["outcomes"][label] for label in TERMINALS
    }
    values |= {f"reach_rung_{k}": v for k, v in eq["reach"].items()}
    values |= {
        "expected_top_rung": sum(eq["reach"].values()),
        "challenge_threshold": b0,
        "challenge": challenge,
        "irresolute_last_bluff_rung": last_bluff,
        "risk_tolerance_challenger": a["v_c"] / (a["v_c"] + a["c_c"]),
        "risk_tolerance_irresolute": 1.0 / a["c_irresolute"],
    }
    return Theory(outcome=outcome, values=values, margin=np.minimum.reduce(margins))


def complete_information_theory(p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Outcome and rung-reach probabilities of :func:`ladder_game` with ``private=False``.

    With the type known the game splits into two complete-information ladders, each the
    closed form above at belief 1 (resolute) or 0 (irresolute); their mixture by
    ``p_resolute``. Keys as in :func:`theory`'s values (``p_...``, ``reach_rung_k``).
    """
    prior = np.asarray(p["p_resolute"], dtype=float)
    hard = theory(dict(p) | {"p_resolute": np.ones_like(prior)}).values
    soft = theory(dict(p) | {"p_resolute": np.zeros_like(prior)}).values
    keys = [k for k in hard if k.startswith(("p_", "reach_rung_"))]
    return {k: prior * hard[k] + (1.0 - prior) * soft[k] for k in keys}


# --- reading the engine's answer ---------------------------------------------------------------
def _climbs(game: Game, profiles: np.ndarray, name: str) -> np.ndarray:
    names = [h.name for h in game.infosets]
    h = game.infosets[names.index(name)]
    up = "challenge" if "challenge" in h.actions else "escalate"
    return profiles[:, names.index(name)] == h.actions.index(up)


def consistent_profiles(solution: PBESolution, params: dict[str, np.ndarray]) -> np.ndarray:
    """Pure weak PBE whose beliefs follow Bayes' rule along the ladder, shape (*S, profiles).

    At the Challenger's rung ``k`` (up to the top) the belief that the Defender is resolute
    must be the prior if the profile has the irresolute Defender climb at every odd rung below
    ``k``, else 1 (only a resolute Defender climbs that far); the engine gives the range of
    beliefs that supports each profile there, and the Bayes belief must lie in it.
    """
    game = solution.game
    t = game.tables
    profiles = solution.profiles
    prior = np.broadcast_to(np.asarray(params["p_resolute"], float), solution.shape)[..., None]
    n = np.broadcast_to(np.asarray(params["rungs"], float), solution.shape)[..., None]
    ok = solution.is_equilibrium.copy()
    pooled = np.ones(len(profiles), dtype=bool)
    for k in range(1, MAX_RUNGS + 1):
        if k % 2 == 1:
            pooled = pooled & _climbs(game, profiles, f"irresolute Defender at rung {k}")
            continue
        h = next(h for h in t.infosets if h.name == f"Challenger at rung {k}")
        node = next(x for x in h.nodes if "(resolute)" in t.node_labels[x])
        mu = np.where(pooled, prior, 1.0)
        lo, hi = solution.belief_low[..., node], solution.belief_high[..., node]
        inside = (lo <= mu + 1e-9) & (mu - 1e-9 <= hi)
        ok &= inside | (k > n)
    return ok


def _profile_classes(game: Game, profiles: np.ndarray) -> np.ndarray:
    challenge = _climbs(game, profiles, "Challenger at rung 0")
    bluffs = _climbs(game, profiles, "irresolute Defender at rung 1")
    return np.where(~challenge, 0, np.where(bluffs, 3, 1))


def select_equilibrium(solution: PBESolution, params: dict[str, np.ndarray]) -> np.ndarray:
    """Index of the first Bayes-consistent pure PBE at each point, -1 where none."""
    ok = consistent_profiles(solution, params)
    return np.where(ok.any(axis=-1), ok.argmax(axis=-1), -1)


def outcome_of(solution: Solution | PBESolution, params: dict[str, np.ndarray]) -> np.ndarray:
    """The equilibrium class read off the engine.

    PBE: the class of the Bayes-consistent pure equilibrium, or the mixed class where there
    is none. QRE: no challenge if the Challenger challenges with probability
    below 1/2, else by the irresolute Defender's first move (below 1%: revealed; above 99%:
    pooled bluff; between: mixed).
    """
    labels = np.asarray(CLASSES, dtype=object)
    if isinstance(solution, PBESolution):
        chosen = select_equilibrium(solution, params)
        classes = _profile_classes(solution.game, solution.profiles)
        return np.where(chosen >= 0, labels[classes[np.maximum(chosen, 0)]], MIXED)
    challenge = solution.action_prob("Challenger at rung 0", "challenge")
    bluff = solution.action_prob("irresolute Defender at rung 1", "escalate")
    code = np.where(challenge < 0.5, 0, np.where(bluff < 0.01, 1, np.where(bluff > 0.99, 3, 2)))
    return labels[code]


# --- picture -------------------------------------------------------------------------------------
def picture(p: dict[str, np.ndarray]) -> ModelPicture:
    """Probability of reaching each rung, and of each outcome, at one point (closed form)."""
    th = theory(p)
    n = int(np.asarray(p["rungs"]))
    reach = [float(th.values[f"reach_rung_{k}"]) for k in range(1, n + 1)]
    outcomes = {t: float(th.values[f"p_{t.lower().replace(' ', '_')}"]) for t in TERMINALS}
    return ModelPicture(
        title=f"Escalation ladder, {n} rungs: {np.asarray(th.outcome).reshape(-1)[0]}",
        panels=[
            Panel(
                title="Probability each rung is reached",
                xlabel="rung (odd: the Defender moves; even: the Challenger)",
                ylabel="probability",
                kind="bars",
                x=[str(k) for k in range(1, n + 1)],
                series={"reached": reach},
            ),
            Panel(
                title="Outcome probabilities (perfect Bayesian equilibrium)",
                xlabel="outcome",
                ylabel="probability",
                kind="bars",
                x=[label.replace(" ", "\n") for label in TERMINALS],
                series={"probability": list(outcomes.values())},
            ),
        ],
    )


MODEL = Model(
    name="escalation_ladder",
    title="Escalation ladder: private resolve and the risk of losing control",
    summary=(
        "How far up an escalation ladder does a crisis climb when each rung adds a risk of "
        "losing control and the Defender's resolve is private? The Challenger climbs while its "
        "belief that the Defender is resolute stays below a threshold; an irresolute Defender "
        "bluffs until the risk of the next rung exceeds its tolerance. The model gives the "
        "probability that each rung is reached, of deliberate war and of inadvertent war."
    ),
    parameters=EscalationLadderParameters,
    build=build,
    theory=theory,
    outcome_of=outcome_of,
    select_equilibrium=select_equilibrium,
    outcomes=CLASSES,
    references=(
        "Schelling, T. C. (1960). The Strategy of Conflict. Harvard University Press, ch. 8.",
        "Schelling, T. C. (1966). Arms and Influence. Yale University Press, ch. 3.",
        "Powell, R. (1987). Crisis bargaining, escalation, and MAD. American Political Science "
        "Review 81(3), 717-735.",
        "Powell, R. (1990). Nuclear Deterrence Theory: The Search for Credibility. Cambridge "
        "University Press.",
        "Fudenberg, D. and Tirole, J. (1991). Game Theory. MIT Press, ch. 8.",
    ),
    methods=("pbe", "qre"),
    information="incomplete",
    players=("Challenger", "Defender"),
    picture=picture,
)
