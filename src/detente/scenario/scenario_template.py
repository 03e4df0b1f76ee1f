"""The commented template ``detente scenario new`` writes (it validates as it stands)."""

from __future__ import annotations

TEMPLATE = """\
# A detente scenario. Check it with `detente scenario check FILE`, see how it maps onto the
# models with `detente explain FILE`, and analyze it with `detente analyze FILE`.
# Full reference: docs/scenarios.md. Cite your sources in comments next to each judgement.
#
# Any number may be uncertain:
#   resolve = 0.7                                        a known value
#   resolve = {dist = "uniform", lo = 0.5, hi = 0.9}     also normal (mean, sd), beta (a, b),
#                                                        triangular (lo, mode, hi),
#                                                        discrete (values, weights)
#   resolve = "likely"                                   an expert range: "almost no chance",
#                                                        "very unlikely", "unlikely", "roughly
#                                                        even", "likely", "very likely",
#                                                        "almost certain"; for magnitudes
#                                                        "negligible", "low", "moderate",
#                                                        "high", "very high"

[scenario]
title = "My crisis"
year = 2025
# cinc_year = 2022                 # year of the COW NMC data the capabilities come from
description = "Who might challenge whom, over what."
historical_outcome = ""            # for historical cases: what happened
# expected = "Deterrence holds"    # for historical cases: the outcome label that happened
#                                  (one of the labels of the crisis kind; compared, not fitted)
sources = []

[actors.challenger]
name = "Challenger"
capability = 0.05                  # CINC share or any relative measure in (0, 1]
# ccode = 365                      # COW state code(s) whose CINC this is (cinc_year above)
regime = "autocracy"               # democracy | anocracy | autocracy
stakes = "high"                    # value of the issue, 0..1
cost_of_war = "moderate"           # in units of stakes, 0..2
nuclear_war_cost = 0.0             # 0..2; derived from `posture` if both sides give one
resolve = "roughly even"           # as challenger: commitment to its move (retreat costs more)
# posture = "russia"               # nuclear posture: us | russia | china | a TOML file

[actors.defender]
name = "Defender"
capability = 0.08
regime = "democracy"
stakes = "moderate"
cost_of_war = {dist = "uniform", lo = 0.3, hi = 0.7}
resolve = {dist = "uniform", lo = 0.4, hi = 0.8}  # as defender: prior that it values the
                                   # issue at its full stakes (else a share of them)
surveillance = 0.5                 # intelligence on the opponent, 0..1
missile_defense = 0                # interceptors

[crisis]
challenger = "challenger"
defender = "defender"
# protege = "ally"                 # a protected third party (extended deterrence)
issue = "a disputed territory"
domain = "conventional"            # conventional | nuclear | cyber
kind = "deterrence"                # deterrence | compellence (the defender demands that
                                   # the challenger undo a move)
perceived_resolve = "unlikely"     # the challenger's prior on the defender's resolve (from
                                   # evidence of its belief at the time, not hindsight)
escalation_risk = 0.0              # probability a war goes nuclear
attribution = 1.0                  # probability the defender can attribute the challenge
public_commitment = 0.0            # strength of the defender's public commitment, 0..1

# [[alliances]]
# patron = "defender"
# protege = "ally"
# commitment = "likely"

# [[rivalries]]
# between = ["challenger", "defender"]
# intensity = 0.5

[[channels]]
between = ["challenger", "defender"]
kind = "backchannel"               # hotline | backchannel | mediator
quality = 0.3

# Optional: how fast and how well the sides see, and the crisis as an escalation ladder
# (without these tables no crisis is lost by accident; see docs/scenarios.md).
# [technology]
# decision_time_minutes = 10       # minutes to decide whether to launch on a warning
# surveillance = 0.5               # each side's surveillance of the other's forces, 0..1
# [technology.early_warning]
# false_alarm_rate = 0.007         # false warnings per day without attack, 0..1
# alert_days = 7                   # days forces stay on alert during the crisis
# detection = 0.95
# attack_prior = 0.01              # prior of a real attack, per day of the crisis
# [[institutions]]
# name = "a monitoring regime"
# members = ["challenger", "defender"]
# monitoring = 0.3                 # quality of its monitoring (notification, observers)
# [escalation]
# rungs = 5                        # 1 to 8
# risk_per_rung = 0.01             # risk of losing control each rung adds, 0..0.3

[[interventions]]
kind = "hotline"                   # alliance | hotline | missile_defense | risk_reduction |
strength = 0.8                     # public_commitment | concession | inducement |
                                   # de_alerting | data_exchange | crisis_management; 0..1

[[interventions]]
kind = "public_commitment"
strength = 0.9
"""
