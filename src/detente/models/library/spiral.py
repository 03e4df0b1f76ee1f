"""The reassurance game and the spiral model (Kydd 1997, 2000, 2005).

State A is either a *security seeker* (probability ``pi``, the prior trust of State B) with
Assurance (Stag Hunt) preferences, or *greedy* with Prisoner's Dilemma preferences. Payoffs
are normalized as in Kydd's Assurance/PD games: mutual cooperation 1, mutual defection 0,
the sucker's payoff ``-s`` (cooperating against a defector), and the temptation ``t < 1``
for a security seeker (``t_greedy > 1`` for a greedy type). State B is a known security
seeker. A and B move simultaneously: greedy A always defects and, in the trust equilibrium, a
security-seeking A cooperates (it cannot condition on B's move), so B, by defecting on a
cooperating A, would gain the temptation ``t``. B cooperates iff
``pi * 1 + (1 - pi) * (-s) >= pi * t``, i.e. iff the prior trust reaches

    pi >= s / (1 - t + s)        (trust threshold)

(Were A to see B's move and reciprocate it, B's defection would meet defection and pay 0,
and the threshold would be ``s / (1 + s)``; that is a different, sequential game.) Below the
threshold, mistrust alone makes two security seekers defect: the spiral. Mutual defection is
an equilibrium at every trust level; we select, with Kydd, the equilibrium security seekers
prefer. Before playing, A may send a costly reassurance signal (a unilateral concession)
costing ``k_ss`` to a security seeker and ``k_greedy`` to a greedy type.

The signal separates the types, and turns distrust into cooperation, iff it is worth its
cost to a security seeker but not to a greedy type: ``k_ss <= 1`` (the value of mutual
cooperation over mutual defection) and ``k_greedy >= t_greedy`` (the greedy type's gain from
exploiting a trusting B); trustworthy types must be more willing to pay for cooperation than
untrustworthy ones (Kydd 2000). All pure-strategy PBE (weak PBE, as enumerated by
:func:`detente.games.solve_pbe`) are: *trust* (no signal, B cooperates) iff ``pi >= s/(1 - t
+ s)``; *separating reassurance* iff ``k_ss <= 1`` and ``k_greedy >= t_greedy``; *pooling
reassurance* (both types signal, B cooperates) iff trust holds, ``k_ss <= 1`` and ``k_greedy
<= t_greedy``; and the *spiral* (everyone defects, any signal ignored), always. The reported
outcome is the security seeker's preferred equilibrium: trust, else separating reassurance,
else the spiral.

References
----------
Kydd, A. (1997). Game theory and the spiral model. World Politics 49(3), 371-400.
Kydd, A. (2000). Trust, reassurance, and cooperation. International Organization 54(2),
325-357.
Kydd, A. H. (2005). Trust and Mistrust in International Relations. Princeton University
Press, ch. 1-3 (Assurance game, trust threshold) and ch. 7 (costly reassurance).
Jervis, R. (1976). Perception and Misperception in International Politics. Princeton
University Press, ch. 3 (the spiral model).
"""

from __future__ import annotations

import numpy as np

from detente.games import Game, chance, decision, terminal
from detente.models.model_interface import (
    Model,
    ModelParameters,
    Theory,
    param,
    ranked_selection,
)

TRUST, SEPARATING, POOLING, SPIRAL = (
    "trust",
    "separating reassurance",
    "pooling reassurance",
    "spiral",
)
NO_EQUILIBRIUM = "no equilibrium"
#: Security seeker's preference order over equilibrium classes (Kydd's selection).
PREFERENCE = (TRUST, SEPARATING, POOLING, SPIRAL)

SIGNALS = {"reassure": "reassure", "none": "no signal"}
TYPES = {"ss": "security-seeking", "greedy": "greedy"}


