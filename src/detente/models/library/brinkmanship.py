"""Brinkmanship: the threat that leaves something to chance (Schelling 1960; Powell 1987, 1990).

Two states climb an escalation ladder in turns. Climbing to rung ``k`` runs the risk ``rho_k``
that the crisis slips out of control and ends in disaster (``-d_C``, ``-d_D``); a side that
submits lets the other prevail (the prevailing side gets its stake ``v``, the other 0; the
status quo leaves the Defender its stake). A player is willing to run a risk ``r`` rather than
submit, if the other would then give way, iff ``(1 - r) v - r d >= 0``: its *risk tolerance*,
or resolve, is ``r* = v / (v + d)`` (Powell 1987, 1990). In the subgame-perfect
equilibrium of the complete-information ladder a side escalates at rung ``k`` iff the risk is
within its tolerance *and* the other side would give way at the next rung; so on the path the
side that would have to give way further up gives way at once, and no risk beyond the first
rung's is run (:func:`ladder_theory`): with complete information there is no real
brinkmanship, which is why Powell's models rest on private resolve. The Defender's resolve
is private in the registered model: it is *hard* (stake ``v_d_hard``) with probability
``p_hard`` and *soft* otherwise, so the Challenger may climb against a hard Defender, which
climbs back; the probability of disaster and who prevails follow (:func:`theory`).
User-defined ladders of any length are built from a list of rung risks by :func:`ladder_game`
(complete information) and :func:`private_ladder_game` (private resolve; solved by QRE).

Communication channels enter as less noise in perceived moves. A submission is missed with
probability ``m = misperception * (1 - hotline)``: the other side, not seeing it in time, acts
as if the crisis climbed, and the declined rung's risk ``rho_k`` is run anyway. A perfect
hotline (``hotline = 1``) removes the noise; without one (``hotline = 0``) a share
``misperception`` of submissions is missed. Backing down then no longer buys full safety, so
the tolerance at the top rung rises to ``v / (v + d (1 - m))`` and disaster becomes more
likely: the hotline lowers the probability of disaster (Schelling 1960, ch. 8; the 1963
Moscow-Washington hotline was built to shorten the delay in which such misreadings happen).
The mapping is this model's assumption, not Powell's: in his models moves are seen exactly.

References
----------
Schelling, T. C. (1960). The Strategy of Conflict. Harvard University Press, ch. 8 ("The
threat that leaves something to chance").
Powell, R. (1987). Crisis bargaining, escalation, and MAD. American Political Science Review
81(3), 717-735.
Powell, R. (1990). Nuclear Deterrence Theory: The Search for Credibility. Cambridge
University Press (risk tolerance ``v / (v + d)``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from detente.errors import ParameterError
from detente.games import Game, chance, decision, terminal
from detente.models.model_interface import (
    Model,
    ModelParameters,
    Theory,
    most_likely_outcome,
    most_likely_outcome_codes,
    param,
)

STATUS_QUO = "Status Quo"
CHALLENGER_PREVAILS = "Challenger prevails"
DEFENDER_PREVAILS = "Defender prevails"
DISASTER = "Disaster"
OUTCOMES = (STATUS_QUO, CHALLENGER_PREVAILS, DEFENDER_PREVAILS, DISASTER)
MISSED = "misperception * (1 - hotline)"
#: Plane for the generated docs map: deterrence by likely resolve against the stake.
MAP_AXES = (("p_hard", 0.0, 1.0), ("v_c", 0.1, 5.0))


def risk_tolerance(v: np.ndarray | float, d: np.ndarray | float) -> np.ndarray:
    """Largest risk of disaster a player runs rather than submit: ``r* = v / (v + d)``.

    Powell (1990): prevailing is worth ``v``, submitting 0 and disaster ``-d``; the
    player prefers running risk ``r`` to submitting iff ``(1 - r) v - r d >= 0``.
    """
    v, d = np.asarray(v, dtype=float), np.asarray(d, dtype=float)
    return v / (v + d)


class BrinkmanshipParameters(ModelParameters):
    """Stakes, costs of disaster, the Defender's private resolve, rung risks and the hotline."""

    v_c: float = param(1.0, "Challenger's stake (value of prevailing)", lo=0.1, hi=5.0)
    d_c: float = param(4.0, "Challenger's cost of disaster", lo=0.1, hi=10.0)
    v_d_hard: float = param(3.0, "hard Defender's stake", lo=0.1, hi=5.0)
    v_d_soft: float = param(0.3, "soft Defender's stake", lo=0.1, hi=5.0)
    d_d: float = param(4.0, "Defender's cost of disaster", lo=0.1, hi=10.0)
    p_hard: float = param(
        0.3, "probability the Defender is hard", lo=0.0, hi=1.0, unit="probability"
    )
    rho_1: float = param(
        0.05, "risk of disaster at rung 1 (the challenge)", lo=0.01, hi=0.99, unit="probability"
    )
    rho_2: float = param(
        0.2, "risk of disaster at rung 2 (counter-escalation)", lo=0.01, hi=0.99, unit="probability"
    )
    rho_3: float = param(
        0.5, "risk of disaster at rung 3 (the brink)", lo=0.01, hi=0.99, unit="probability"
    )
    misperception: float = param(
        0.2,
        "probability a submission is missed without a hotline",
        lo=0.0,
        hi=1.0,
        unit="probability",
    )
    hotline: float = param(
        0.0,
        "quality of the communication channel (1: every submission is seen at once)",
        lo=0.0,
        hi=1.0,
        unit="share of missed submissions removed",
    )


