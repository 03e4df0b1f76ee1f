"""Reassurance with monitoring: institutions, surveillance and data exchange as information.

The reassurance game of the ``spiral`` model (Kydd 1997, 2000, 2005): State A is a security
seeker with probability ``pi`` (State B's prior trust) and greedy otherwise; payoffs are
Kydd's normalized ones (mutual cooperation 1, mutual defection 0, the sucker's payoff ``-s``,
temptations ``t < 1`` for a security seeker and ``t_greedy > 1`` for a greedy type); a greedy
A defects (strictly dominant). Before they move, a monitoring institution, surveillance or a
data exchange reports on A: *reassuring* or *alarming*, right with probability ``precision``
(a reassuring report on a security seeker and an alarming one on a greedy A each come with
probability ``precision``; 1/2 is no information, 1 is perfect verification). The report is
public; then A and B choose simultaneously, B knowing only the report. This reading of
institutions as providers of information follows Keohane (1984, ch. 6); the signal structure
is this model's assumption.

After a report B's trust is the posterior (Bayes' rule)

    pi_R = precision pi / (precision pi + (1 - precision)(1 - pi))         (reassuring)
    pi_A = (1 - precision) pi / ((1 - precision) pi + precision (1 - pi))  (alarming)

and, as in the spiral model's equilibrium (a security-seeking A cooperates when B does, so B
compares ``pi_m - (1 - pi_m) s`` with ``pi_m t``), the two cooperate after a report iff its
posterior reaches the trust threshold ``mu* = s / (1 - t + s)`` (``spiral.trust_threshold``);
mutual defection is always an equilibrium too and, with Kydd, we select the one security
seekers prefer. Hence (derived here)

    P(mutual cooperation) = pi [precision 1(pi_R >= mu*) + (1 - precision) 1(pi_A >= mu*)].

*Verification threshold.* Below ``mu*`` (the spiral without monitoring) reassurance succeeds
once a reassuring report is trusted, iff

    precision >= q* = mu* (1 - pi) / (pi (1 - mu*) + mu* (1 - pi)),

and from there P(mutual cooperation) = ``pi precision``, rising with precision. *Value of
information*: P(mutual cooperation) at this precision minus its value without monitoring
(precision 1/2). It is positive above ``q*`` for distrustful states, but *negative* for states
that already trust each other (``pi >= mu*``) once precision passes ``q_break = pi (1 - mu*) /
(pi (1 - mu*) + mu* (1 - pi))``: an alarming report about a security seeker then breaks trust,
although B, exploited less often (``p_b_exploited``), gains.

Sources consulted for this module (stored public pages): reviews and the publisher's summary
of Kydd (2005) and the abstract of Kydd (2000); the game's trust threshold is the ``spiral``
model's. Keohane (1984) and Blackwell (1953) are cited for the ideas, not consulted here; the
results above are derived.

References
----------
Kydd, A. (1997). Game theory and the spiral model. World Politics 49(3), 371-400.
Kydd, A. (2000). Trust, reassurance, and cooperation. International Organization 54(2),
325-357.
Kydd, A. H. (2005). Trust and Mistrust in International Relations. Princeton University
Press.
Keohane, R. O. (1984). After Hegemony: Cooperation and Discord in the World Political
Economy. Princeton University Press, ch. 6 (institutions reduce uncertainty).
Blackwell, D. (1953). Equivalent comparisons of experiments. Annals of Mathematical
Statistics 24(2), 265-272 (more informative signals).
"""

from __future__ import annotations

import numpy as np

from detente.games import Game, PBESolution, Solution, chance, decision, terminal
from detente.models.library.spiral import trust_threshold
from detente.models.model_interface import (
    Model,
    ModelParameters,
    Theory,
    param,
    ranked_selection,
)
from detente.models.model_picture import ModelPicture, Panel

ANY_REPORT = "cooperation after any report"
REASSURING_ONLY = "cooperation after a reassuring report"
ALARMING_ONLY = "cooperation after an alarming report"
SPIRAL = "spiral"
NO_EQUILIBRIUM = "no equilibrium"
#: Security seekers' preference over equilibrium classes (more cooperation first).
PREFERENCE = (ANY_REPORT, REASSURING_ONLY, ALARMING_ONLY, SPIRAL)
REPORTS = ("reassuring", "alarming")

MAP_AXES = (("pi", 0.01, 0.99), ("precision", 0.5, 1.0))


class ReassuranceMonitoringParameters(ModelParameters):
    """Prior trust, monitoring precision and Kydd's normalized payoffs."""

    pi: float = param(
        0.35,
        "prior trust: probability State A is a security seeker",
        lo=0.0,
        hi=1.0,
        unit="probability",
        symbol="pi",
    )
    precision: float = param(
        0.8,
        "precision of the monitoring report (1/2: no information, 1: perfect verification)",
        lo=0.5,
        hi=1.0,
        unit="probability",
    )
    s: float = param(
        0.4, "sucker's payoff loss (cooperating against a defector pays -s)", lo=0.05, hi=2.0
    )
    t: float = param(
        0.5, "security seeker's temptation (defecting on a cooperator), < 1", lo=0.0, hi=0.95
    )
    t_greedy: float = param(1.5, "greedy type's temptation, > 1", lo=1.05, hi=3.0)


