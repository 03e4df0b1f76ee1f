"""Small games with known solutions, used in examples, tests and the default CLI run.

References
----------
Zagare, F. C. and Kilgour, D. M. (2000). Perfect Deterrence. Cambridge University Press, ch. 4
(the Rudimentary Asymmetric Deterrence Game).
Signorino, C. S. (1999). Strategic interaction and the statistical analysis of international
conflict. American Political Science Review 93(2), 279-297 (the three-move crisis game).
"""

from __future__ import annotations

from detente.games.tree import Game, chance, decision, terminal


def deterrence_game() -> Game:
    """The three-move deterrence game.

    Challenger keeps the status quo (SQ: 0, 0) or challenges; Defender concedes (1, -1) or
    resists; Challenger then backs down (-a, b) or fights (wC, wD). Defaults a = b = 0.5,
    wC = -0.2, wD = -0.5: in the SPE the Defender resists and the Challenger, preferring war
    to backing down, fights, so it does not challenge.
    """
    return Game(
        title="Three-move deterrence game",
        players=["Challenger", "Defender"],
        parameters={"a": 0.5, "b": 0.5, "wC": -0.2, "wD": -0.5},
        root=decision(
            "Challenger",
            {
                "status quo": terminal("SQ", 0, 0),
                "challenge": decision(
                    "Defender",
                    {
                        "concede": terminal("Concede", 1, -1),
                        "resist": decision(
                            "Challenger",
                            {
                                "back down": terminal("BackDown", "-a", "b"),
                                "fight": terminal("War", "wC", "wD"),
                            },
                            name="Challenger escalates",
                        ),
                    },
                    name="Defender responds",
                ),
            },
            name="Challenger initiates",
        ),
    )


def incomplete_information_deterrence() -> Game:
    """Deterrence when the Challenger does not know the Defender's resolve.

    Nature makes the Defender resolute with probability ``p``. Without seeing the type, the
    Challenger keeps the status quo (payoff ``s``) or challenges; a resolute Defender resists
    (war: ``d`` to the Challenger), an irresolute one concedes (``a`` to the Challenger).
    The Challenger is deterred iff ``p >= (a - s) / (a - d)``: with a = 1, s = 0, d = -1,
    iff p >= 0.5 (Zagare & Kilgour 2000, credibility condition).
    """
    challenger_info = "Challenger (type unknown)"

    def branch(resolute: bool):
        tag = "resolute" if resolute else "irresolute"
        return decision(
            "Challenger",
            {
                "status quo": terminal("SQ", "s", "sD"),
                "challenge": decision(
                    "Defender",
                    {
                        "concede": terminal("Concede", "a", "cD"),
                        "resist": terminal("War", "d", "wDr" if resolute else "wDi"),
                    },
                    name=f"{tag} Defender",
                ),
            },
            infoset=challenger_info,
            name=f"Challenger facing {tag}",
        )

    return Game(
        title="Deterrence with uncertain resolve",
        players=["Challenger", "Defender"],
        parameters={
            "p": 0.5,
            "a": 1.0,
            "s": 0.0,
            "d": -1.0,
            "sD": 0.0,
            "cD": -1.0,
            "wDr": -0.5,
            "wDi": -2.0,
        },
        root=chance(
            {"resolute": ("p", branch(True)), "irresolute": ("1 - p", branch(False))},
            name="Nature",
        ),
    )