# --- game builders ---------------------------------------------------------------------------
def _step(
    k: int,
    n: int,
    v_defender: str,
    tag: str,
    after_survival,
    infoset: str | None = None,
) -> object:
    """Decision at step ``k`` of ``n`` (odd: Challenger, even: Defender)."""
    challenger = k % 2 == 1
    mover = "Challenger" if challenger else "Defender"
    winner = CHALLENGER_PREVAILS if challenger else DEFENDER_PREVAILS
    loser = DEFENDER_PREVAILS if challenger else CHALLENGER_PREVAILS
    disaster = terminal(DISASTER, "-d_c", "-d_d")
    prevail = {
        CHALLENGER_PREVAILS: ("v_c", 0),
        DEFENDER_PREVAILS: (0, v_defender),
    }
    next_node = terminal(winner, *prevail[winner]) if k == n else after_survival(k + 1)
    escalate = chance(
        {"disaster": (f"rho_{k}", disaster), "survive": (f"1 - rho_{k}", next_node)},
        name=f"rung {k} risk{tag}",
    )
    if k == 1:
        submit = terminal(STATUS_QUO, 0, v_defender)
        actions = {"status quo": submit, "challenge": escalate}
    else:
        submit = chance(
            {
                "missed": (f"{MISSED} * rho_{k}", terminal(DISASTER, "-d_c", "-d_d")),
                "seen": (f"1 - {MISSED} * rho_{k}", terminal(loser, *prevail[loser])),
            },
            name=f"submission at rung {k}{tag}",
        )
        actions = {"submit": submit, "escalate": escalate}
    return decision(mover, actions, name=f"{mover} at rung {k}{tag}", infoset=infoset)