class SpiralParameters(ModelParameters):
    """Kydd's normalized payoffs (CC = 1, DD = 0), prior trust and signal costs."""

    pi: float = param(
        0.35,
        "prior trust: probability State A is a security seeker",
        lo=0,
        hi=1,
        unit="probability",
        symbol="pi",
    )
    s: float = param(
        0.4, "sucker's payoff loss (cooperating against a defector pays -s)", lo=0.05, hi=2
    )
    t: float = param(
        0.5, "security seeker's temptation (defecting on a cooperator), < 1", lo=0, hi=0.95
    )
    t_greedy: float = param(1.5, "greedy type's temptation, > 1", lo=1.05, hi=3)
    k_ss: float = param(0.4, "cost of the reassurance signal to a security seeker", lo=0, hi=2)
    k_greedy: float = param(1.8, "cost of the reassurance signal to a greedy type", lo=0, hi=3)


def build() -> Game:
    """Nature draws A's type; A signals or not, then A and B choose C/D simultaneously.

    A greedy A's stage move is fixed at defect (strictly dominant since ``t_greedy > 1`` and
    ``s > 0``), which removes no equilibrium and keeps B's information sets at three nodes.
    """

    def stage(kind: str, signal: str):
        temptation = "t" if kind == "ss" else "t_greedy"
        cost = f"k_{kind}"

        def b_node(a_move: str):
            pay = {
                ("C", "C"): ("1", "1", "mutual cooperation"),
                ("C", "D"): ("-s", "t", "A exploited"),
                ("D", "C"): (temptation, "-s", "B exploited"),
                ("D", "D"): ("0", "0", "mutual defection"),
            }

            def leaf(b_move: str):
                a_pay, b_pay, label = pay[(a_move, b_move)]
                if signal == "reassure":
                    a_pay = f"{a_pay} - {cost}"
                return terminal(label, a_pay, b_pay)

            return decision(
                "State B",
                {"cooperate": leaf("C"), "defect": leaf("D")},
                infoset=f"B after {SIGNALS[signal]}",
                name=f"B: {TYPES[kind]} A, {SIGNALS[signal]}, A {a_move}",
            )

        if kind == "greedy":  # defecting is strictly dominant for a greedy A (t_greedy > 1)
            return b_node("D")
        return decision(
            "State A",
            {"cooperate": b_node("C"), "defect": b_node("D")},
            name=f"{TYPES[kind]} A after {SIGNALS[signal]}",
        )

    def sender(kind: str):
        return decision(
            "State A",
            {SIGNALS[m]: stage(kind, m) for m in ("reassure", "none")},
            name=f"{TYPES[kind]} A signals",
        )

    return Game(
        title="Reassurance game",
        players=["State A", "State B"],
        parameters=SpiralParameters().model_dump(),
        root=chance(
            {"security seeker": ("pi", sender("ss")), "greedy": ("1 - pi", sender("greedy"))},
            name="A's type",
        ),
    )


