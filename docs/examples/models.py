# %% [markdown]
# # A model: unilateral deterrence (Zagare and Kilgour's Perfect Deterrence)
#
# `detente.models` holds canonical deterrence and bargaining models, each with a parameter
# schema, its engine game, its closed-form theory and its references.

# %%
import detente.models as dm

dm.list()[["name", "title", "players", "methods"]]

# %%
model = dm.get("unilateral_deterrence")
model

# %% [markdown]
# ## One point: the engine's answer next to the theory's
#
# Deterrence holds when the Defender's threat is credible enough: its probability of being
# hard, `p_def`, must reach the credibility threshold of the theory.

# %%
result = model.solve({"p_def": 0.6})
result

# %%
point = result.point()
point["outcome"], point["theory"]

# %% [markdown]
# ## An equilibrium map: the whole parameter plane in one vectorized call
#
# Colours are the engine's outcome at each grid point, dashed lines the theory's boundaries;
# `plot(ax=)` puts maps side by side (here the SPE next to noisy play, the logit QRE).

# %%
eq_map = dm.equilibrium_map(model, x=("p_def", 0, 1, 120), y=("d_ch", -3, 0.9, 120))
print(eq_map)
eq_map.to_frame().groupby("outcome").size()

# %%
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), layout="constrained")
eq_map.plot(ax=axes[0])
qre_map = dm.equilibrium_map(model, x=("p_def", 0, 1, 120), y=("d_ch", -3, 0.9, 120), method="qre")
_ = qre_map.plot(ax=axes[1])