def ladder_game(risks: Sequence[float], *, title: str = "Escalation ladder") -> Game:
    """A complete-information escalation ladder with one rung per entry of ``risks``.

    The Challenger moves at odd rungs, the Defender at even ones; rung ``k`` carries risk
    ``rho_k`` (default ``risks[k-1]``). Parameters: ``v_c, d_c, v_d, d_d, misperception,
    hotline, rho_1 ... rho_n``. Solve with :func:`~detente.games.solve_spe`; the closed form
    is :func:`ladder_theory`.

    Raises
    ------
    ParameterError
        If ``risks`` is empty or a risk lies outside (0, 1].
    """
    risks = _validated_risks(risks)
    n = len(risks)

    def node(k: int):
        return _step(k, n, "v_d", "", node)

    parameters = {"v_c": 1.0, "d_c": 4.0, "v_d": 1.0, "d_d": 4.0, "misperception": 0.0}
    parameters |= {"hotline": 0.0} | {f"rho_{k + 1}": r for k, r in enumerate(risks)}
    return Game(
        title=title, players=["Challenger", "Defender"], parameters=parameters, root=node(1)
    )


def _validated_risks(risks: Sequence[float], least: int = 1) -> list[float]:
    risks = [float(r) for r in risks]
    if len(risks) < least or any(not 0 < r <= 1 for r in risks):
        raise ParameterError(
            f"risks must be a list of at least {least} rung risks in (0, 1], got {risks!r}"
        )
    return risks


def _private_ladder(n: int, group: bool, parameters: dict[str, float], title: str) -> Game:
    """Ladder of ``n`` rungs; nature draws the Defender's resolve after the challenge.

    With ``group`` the Challenger's decisions from rung 3 on are information sets across the
    Defender's two types (it sees the moves, not the type).
    """

    def defender_branch(kind: str):
        def node(k: int):
            shared = f"Challenger at rung {k}" if group and k % 2 == 1 else None
            return _step(k, n, f"v_d_{kind}", f" ({kind} Defender)", node, shared)

        return node(2)

    root = decision(
        "Challenger",
        {
            "status quo": terminal(STATUS_QUO, 0, "p_hard * v_d_hard + (1 - p_hard) * v_d_soft"),
            "challenge": chance(
                {
                    "disaster": ("rho_1", terminal(DISASTER, "-d_c", "-d_d")),
                    "survive": (
                        "1 - rho_1",
                        chance(
                            {
                                "hard": ("p_hard", defender_branch("hard")),
                                "soft": ("1 - p_hard", defender_branch("soft")),
                            },
                            name="Defender's resolve",
                        ),
                    ),
                },
                name="rung 1 risk",
            ),
        },
        name="Challenger at rung 1",
    )
    return Game(title=title, players=["Challenger", "Defender"], parameters=parameters, root=root)


def private_ladder_game(
    risks: Sequence[float], *, title: str = "Escalation ladder with private resolve"
) -> Game:
    """An escalation ladder of any length (at least 2 rungs) with private Defender resolve.

    The Defender is hard (``v_d_hard``) with probability ``p_hard``; the Challenger sees every
    move but not the type, so its decisions from rung 3 on are information sets across the
    two types and the game is solved with :func:`~detente.games.solve_qre` (or
    :func:`~detente.games.solve_pbe` for short ladders). Parameters: those of
    :class:`BrinkmanshipParameters` with ``rho_1 ... rho_n`` (defaults ``risks``). No closed
    form is claimed beyond three rungs (see :func:`theory`).

    Raises
    ------
    ParameterError
        If fewer than 2 risks are given or a risk lies outside (0, 1].
    """
    risks = _validated_risks(risks, least=2)
    parameters = {
        k: v for k, v in BrinkmanshipParameters().model_dump().items() if not k.startswith("rho_")
    } | {f"rho_{k + 1}": r for k, r in enumerate(risks)}
    return _private_ladder(len(risks), True, parameters, title)


def build() -> Game:
    """Three rungs; the Defender learns its resolve (nature) after the challenge.

    The Challenger's last choice (rung 3, the top) does not depend on the Defender's type, so
    its two nodes are left separate: strategically equivalent to one information set, and the
    game is then of perfect information and solved by backward induction.
    """
    return _private_ladder(
        3, False, BrinkmanshipParameters().model_dump(), "Brinkmanship with private resolve"
    )