def build() -> Game:
    """Nature draws A's type, the monitor reports, then A and B move (B sees the report)."""

    def stage(kind: str, report: str):
        temptation = "t" if kind == "ss" else "t_greedy"

        def b_node(a_move: str):
            pay = {
                ("C", "C"): ("1", "1", "mutual cooperation"),
                ("C", "D"): ("-s", "t", "A exploited"),
                ("D", "C"): (temptation, "-s", "B exploited"),
                ("D", "D"): ("0", "0", "mutual defection"),
            }

            def leaf(b_move: str):
                a_pay, b_pay, label = pay[(a_move, b_move)]
                return terminal(label, a_pay, b_pay)

            return decision(
                "State B",
                {"cooperate": leaf("C"), "defect": leaf("D")},
                infoset=f"B after a {report} report",
                name=f"B: {kind} A, {report} report, A {a_move}",
            )

        if kind == "greedy":  # defecting is strictly dominant for a greedy A (t_greedy > 1)
            return b_node("D")
        return decision(
            "State A",
            {"cooperate": b_node("C"), "defect": b_node("D")},
            name=f"security-seeking A after a {report} report",
        )

    def monitor(kind: str):
        right = "precision"
        wrong = "1 - precision"
        first, second = (right, wrong) if kind == "ss" else (wrong, right)
        return chance(
            {
                "reassuring": (first, stage(kind, "reassuring")),
                "alarming": (second, stage(kind, "alarming")),
            },
            name=f"monitoring report ({kind})",
        )

    return Game(
        title="Reassurance game with monitoring",
        players=["State A", "State B"],
        parameters=ReassuranceMonitoringParameters().model_dump(),
        root=chance(
            {"security seeker": ("pi", monitor("ss")), "greedy": ("1 - pi", monitor("greedy"))},
            name="A's type",
        ),
    )


def posteriors(pi, precision) -> tuple[np.ndarray, np.ndarray]:
    """B's trust after a reassuring and after an alarming report (Bayes' rule).

    A report that never occurs (``pi`` and ``precision`` both at an end) keeps the prior.
    """
    pi, q = np.asarray(pi, dtype=float), np.asarray(precision, dtype=float)
    reassuring = q * pi + (1 - q) * (1 - pi)
    alarming = (1 - q) * pi + q * (1 - pi)
    after_r = np.where(reassuring > 0, q * pi / np.where(reassuring > 0, reassuring, 1.0), pi)
    after_a = np.where(alarming > 0, (1 - q) * pi / np.where(alarming > 0, alarming, 1.0), pi)
    return after_r, after_a


def verification_threshold(pi, mu) -> np.ndarray:
    """Smallest precision at which a reassuring report lifts trust ``pi`` to ``mu``.

    ``mu (1 - pi) / (pi (1 - mu) + mu (1 - pi))``; at most 1/2 when ``pi >= mu`` (no
    monitoring needed). Infinite when ``pi = 0`` (no report can create trust).
    """
    pi, mu = np.asarray(pi, dtype=float), np.asarray(mu, dtype=float)
    den = pi * (1 - mu) + mu * (1 - pi)
    return np.where(pi > 0, mu * (1 - pi) / np.where(den > 0, den, 1.0), np.inf)


def cooperation(pi, precision, mu) -> dict[str, np.ndarray]:
    """P(mutual cooperation), P(B exploited) and which reports lead to trust."""
    pi, q = np.asarray(pi, dtype=float), np.asarray(precision, dtype=float)
    after_r, after_a = posteriors(pi, q)
    trust_r, trust_a = after_r >= mu, after_a >= mu
    return {
        "trust_after_reassuring": trust_r,
        "trust_after_alarming": trust_a,
        "p_mutual_cooperation": pi * (q * trust_r + (1 - q) * trust_a),
        "p_b_exploited": (1 - pi) * ((1 - q) * trust_r + q * trust_a),
    }


def theory(p: dict[str, np.ndarray]) -> Theory:
    """Posteriors, trust after each report, P(mutual cooperation), the value of information
    and the verification threshold, in closed form."""
    pi, q = np.asarray(p["pi"], dtype=float), np.asarray(p["precision"], dtype=float)
    mu = trust_threshold(p["s"], p["t"])
    after_r, after_a = posteriors(pi, q)
    now = cooperation(pi, q, mu)
    blind = cooperation(pi, 0.5, mu)
    code = np.where(now["trust_after_alarming"], 0, np.where(now["trust_after_reassuring"], 1, 3))
    shape = np.broadcast(pi, q, mu).shape
    den = pi * (1 - mu) + mu * (1 - pi)
    return Theory(
        outcome=np.broadcast_to(np.asarray(PREFERENCE, dtype=object)[code], shape),
        values={
            "trust_threshold": mu,
            "posterior_after_reassuring": after_r,
            "posterior_after_alarming": after_a,
            **now,
            "p_mutual_cooperation_without_monitoring": blind["p_mutual_cooperation"],
            "value_of_information": now["p_mutual_cooperation"] - blind["p_mutual_cooperation"],
            "verification_threshold": verification_threshold(pi, mu),
            "precision_breaking_trust": np.where(
                den > 0, pi * (1 - mu) / np.where(den > 0, den, 1), 1.0
            ),
            "b_payoff": np.where(now["trust_after_reassuring"], 1.0, 0.0)
            * (q * pi + (1 - q) * (1 - pi))
            * (after_r - (1 - after_r) * p["s"])
            + np.where(now["trust_after_alarming"], 1.0, 0.0)
            * ((1 - q) * pi + q * (1 - pi))
            * (after_a - (1 - after_a) * p["s"]),
        },
        margin=np.minimum.reduce(
            np.broadcast_arrays(
                np.abs(after_r - mu),
                np.abs(after_a - mu),
                np.minimum(pi, 1 - pi),
                1 - q,
            )
        ),
    )


