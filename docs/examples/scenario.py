# %% [markdown]
# # A scenario: the Cuban Missile Crisis
#
# A scenario file describes a crisis in analysts' terms (resolve, stakes, costs, escalation
# risk, channels) with uncertain judgements as distributions. `analyze_scenario` maps each
# draw onto the models and reports the odds of each outcome, what drives them and what the
# interventions change. The numbers below are computed when this page is built: they follow
# the current scenario file and mappings.

# %%
import pandas as pd

from detente.scenario import analyze_scenario, bundled_scenarios, load_scenario

sorted(bundled_scenarios())

# %%
scenario = load_scenario("cuban_missile_crisis")
analysis = analyze_scenario(scenario, draws=4000, seed=0)
print("most likely outcome:", analysis.most_likely)

# %% [markdown]
# ## Odds of each outcome across the draws

# %%
pd.DataFrame(analysis.outcomes).T

# %% [markdown]
# ## What drives the result: the Sobol ranking of the uncertain judgements

# %%
pd.DataFrame(analysis.sensitivity).head(8)

# %% [markdown]
# ## Interventions compared on the same draws

# %%
pd.DataFrame(analysis.interventions)