# --- closed forms ------------------------------------------------------------------------------
def _escalation_value(
    rho: np.ndarray, cont: np.ndarray, d: np.ndarray, missed: np.ndarray
) -> np.ndarray:
    """Escalating minus submitting when the other side gives way next (value ``cont``)."""
    return (1 - rho) * cont - rho * d + missed * rho * d


def ladder_theory(p: dict[str, np.ndarray], n: int) -> Theory:
    """Subgame-perfect play of the complete-information ladder with ``n`` rungs.

    Backward induction in closed form: the mover at rung ``k`` escalates iff the other side
    gives way at rung ``k + 1`` (``E_{k+1}`` false) and
    ``(1 - rho_k) W - rho_k d >= -m_k rho_k d``, where ``W`` is the mover's value when the
    other submits next (``v`` at the top, else ``v - m rho_{k+1} (v + d)``) and ``m_k`` the
    chance a submission at ``k`` is missed (0 for the status quo). With ``m = 0`` this is
    ``rho_k <= r* = v / (v + d)`` (Powell 1990). If the other side would escalate
    next, the mover would later have to submit after running more risk, so it submits now:
    ``E_k`` implies not ``E_{k+1}``: on the path the Defender gives way at once.
    """
    m = p["misperception"] * (1 - p["hotline"])
    rho = [p[f"rho_{k}"] for k in range(1, n + 1)]
    esc_next = np.zeros(np.broadcast(*p.values()).shape, dtype=bool)
    margins = []
    escalates: list[np.ndarray] = [esc_next] * (n + 2)
    for k in range(n, 0, -1):
        v, d = (p["v_c"], p["d_c"]) if k % 2 else (p["v_d"], p["d_d"])
        w = v if k == n else v - m * rho[k] * (v + d)
        gain = _escalation_value(rho[k - 1], w, d, m if k > 1 else 0.0)
        escalates[k] = (gain >= 0) & ~escalates[k + 1]
        margins.append(np.where(escalates[k + 1], np.inf, np.abs(gain)))
    challenge = escalates[1]
    rho2_missed = m * rho[1] if n > 1 else 0.0
    disaster = np.where(challenge, rho[0] + (1 - rho[0]) * rho2_missed, 0.0)
    probs = np.stack(
        [
            np.where(challenge, 0.0, 1.0),
            np.where(challenge, 1 - disaster, 0.0),
            np.zeros_like(disaster),
            disaster,
        ],
        axis=-1,
    )
    return _theory_from_probs(
        probs,
        margins,
        {
            "risk_tolerance_challenger": risk_tolerance(p["v_c"], p["d_c"]),
            "risk_tolerance_defender": risk_tolerance(p["v_d"], p["d_d"]),
            "missed_submission": m * np.ones_like(disaster),
            "challenge": challenge,
        },
    )


def _theory_from_probs(
    probs: np.ndarray, margins: list[np.ndarray], values: dict[str, np.ndarray]
) -> Theory:
    order = np.sort(probs, axis=-1)
    labels = np.asarray(OUTCOMES, dtype=object)
    values = dict(values)
    for j, label in enumerate(OUTCOMES):
        values[f"p_{label.lower().replace(' ', '_')}"] = probs[..., j]
    return Theory(
        outcome=labels[np.argmax(probs, axis=-1)],
        values=values,
        margin=np.minimum(np.minimum.reduce(margins), order[..., -1] - order[..., -2]),
    )


