# %% [markdown]
# # Estimation: recovering a crisis game's utilities from simulated choices
#
# `egame12` fits Signorino's two-player, three-outcome strategic probit: player 1 keeps the
# status quo (outcome 1) or challenges; player 2 then concedes (outcome 3) or fights
# (outcome 4). Here the data are simulated from known coefficients, so the fit can be
# checked against the truth (a small sample, to keep the page fast).

# %%
import numpy as np
import pandas as pd
from scipy.stats import norm

from detente.estimate import egame12

rng = np.random.default_rng(7)
n = 1500
x = rng.normal(size=n)  # e.g. player 2's relative capability
z = rng.normal(size=n)  # e.g. player 1's stakes
truth = {
    "u13:(Intercept)": 0.5,
    "u13:z": 1.0,
    "u14:(Intercept)": -0.5,
    "u24:(Intercept)": -0.3,
    "u24:x": 1.0,
}
u11 = np.zeros(n)  # the status quo is player 1's reference point (fixed at 0)
u13 = truth["u13:(Intercept)"] + truth["u13:z"] * z
u14 = np.full(n, truth["u14:(Intercept)"])
u24 = truth["u24:(Intercept)"] + truth["u24:x"] * x
# agent errors (Signorino 2003): every choice compares two noisy terms, scale sqrt(2)
p4 = norm.cdf(u24 / np.sqrt(2))  # player 2 fights
p2 = norm.cdf(((1 - p4) * u13 + p4 * u14 - u11) / np.sqrt(2))  # player 1 challenges
challenge = rng.random(n) < p2
fight = rng.random(n) < p4
y = np.where(~challenge, 1, np.where(fight, 4, 3))
data = pd.DataFrame({"y": y, "x": x, "z": z})
data["y"].value_counts().sort_index()

# %%
fit = egame12("y ~ 0 | z | 1 | x", data)
fit

# %%
table = fit.to_frame()
table["truth"] = pd.Series(truth)
table

# %% [markdown]
# ## Predicted outcome probabilities as player 2's capability varies

# %%
_ = fit.plot_profile("x")
