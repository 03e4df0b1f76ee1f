"""Peace-science datasets and the dyad-year workflow (peacesciencer, in Python).

* The registry (:data:`DATASETS`, :func:`get_dataset`, :func:`registry_markdown`) records each
  dataset's source, version, licence, citation, checksum and columns.
* :func:`fetch` downloads into a cache with pooch; :func:`load` reads a local copy found in
  ``data_dir``, ``$DETENTE_DATA_DIR`` or the cache.
* Builders take and return DataFrames: :func:`state_years`, :func:`dyad_years`,
  :func:`compute_cinc`, :func:`add_cinc`, :func:`add_mid_onsets`, :func:`add_alliances`,
  :func:`add_contiguity`, :func:`add_major_powers`, :func:`add_capital_distance`,
  :func:`add_peace_years`, :func:`politically_relevant`, :func:`add_rivalries`,
  :func:`add_democracy`, :func:`add_alliance_similarity`.
* The International Crisis Behavior record: :func:`icb_crises` and :func:`icb_actors` (codes
  decoded), :func:`crisis_dyads` (one challenger-defender dyad per crisis),
  :func:`outcome_classes` (four outcome classes, several definitions) and
  :func:`baseline_covariates` (pre-outcome covariates for baseline models).

References
----------
Miller, Steven V. 2022. "peacesciencer: An R Package for Quantitative Peace Science Research."
*Conflict Management and Peace Science* 39(6): 755-779.
"""

from __future__ import annotations

from detente.data.alliance_similarity import (
    ATOP_TIE_LEVELS,
    add_alliance_similarity,
    alliance_ties,
    s_score,
    tau_b,
)
from detente.data.alliances import ATOP_PLEDGES, add_alliances
from detente.data.capabilities import CINC_COMPONENTS, add_cinc, cinc_shares, compute_cinc
from detente.data.capital_distance import add_capital_distance, great_circle_km
from detente.data.contiguity import add_contiguity
from detente.data.crisis_covariates import baseline_covariates
from detente.data.crisis_dyads import crisis_dyads
from detente.data.crisis_outcomes import OUTCOME_CLASSES, OUTCOME_DEFINITIONS, outcome_classes
from detente.data.data_warnings import DataCoverageWarning, UnverifiedDownloadWarning
from detente.data.democracy import DEMOCRACY_MEASURES, add_democracy
from detente.data.disputes import add_mid_onsets, whittle_disputes
from detente.data.download import fetch
from detente.data.icb_records import icb_actors, icb_crises
from detente.data.loading import load, read_dataset_file
from detente.data.major_powers import add_major_powers
from detente.data.peace_years import add_peace_years, bspline_basis, peace_spells
from detente.data.political_relevance import politically_relevant
from detente.data.registry import (
    DATASETS,
    Column,
    Dataset,
    dataset_names,
    get_dataset,
    registry_markdown,
)
from detente.data.rivalries import add_rivalries
from detente.data.system_membership import dyad_years, state_years

__all__ = [
    "ATOP_PLEDGES",
    "ATOP_TIE_LEVELS",
    "CINC_COMPONENTS",
    "DATASETS",
    "DEMOCRACY_MEASURES",
    "OUTCOME_CLASSES",
    "OUTCOME_DEFINITIONS",
    "Column",
    "DataCoverageWarning",
    "Dataset",
    "UnverifiedDownloadWarning",
    "add_alliance_similarity",
    "add_alliances",
    "add_capital_distance",
    "add_cinc",
    "add_contiguity",
    "add_democracy",
    "add_major_powers",
    "add_mid_onsets",
    "add_peace_years",
    "add_rivalries",
    "alliance_ties",
    "baseline_covariates",
    "bspline_basis",
    "cinc_shares",
    "compute_cinc",
    "crisis_dyads",
    "dataset_names",
    "dyad_years",
    "fetch",
    "get_dataset",
    "great_circle_km",
    "icb_actors",
    "icb_crises",
    "load",
    "outcome_classes",
    "peace_spells",
    "politically_relevant",
    "read_dataset_file",
    "registry_markdown",
    "s_score",
    "state_years",
    "tau_b",
    "whittle_disputes",
]
