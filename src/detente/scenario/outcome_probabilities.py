"""The mapping's kernel: crisis inputs and constants -> per-draw outcome probabilities.

:func:`outcome_probabilities` is one vectorized function of the crisis inputs
(:data:`detente.scenario.crisis_variables.INPUTS`, the same names for every scenario) and the
calibration constants (:data:`detente.scenario.calibration.CONSTANTS`). It holds no scenario
structure and no state, so the inputs of many crises and draws can be stacked along any axes
and passed at once (constants may be arrays too, e.g. several candidate calibrations on a
leading axis), and the probabilities are smooth in every constant except
``defense_interceptors`` (which enters through the posture bridge, before this function).

It computes, in order (each step a documented :class:`~detente.scenario.crisis_variables.Rule`
that ``detente explain`` prints):

1. **Signals and interventions.** Alliance and public commitments (raised by ``alliance`` and
   ``public_commitment`` moves); clarity from channels, rivalry and intelligence (a
   ``hotline`` move closes part of the rest: Jervis 1976; Diehl & Goertz 2000); the
   challenger's perceived resolve moves from its prior toward the truth as clarity grows.
   ``missile_defense`` lowers the challenger's chance of winning (denial; Snyder 1961) and the
   defender's nuclear cost; ``risk_reduction`` lowers the escalation risk, which makes war
   less dreadful to *both* sides (Snyder's 1965 stability-instability paradox: it can make a
   challenge more likely).
2. **Payoffs of the primary game** (:mod:`detente.models.library.crisis_deterrence` or
   ``crisis_compellence``), in units of stakes. War pays ``p v - c`` (Fearon 1995) minus the
   nuclear cost with the escalation risk; giving in costs the defender its stakes plus the
   audience cost of a broken public commitment (Fearon 1994; by regime, Weeks 2008) and the
   cost of abandoning an ally (Fearon 1997; Leeds 2003). The defender is *resolute* with the
   prior probability in its ``resolve`` field and then values the issue at its stakes;
   otherwise at ``irresolute_share`` of them (its value is its private information: Fearon
   1995; hard and soft types, Zagare & Kilgour 2000). A compromise gives the challenger
   ``settlement_share`` of the stakes; yielding after pressing costs it an audience cost and
   ``challenger_resolve`` times its own ``resolve`` (its commitment to the move). In
   compellence the target's status quo is what it holds, so complying costs it its stakes
   plus ``compliance_cost`` (Schelling 1966, ch. 2; Sechser 2011). A ``concession`` raises
   the challenger's payoff of yielding (assurance: Schelling 1966, ch. 2); an ``inducement``
   pays it for ending the crisis once pressed, by retreating or by settling, at a cost to the
   defender (the carrot of coercive diplomacy, George 1991).
3. **Loss of control** (:mod:`.crisis_hazards`): where a scenario gives ``[technology]``,
   ``[[institutions]]`` or ``[escalation]``, a pressed crisis may end in a war nobody chose
   (a launch on a false warning; a loss of control on the escalation ladder). Both players
   anticipate it: the payoffs of outcomes after a press become their expected values over
   that lottery (the ``_exposed`` parameters the game receives), and the lost share of those
   outcomes becomes war or nuclear war. Shared monitoring also adds to clarity. Without the
   tables both hazards are exactly 0 and nothing changes.
4. **Agent logit QRE** with precision ``precision`` (McKelvey & Palfrey 1998; Signorino 1999):
   the challenger's first move answers its *perceived* defender (its prior on a resolute
   defender, and only public alliances), every later move the true one
   (:func:`detente.models.library.coercion_game.logit_probabilities`).

The result is a probability for each outcome class at each draw, never exactly 0 or 1 at
finite precision; averaging them over the draws (Rao-Blackwellisation) estimates the
scenario's outcome probabilities with less Monte Carlo noise than counting sampled outcomes.

References
----------
Fearon, J. D. (1994). Domestic political audiences and the escalation of international
disputes. APSR 88(3), 577-592.
Fearon, J. D. (1995). Rationalist explanations for war. IO 49(3), 379-414.
Fearon, J. D. (1997). Signaling foreign policy interests. JCR 41(1), 68-90.
Leeds, B. A. (2003). Alliance reliability in times of war. IO 57(4), 801-827.
Weeks, J. L. (2008). Autocratic audience costs. IO 62(1), 35-64.
Schelling, T. C. (1966). Arms and Influence. Yale UP, ch. 2.
Snyder, G. H. (1961). Deterrence and Defense. Princeton UP.
Snyder, G. H. (1965). The balance of power and the balance of terror. In P. Seabury (ed.),
The Balance of Power. Chandler, 184-201.
George, A. L. (1991). Forceful Persuasion. United States Institute of Peace Press.
Sechser, T. S. (2011). Militarized compellent threats, 1918-2001. CMPS 28(4), 377-401.
McKelvey, R. D. & Palfrey, T. R. (1998). Quantal response equilibria for extensive form
games. Experimental Economics 1(1), 9-41.
Signorino, C. S. (1999). Strategic interaction and the statistical analysis of international
conflict. APSR 93(2), 279-297.
Jervis, R. (1976). Perception and Misperception in International Politics. Princeton UP.
Diehl, P. F. & Goertz, G. (2000). War and Peace in International Rivalry. Michigan UP.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from detente.errors import ParameterError
from detente.models.library.coercion_game import CLASSES, logit_probabilities
from detente.scenario.calibration import CONSTANTS, Calibration
from detente.scenario.crisis_hazards import (
    AT_RISK_SEEN,
    EXPOSED,
    EXPOSURE_RULES,
    HAZARD_RULES,
    MONITORING_RULES,
    realized_outcomes,
)
from detente.scenario.crisis_variables import CHANNEL_KINDS, INPUTS, NEUTRAL_INPUTS, Env, Rule

__all__ = [
    "CLASSES",
    "DERIVED_RULES",
    "GAME_VARIABLES",
    "PAYOFF_RULES",
    "game_parameters",
    "outcome_probabilities",
]


def _audience(code: str) -> Rule:
    side = code[-1]
    return Rule(
        f"audience_{side}",
        f"[audience_democracy, audience_anocracy, audience_autocracy][{code}]",
        (code, "audience_democracy", "audience_anocracy", "audience_autocracy"),
        lambda e: np.where(
            e[code] == 0,
            e["audience_democracy"],
            np.where(e[code] == 1, e["audience_anocracy"], e["audience_autocracy"]),
        ),
        "audience costs by regime (Fearon 1994; Weeks 2008)",
    )


def _reduced(target: str, base: str, constant: str, move: str, source: str) -> Rule:
    """``target = base (1 - constant move_MOVE)``: an intervention removes a share of it."""
    m = f"move_{move}"
    return Rule(
        target,
        f"{base} (1 - {constant} {m})",
        (base, constant, m),
        lambda e: e[base] * (1 - e[constant] * e[m]),
        source,
    )


def _clarity(e: Env) -> np.ndarray:
    best = np.asarray(0.0)
    for k in CHANNEL_KINDS:
        best = np.maximum(best, e[f"channel_{k}"] * e[f"quality_{k}"])
    seen = 1 - best * (1 - e["rivalry_clouding"] * e["rivalry"])
    intelligence = 1 - e["surveillance_weight"] * e["informativeness"]
    return 1 - seen * intelligence * (1 - e["move_hotline"])


#: Step 1: signals and interventions (crisis inputs and constants -> derived variables).
DERIVED_RULES: list[Rule] = [
    *MONITORING_RULES,
    Rule(
        "commitment_eff",
        "max(commitment, move_alliance)",
        ("commitment", "move_alliance"),
        lambda e: np.maximum(e["commitment"], e["move_alliance"]),
        "an alliance move raises the commitment (public)",
    ),
    Rule(
        "commitment_seen",
        "max(public_commitment_signal, move_alliance)",
        ("public_commitment_signal", "move_alliance"),
        lambda e: np.maximum(e["public_commitment_signal"], e["move_alliance"]),
        "the challenger sees only public commitments",
    ),
    Rule(
        "public_commitment_eff",
        "max(public_commitment, move_public_commitment)",
        ("public_commitment", "move_public_commitment"),
        lambda e: np.maximum(e["public_commitment"], e["move_public_commitment"]),
        "audience costs (Fearon 1994)",
    ),
    Rule(
        "clarity",
        "1 - (1 - max_k(channel_k quality_k) (1 - rivalry_clouding rivalry)) "
        "(1 - surveillance_weight informativeness) (1 - move_hotline)",
        (
            *(f"quality_{k}" for k in CHANNEL_KINDS),
            *(f"channel_{k}" for k in CHANNEL_KINDS),
            "rivalry",
            "rivalry_clouding",
            "informativeness",
            "surveillance_weight",
            "move_hotline",
        ),
        _clarity,
        "communication narrows misperception (Jervis 1976); rivalry clouds it (Diehl & "
        "Goertz 2000)",
    ),
    Rule(
        "resolve_perceived",
        "resolve + (resolve_signalled - resolve) (1 - clarity)",
        ("resolve", "resolve_signalled", "clarity"),
        lambda e: e["resolve"] + (e["resolve_signalled"] - e["resolve"]) * (1 - e["clarity"]),
        "the misperception gap shrinks with clarity",
    ),
    _reduced(
        "p_win",
        "p_win_ch",
        "defense_denial",
        "missile_defense",
        "deterrence by denial (Snyder 1961)",
    ),
    _reduced(
        "escalation",
        "escalation_risk",
        "risk_reduction",
        "risk_reduction",
        "risk reduction, with the stability-instability paradox (Snyder 1965)",
    ),
    _reduced(
        "nuclear_d",
        "nuclear_cost_d",
        "defense_protection",
        "missile_defense",
        "a defended defender risks less",
    ),
    _audience("regime_c"),
    _audience("regime_d"),
    *HAZARD_RULES,
]


def _r(target: str, formula: str, reads: tuple[str, ...], fn, source: str = "") -> Rule:
    return Rule(target, formula, reads, fn, source)


def _concede(t: str, commitment: str, source: str) -> Rule:
    """Defender type ``t`` gives in, with the alliance commitment ``commitment`` (the true
    one, or the public one the challenger sees)."""
    v = f"value_{t}"
    seen = "_seen" if commitment == "commitment_seen" else ""
    return _r(
        f"concede_{t}{seen}",
        f"-(1 - compellence) {v} - audience_d public_commitment_eff - alliance_tie {commitment}",
        ("compellence", v, "audience_d", "public_commitment_eff", "alliance_tie", commitment),
        lambda e: (
            -(1 - e["compellence"]) * e[v]
            - e["audience_d"] * e["public_commitment_eff"]
            - e["alliance_tie"] * e[commitment]
        ),
        source,
    )


def _defender_rules(t: str) -> list[Rule]:
    """The payoffs of defender type ``t`` (``h`` resolute, ``s`` irresolute)."""
    v = f"value_{t}"
    kind = "resolute" if t == "h" else "irresolute"
    give_in = "audience_d public_commitment_eff + alliance_tie commitment"
    return [
        _concede(
            t,
            "commitment_eff",
            f"the {kind} defender gives in: it loses the issue and "
            "breaks its commitments (Fearon 1994, 1997)",
        ),
        _r(
            f"held_{t}",
            f"compellence {v} - inducement_cost move_inducement stakes_d",
            ("compellence", v, "inducement_cost", "move_inducement", "stakes_d"),
            lambda e: (
                e["compellence"] * e[v]
                - e["inducement_cost"] * e["move_inducement"] * e["stakes_d"]
            ),
            "the challenger yields: the status quo holds (deterrence, 0) or is restored; an "
            "inducement paid for it costs the defender",
        ),
        _r(
            f"deal_{t}",
            f"(compellence - settlement_share) {v} - settlement_share ({give_in}_eff) "
            "- inducement_cost move_inducement stakes_d",
            (
                "compellence",
                "settlement_share",
                v,
                "audience_d",
                "public_commitment_eff",
                "alliance_tie",
                "commitment_eff",
                "inducement_cost",
                "move_inducement",
                "stakes_d",
            ),
            lambda e: (
                (e["compellence"] - e["settlement_share"]) * e[v]
                - e["settlement_share"]
                * (
                    e["audience_d"] * e["public_commitment_eff"]
                    + e["alliance_tie"] * e["commitment_eff"]
                )
                - e["inducement_cost"] * e["move_inducement"] * e["stakes_d"]
            ),
            "the defender's side of the compromise: a partial retreat pays that share of the "
            "costs of giving in; less what an inducement costs it",
        ),
        _r(
            f"war_{t}",
            f"(compellence - p_win) {v} - cost_d",
            ("compellence", "p_win", v, "cost_d"),
            lambda e: (e["compellence"] - e["p_win"]) * e[v] - e["cost_d"],
            "expected value of war to the defender (Fearon 1995)",
        ),
        _r(
            f"nuc_{t}",
            f"war_{t} - nuclear_d",
            (f"war_{t}", "nuclear_d"),
            lambda e: e[f"war_{t}"] - e["nuclear_d"],
            "its own nuclear cost: the threat's credibility depends on it (Powell 1990)",
        ),
        _concede(
            t, "commitment_seen", "giving in as the challenger sees it (public alliances only)"
        ),
    ]


#: Step 2: the primary game's parameters (and the challenger's belief), in units of stakes.
PAYOFF_RULES: list[Rule] = [
    _r(
        "yield_c",
        "-compellence (stakes_c + compliance_cost) + concession_value move_concession stakes_c",
        ("compellence", "stakes_c", "compliance_cost", "concession_value", "move_concession"),
        lambda e: (
            -e["compellence"] * (e["stakes_c"] + e["compliance_cost"])
            + e["concession_value"] * e["move_concession"] * e["stakes_c"]
        ),
        "deterrence: the status quo (0); compellence: complying (Schelling 1966; Sechser "
        "2011); a concession raises it (assurance)",
    ),
    _r(
        "win_c",
        "(1 - compellence) stakes_c",
        ("compellence", "stakes_c"),
        lambda e: (1 - e["compellence"]) * e["stakes_c"],
        "the defender gives in: the challenger gets (deterrence) or keeps (compellence) it",
    ),
    _r(
        "retreat_c",
        "backdown_cost audience_c + challenger_resolve resolve_c stakes_c",
        ("backdown_cost", "audience_c", "challenger_resolve", "resolve_c", "stakes_c"),
        lambda e: (
            e["backdown_cost"] * e["audience_c"]
            + e["challenger_resolve"] * e["resolve_c"] * e["stakes_c"]
        ),
        "what retreating after pressing costs the challenger: an audience cost (Fearon 1994) "
        "and, the more resolved it is, its commitment to the move",
    ),
    _r(
        "carrot_c",
        "inducement_value move_inducement stakes_c",
        ("inducement_value", "move_inducement", "stakes_c"),
        lambda e: e["inducement_value"] * e["move_inducement"] * e["stakes_c"],
        "what an inducement pays the challenger for ending the crisis by retreating or "
        "settling (the carrot of coercive diplomacy, George 1991)",
    ),
    _r(
        "back_c",
        "yield_c - retreat_c + carrot_c",
        ("yield_c", "retreat_c", "carrot_c"),
        lambda e: e["yield_c"] - e["retreat_c"] + e["carrot_c"],
        "yielding after pressing costs the retreat; an inducement pays for it",
    ),
    _r(
        "deal_c",
        "(settlement_share - compellence) stakes_c - compellence (1 - settlement_share) "
        "compliance_cost - (1 - settlement_share) retreat_c + carrot_c",
        (
            "settlement_share",
            "compellence",
            "stakes_c",
            "compliance_cost",
            "retreat_c",
            "carrot_c",
        ),
        lambda e: (
            (e["settlement_share"] - e["compellence"]) * e["stakes_c"]
            - (1 - e["settlement_share"])
            * (e["compellence"] * e["compliance_cost"] + e["retreat_c"])
            + e["carrot_c"]
        ),
        "a compromise splits the stakes; each side pays the retreat costs in proportion to "
        "how far it retreats; an inducement sweetens it (George 1991)",
    ),
    _r(
        "war_c",
        "(p_win - compellence) stakes_c - cost_c",
        ("p_win", "compellence", "stakes_c", "cost_c"),
        lambda e: (e["p_win"] - e["compellence"]) * e["stakes_c"] - e["cost_c"],
        "expected value of war (Fearon 1995)",
    ),
    _r(
        "nuc_c",
        "war_c - nuclear_cost_ch",
        ("war_c", "nuclear_cost_ch"),
        lambda e: e["war_c"] - e["nuclear_cost_ch"],
        "a nuclear war adds the nuclear cost",
    ),
    _r(
        "value_h",
        "stakes_d",
        ("stakes_d",),
        lambda e: e["stakes_d"],
        "a resolute defender values the issue at its stakes",
    ),
    _r(
        "value_s",
        "irresolute_share stakes_d",
        ("irresolute_share", "stakes_d"),
        lambda e: e["irresolute_share"] * e["stakes_d"],
        "an irresolute defender values it at a share of them (Fearon 1995: private values)",
    ),
    *(rule for t in ("h", "s") for rule in _defender_rules(t)),
    _r("rho", "resolve", ("resolve",), lambda e: e["resolve"], "prior of a resolute type"),
    _r("r", "escalation", ("escalation",), lambda e: e["escalation"], "escalation risk"),
    _r(
        "a",
        "attribution + compellence (1 - attribution)",
        ("attribution", "compellence"),
        lambda e: e["attribution"] + e["compellence"] * (1 - e["attribution"]),
        "attribution (Rid & Buchanan 2015); a compellent demand is always attributed",
    ),
    _r(
        "rho_seen",
        "resolve_perceived",
        ("resolve_perceived",),
        lambda e: e["resolve_perceived"],
        "the challenger's belief about the defender's type",
    ),
    _r(
        "war_payoff_ch",
        "war_c - r nuclear_cost_ch",
        ("war_c", "r", "nuclear_cost_ch"),
        lambda e: e["war_c"] - e["r"] * e["nuclear_cost_ch"],
        "the challenger's expected payoff of war (for the secondary models)",
    ),
    _r(
        "war_payoff_d",
        "war_h - r nuclear_d",
        ("war_h", "r", "nuclear_d"),
        lambda e: e["war_h"] - e["r"] * e["nuclear_d"],
        "the resolute defender's expected payoff of war (for the secondary models)",
    ),
]

#: The primary game's parameter names among :data:`PAYOFF_RULES`.
GAME_PARAMETERS = (
    "yield_c",
    "win_c",
    "back_c",
    "deal_c",
    "war_c",
    "nuc_c",
    *(f"{k}_{t}" for t in ("h", "s") for k in ("concede", "held", "deal", "war", "nuc")),
    "rho",
    "r",
    "a",
)
#: Game parameter -> the kernel variable the primary game receives: the payoffs after a
#: press exposed to the loss-of-control hazards (:mod:`.crisis_hazards`), else the payoff.
GAME_VARIABLES = {k: EXPOSED.get(k, k) for k in GAME_PARAMETERS}


def game_parameters(env: Mapping[str, object]) -> dict[str, object]:
    """The primary game's parameters from the kernel's variables (:data:`GAME_VARIABLES`)."""
    return {k: env[v] for k, v in GAME_VARIABLES.items()}


def outcome_probabilities(
    inputs: Mapping[str, object],
    constants: Calibration | Mapping[str, object],
) -> dict[str, np.ndarray]:
    """Per-draw outcome probabilities of the primary game: the mapping's vectorized kernel.

    Parameters
    ----------
    inputs : mapping
        Every crisis input of :data:`~detente.scenario.crisis_variables.INPUTS` (arrays that
        broadcast together: draws, or crises x draws), e.g. from
        :func:`~detente.scenario.crisis_variables.crisis_inputs`; the inputs of the optional
        tables may be left out (they take
        :data:`~detente.scenario.crisis_variables.NEUTRAL_INPUTS`).
    constants : Calibration or mapping
        Every constant of :data:`~detente.scenario.calibration.CONSTANTS` (scalars, or
        arrays broadcasting with the inputs).

    Returns
    -------
    dict of str to ndarray
        ``success``, ``prevails``, ``compromise``, ``war``, ``nuclear`` (the outcome classes,
        summing to 1 at each point), the diagnostics of
        :func:`~detente.models.library.coercion_game.logit_probabilities` (``press``,
        ``press_if_informed``, ``credibility``, ``credibility_believed``, ...),
        ``inadvertent_war`` and ``inadvertent_nuclear`` (the parts of war and nuclear war
        from a lost crisis, :func:`~detente.scenario.crisis_hazards.realized_outcomes`), and
        every derived variable and game parameter (for ``detente explain`` and the secondary
        models; the game receives :func:`game_parameters`).

    Raises
    ------
    ParameterError
        A missing input or constant (named).
    """
    values = constants.values() if isinstance(constants, Calibration) else dict(constants)
    inputs = {k: v for k, v in NEUTRAL_INPUTS.items() if k not in inputs} | dict(inputs)
    missing = [k for k in INPUTS if k not in inputs] + [k for k in CONSTANTS if k not in values]
    if missing:
        raise ParameterError(
            f"outcome_probabilities: missing {', '.join(missing)} (inputs come from "
            "crisis_inputs, constants from a calibration)"
        )
    env: Env = {k: np.asarray(v, dtype=float) for k, v in values.items()}
    env.update({k: np.asarray(v, dtype=float) for k, v in inputs.items()})
    for rule in (*DERIVED_RULES, *PAYOFF_RULES, *EXPOSURE_RULES):
        env[rule.target] = np.asarray(rule.fn(env), dtype=float)
    params = game_parameters(env)
    belief = {k.removesuffix("_seen"): env[f"{k}_exposed"] for k in AT_RISK_SEEN}
    belief["rho"] = env["rho_seen"]
    probs = realized_outcomes(logit_probabilities(params, env["precision"], belief=belief), env)
    return {**{k: v for k, v in env.items() if k not in values}, **probs}