def _profile_classes(game: Game, profiles: np.ndarray) -> np.ndarray:
    """Equilibrium class of each pure profile: after which reports both cooperate."""
    names = [h.name for h in game.infosets]

    def picks(name: str, action: str) -> np.ndarray:
        h = game.infosets[names.index(name)]
        return profiles[:, names.index(name)] == h.actions.index(action)

    trust = {
        r: picks(f"security-seeking A after a {r} report", "cooperate")
        & picks(f"B after a {r} report", "cooperate")
        for r in REPORTS
    }
    return np.where(
        trust["reassuring"] & trust["alarming"],
        0,
        np.where(trust["reassuring"], 1, np.where(trust["alarming"], 2, 3)),
    )


# The security seekers' preferred PBE at each point (Kydd's selection, report by report).
_pbe_outcome, select_equilibrium = ranked_selection(_profile_classes, PREFERENCE, NO_EQUILIBRIUM)


def outcome_of(solution: Solution | PBESolution, params: dict[str, np.ndarray]) -> np.ndarray:
    """The class of the selected PBE; for a QRE, trust after a report where the security
    seeker and B each cooperate there with probability above 1/2."""
    if isinstance(solution, PBESolution):
        return _pbe_outcome(solution, params)
    trust = {
        r: (solution.action_prob(f"security-seeking A after a {r} report", "cooperate") > 0.5)
        & (solution.action_prob(f"B after a {r} report", "cooperate") > 0.5)
        for r in REPORTS
    }
    code = np.where(
        trust["reassuring"] & trust["alarming"],
        0,
        np.where(trust["reassuring"], 1, np.where(trust["alarming"], 2, 3)),
    )
    return np.asarray(PREFERENCE, dtype=object)[code]


def picture(p: dict[str, np.ndarray]) -> ModelPicture:
    """P(mutual cooperation) against the monitoring precision, thresholds marked."""
    q = np.linspace(0.5, 1.0, 201)
    mu = trust_threshold(p["s"], p["t"])
    coop = cooperation(p["pi"], q, mu)
    th = theory(p).values
    marks = {"current precision": float(p["precision"])}
    threshold = float(th["verification_threshold"])
    if 0.5 < threshold <= 1.0:
        marks["verification threshold q*"] = threshold
    breaking = float(th["precision_breaking_trust"])
    if float(p["pi"]) >= float(mu) and 0.5 < breaking <= 1.0:
        marks["alarming reports break trust"] = breaking
    return ModelPicture(
        title=(
            f"Reassurance with monitoring: P(mutual cooperation) "
            f"{float(th['p_mutual_cooperation']):.3g}, value of information "
            f"{float(th['value_of_information']):+.3g}"
        ),
        panels=[
            Panel(
                title="Cooperation against the precision of monitoring",
                xlabel="precision of the monitoring report (1/2: none, 1: perfect)",
                ylabel="probability",
                kind="lines",
                x=list(q),
                series={
                    "P(mutual cooperation)": list(coop["p_mutual_cooperation"]),
                    "P(B exploited)": list(coop["p_b_exploited"]),
                },
                marks=marks,
            )
        ],
    )


MODEL = Model(
    name="reassurance_monitoring",
    title="Reassurance with monitoring: institutions as information",
    summary=(
        "How much does a monitoring institution, surveillance or a data exchange help two "
        "states trust each other? In Kydd's reassurance game a report on State A's type, right "
        "with probability 'precision', moves State B's trust; cooperation follows a report "
        "whose posterior reaches s/(1 - t + s). The model gives P(mutual cooperation), the "
        "value of the information and the verification threshold at which reassurance "
        "succeeds."
    ),
    parameters=ReassuranceMonitoringParameters,
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
        "Keohane, R. O. (1984). After Hegemony: Cooperation and Discord in the World Political "
        "Economy. Princeton University Press, ch. 6.",
        "Blackwell, D. (1953). Equivalent comparisons of experiments. Annals of Mathematical "
        "Statistics 24(2), 265-272.",
    ),
    methods=("pbe", "qre"),
    information="incomplete",
    players=("State A", "State B"),
    picture=picture,
)