def theory(p: dict[str, np.ndarray]) -> Theory:
    """Closed form of the three-rung ladder with private Defender resolve.

    Rung 3 (Challenger, top): escalate iff ``(1 - rho_3) v_C - rho_3 d_C >= -m rho_3 d_C``.
    Rung 2 (Defender of type t): escalate iff the Challenger would then submit and
    ``(1 - rho_2) (v_t - m rho_3 (v_t + d_D)) - rho_2 d_D >= -m rho_2 d_D``.
    Rung 1 (Challenger): challenge iff its expected value over types, ``(1 - rho_1)
    sum_t P(t) V_t - rho_1 d_C``, is at least the status quo's 0, where ``V_t`` is what the
    Challenger gets once type ``t`` has moved (Powell 1987: a hard Defender facing a less
    resolute Challenger climbs, and the Challenger then gives in).
    """
    m = p["misperception"] * (1 - p["hotline"])
    r1, r2, r3 = p["rho_1"], p["rho_2"], p["rho_3"]
    vc, dc, dd = p["v_c"], p["d_c"], p["d_d"]
    gain3 = _escalation_value(r3, vc, dc, m)
    c_top = gain3 >= 0
    margins = [np.abs(gain3)]
    v_after, dis_after, dp_after = [], [], []
    for kind, weight in (("hard", p["p_hard"]), ("soft", 1 - p["p_hard"])):
        vt = p[f"v_d_{kind}"]
        gain2 = _escalation_value(r2, vt - m * r3 * (vt + dd), dd, m)
        esc = (gain2 >= 0) & ~c_top
        margins.append(np.where(c_top, np.inf, np.abs(gain2)))
        # Challenger's value after the type moves; then disaster / Defender-prevails chances
        v_esc = (1 - r2) * (-m * r3 * dc) - r2 * dc
        v_sub = (1 - m * r2) * vc - m * r2 * dc
        v_after.append(weight * np.where(esc, v_esc, v_sub))
        dis_after.append(weight * np.where(esc, r2 + (1 - r2) * m * r3, m * r2))
        dp_after.append(weight * np.where(esc, (1 - r2) * (1 - m * r3), 0.0))
    value = (1 - r1) * (v_after[0] + v_after[1]) - r1 * dc
    challenge = value >= 0
    margins.append(np.abs(value))
    disaster = np.where(challenge, r1 + (1 - r1) * (dis_after[0] + dis_after[1]), 0.0)
    defender = np.where(challenge, (1 - r1) * (dp_after[0] + dp_after[1]), 0.0)
    probs = np.stack(
        [
            np.where(challenge, 0.0, 1.0),
            np.where(challenge, 1 - disaster - defender, 0.0),
            defender,
            disaster,
        ],
        axis=-1,
    )
    return _theory_from_probs(
        probs,
        margins,
        {
            "risk_tolerance_challenger": risk_tolerance(vc, dc),
            "risk_tolerance_hard_defender": risk_tolerance(p["v_d_hard"], dd),
            "risk_tolerance_soft_defender": risk_tolerance(p["v_d_soft"], dd),
            "missed_submission": m,
            "challenge": challenge,
            "challenger_value_of_challenge": value,
        },
    )


MODEL = Model(
    name="brinkmanship",
    title="Brinkmanship: the threat that leaves something to chance",
    summary=(
        "Who gives way when each step up an escalation ladder risks a disaster neither side "
        "wants? Each side runs risks up to its risk tolerance v/(v + d); the Defender's resolve "
        "is private, so the Challenger may climb against a resolute Defender. The model gives "
        "the probability of disaster and who prevails, and how a hotline (fewer missed "
        "submissions) lowers the risk."
    ),
    parameters=BrinkmanshipParameters,
    build=build,
    theory=theory,
    outcome_of=most_likely_outcome,
    outcome_codes_of=most_likely_outcome_codes,
    outcomes=OUTCOMES,
    references=(
        "Schelling, T. C. (1960). The Strategy of Conflict. Harvard University Press, ch. 8.",
        "Powell, R. (1987). Crisis bargaining, escalation, and MAD. American Political Science "
        "Review 81(3), 717-735.",
        "Powell, R. (1990). Nuclear Deterrence Theory: The Search for Credibility. Cambridge "
        "University Press.",
    ),
    methods=("spe", "qre"),
    information="incomplete",
    players=("Challenger", "Defender"),
)