def trust_threshold(s: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Smallest prior trust at which security seekers cooperate: s / (1 - t + s).

    Kydd (2005), ch. 1-3, with payoffs CC = 1, DD = 0, CD = -s, DC = t < 1.
    """
    s, t = np.asarray(s, dtype=float), np.asarray(t, dtype=float)
    return s / (1.0 - t + s)


def theory(p: dict[str, np.ndarray]) -> Theory:
    """Closed form: every pure-strategy PBE class, its beliefs, and the selected outcome."""
    pi = np.asarray(p["pi"], dtype=float)
    mu = trust_threshold(p["s"], p["t"])
    trust = pi >= mu
    worth_ss = p["k_ss"] <= 1.0
    deters_greedy = p["k_greedy"] >= p["t_greedy"]
    separating = worth_ss & deters_greedy
    pooling = trust & worth_ss & ~deters_greedy
    outcome = np.where(trust, TRUST, np.where(separating, SEPARATING, SPIRAL))
    margin = np.minimum.reduce(
        [
            np.abs(pi - mu),
            np.abs(p["k_ss"] - 1.0),
            np.abs(p["k_greedy"] - p["t_greedy"]),
            np.minimum(pi, 1 - pi),
            np.asarray(p["k_ss"], dtype=float),
        ]
    )
    ones = np.ones_like(pi)
    return Theory(
        outcome=np.broadcast_to(outcome, np.broadcast(pi, mu, separating).shape).astype(object),
        values={
            "trust_threshold": mu,
            "trust": trust,
            "trust_exists": trust,
            "trust_belief_after_no_signal": pi,
            "separating_exists": separating,
            "separating_belief_after_reassure": ones,
            "separating_belief_after_no_signal": 0 * ones,
            "pooling_reassurance_exists": pooling,
            "pooling_belief_after_reassure": pi,
            "spiral_exists": ones.astype(bool),
            "spiral_belief_after_no_signal": pi,
            "security_seeker_payoff": np.where(
                trust, 1.0, np.where(separating, 1.0 - p["k_ss"], 0.0)
            ),
        },
        margin=margin,
    )


def _profile_classes(game: Game, profiles: np.ndarray) -> np.ndarray:
    """Equilibrium class of each pure profile (index into PREFERENCE)."""
    names = [h.name for h in game.infosets]
    act = {
        h.name: np.asarray(h.actions, dtype=object)[profiles[:, names.index(h.name)]]
        for h in game.infosets
    }
    ss = act["security-seeking A signals"]
    gr = act["greedy A signals"]
    coop = {m: act[f"B after {m}"] == "cooperate" for m in SIGNALS.values()}
    pool_none = (ss == "no signal") & (gr == "no signal")
    pool_re = (ss == "reassure") & (gr == "reassure")
    sep = (ss == "reassure") & (gr == "no signal")
    out = np.full(len(profiles), PREFERENCE.index(SPIRAL))
    out[pool_none & coop["no signal"]] = PREFERENCE.index(TRUST)
    out[sep & coop["reassure"]] = PREFERENCE.index(SEPARATING)
    out[pool_re & coop["reassure"]] = PREFERENCE.index(POOLING)
    return out


# The security seeker's preferred PBE class at each point (Kydd's selection).
#
# Order: trust, separating reassurance, pooling reassurance, spiral; ``"no equilibrium"``
# where the engine finds no pure PBE.
outcome_of, select_equilibrium = ranked_selection(_profile_classes, PREFERENCE, NO_EQUILIBRIUM)


#: The plane ``examples/build_model_docs.py`` maps.
MAP_AXES = (("pi", 0.01, 0.99), ("k_ss", 0.0, 2.0))


MODEL = Model(
    name="spiral",
    title="Reassurance game and the spiral model",
    summary=(
        "When does mistrust make security seekers fight? State B cooperates with State A, who "
        "may be a security seeker or greedy, iff its trust pi >= s/(1 - t + s); below that, "
        "the spiral. A costly reassurance signal separates the types iff it costs a security "
        "seeker less than mutual cooperation is worth (k_ss <= 1) and a greedy type more than "
        "exploitation (k_greedy >= t_greedy)."
    ),
    parameters=SpiralParameters,
    build=build,
    theory=theory,
    outcome_of=outcome_of,
    select_equilibrium=select_equilibrium,
    outcomes=PREFERENCE,
    references=(
        "Kydd, A. (1997). Game theory and the spiral model. World Politics 49(3), 371-400.",
        "Kydd, A. (2000). Trust, reassurance, and cooperation. International Organization "
        "54(2), 325-357.",
        "Kydd, A. H. (2005). Trust and Mistrust in International Relations. Princeton "
        "University Press.",
        "Jervis, R. (1976). Perception and Misperception in International Politics. Princeton "
        "University Press, ch. 3.",
    ),
    methods=("pbe",),
    information="incomplete",
    players=("State A", "State B"),
)
