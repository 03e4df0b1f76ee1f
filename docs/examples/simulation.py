# %% [markdown]
# # Simulation: a small international system
#
# `detente.sim` steps many states at once: each period some dyads fall into crises, every
# crisis of the period is solved in one batched call of a registered model, and reputations
# for resolve are updated from what the states did. (Needs the `[sim]` extra; a short run on
# a small synthetic system keeps this page fast.)

# %%
from detente.sim import InternationalSystem, synthetic_state

system = InternationalSystem(synthetic_state(30, seed=1), "unilateral_deterrence", seed=1)
result = system.run(40)
result.summaries.head()

# %% [markdown]
# ## The event table: one row per crisis

# %%
print(len(result.events), "crises in", len(result.summaries), "periods")
result.events.head()

# %%
summaries = result.summaries
_ = summaries.plot(x=summaries.columns[0], y=summaries.columns[1:4], subplots=True, figsize=(8, 5))
