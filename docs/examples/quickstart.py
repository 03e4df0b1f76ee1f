# %% [markdown]
# # Quickstart: a deterrence game, solved on many parameter points at once
#
# A Challenger decides whether to challenge the status quo; the Defender concedes or resists;
# the Challenger then backs down or fights. Payoffs are numbers or formulas of named
# parameters, so the same tree is solved for a whole batch of parameter values in one call.

# %%
import numpy as np

from detente.games import Game, decision, plot_game, solve_qre, solve_spe, terminal

game = Game(
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
                    ),
                },
            ),
        },
    ),
)
game

# %% [markdown]
# ## Subgame-perfect equilibrium on 100,000 values of the Challenger's war payoff
#
# The status quo holds where the Challenger would rather fight than back down (so the
# Defender's resistance is costly to challenge); the share of points where it holds is the
# share of `wC` values above `-a`.

# %%
wC = np.linspace(-1, 0.5, 100_000)
spe = solve_spe(game, {"wC": wC})
print("P(status quo) averaged over the grid:", spe.outcome_prob("SQ").mean())
print("share of grid points with wC > -a:   ", (wC > -0.5).mean())

# %% [markdown]
# ## Noisy play: agent logit quantal response equilibrium at two precisions

# %%
qre = solve_qre(game, lam=[1.0, 5.0])
qre.to_frame()[["lam", "P(SQ)", "P(War)"]]

# %% [markdown]
# ## The tree with the equilibrium path

# %%
_ = plot_game(game, solve_spe(game))
