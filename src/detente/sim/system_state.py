"""The state of an international system, held in NumPy arrays (one row per state).

Mesa's vocabulary, not its speed (STYLE.md): a "state agent" is a row of these arrays and a
belief is an entry of an ``(n, n)`` matrix, so one period updates every state and dyad at once.

References
----------
Singer, J. D., Bremer, S. and Stuckey, J. (1972). Capability distribution, uncertainty, and
major power war, 1820-1965 (CINC).
Leeds, B. A. et al. (2002). Alliance Treaty Obligations and Provisions, 1815-1944.
Lemke, D. and Reed, W. (2001). The relevance of politically relevant dyads. JCR 45(1).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np

from detente.errors import DataError, InputError

__all__ = ["SystemState", "state_from_data", "synthetic_state"]


@dataclass
class SystemState:
    """Arrays describing ``n`` states and their relations.

    Attributes
    ----------
    ids : ndarray of int64, (n,)
        State codes (COW ``ccode`` for real data, ``0..n-1`` for synthetic systems).
    capability : ndarray, (n,)
        Material capability (CINC-like level; shares are ``capability / capability.sum()``).
    regime : ndarray, (n,)
        1.0 for a democracy, 0.0 otherwise.
    resolve : ndarray, (n,)
        True probability that the state is *hard* (resolute) in a crisis it faces.
    bluff : ndarray, (n,)
        True probability that a *soft* state threatens anyway (1 - honesty).
    major : ndarray of bool, (n,)
        Major power.
    contiguous : ndarray of bool, (n, n)
        Direct contiguity (symmetric, false diagonal).
    allied : ndarray of bool, (n, n)
        Defense pledge (symmetric, false diagonal).
    belief_firm, belief_back : ndarray, (n, n)
        Beta pseudo-counts of observer ``i``'s belief about target ``j``'s resolve from its
        own crises with ``j`` (and the prior): standing firm and backing down observed.
    public_firm, public_back : ndarray, (n,)
        Pseudo-counts every state shares (crises observed by all, with the audience weight).
        Observer ``i``'s belief is ``F / (F + B)`` with ``F = belief_firm[i, j] +
        public_firm[j]`` and ``B`` likewise.
    honest, bluffed, public_honest, public_bluffed
        The same for honesty: threats carried out and bluffs called.
    arms : ndarray, (n,)
        Military effort in the Richardson arms-race dynamics.
    hostility : ndarray, (n, n)
        Decaying record of disputes between each pair (symmetric).
    """

    ids: np.ndarray
    capability: np.ndarray
    regime: np.ndarray
    resolve: np.ndarray
    bluff: np.ndarray
    major: np.ndarray
    contiguous: np.ndarray
    allied: np.ndarray
    belief_firm: np.ndarray
    belief_back: np.ndarray
    honest: np.ndarray
    bluffed: np.ndarray
    public_firm: np.ndarray
    public_back: np.ndarray
    public_honest: np.ndarray
    public_bluffed: np.ndarray
    arms: np.ndarray
    hostility: np.ndarray

    @property
    def n(self) -> int:
        """Number of states."""
        return int(self.ids.size)

    def copy(self) -> SystemState:
        """A deep copy (every array copied)."""
        return replace(self, **{f.name: getattr(self, f.name).copy() for f in fields(self)})

    def resolve_belief(self, observer: np.ndarray, target: np.ndarray) -> np.ndarray:
        """Belief of ``observer`` that ``target`` is resolute (Beta mean), elementwise."""
        firm = self.belief_firm[observer, target] + self.public_firm[target]
        return firm / (firm + self.belief_back[observer, target] + self.public_back[target])

    def bluff_belief(self, observer: np.ndarray, target: np.ndarray) -> np.ndarray:
        """Belief of ``observer`` that ``target`` bluffs (Beta mean), elementwise."""
        bluffed = self.bluffed[observer, target] + self.public_bluffed[target]
        return bluffed / (bluffed + self.honest[observer, target] + self.public_honest[target])

    def reputation_for_resolve(self) -> np.ndarray:
        """Mean belief of the other states that each state is resolute, (n,)."""
        firm = self.belief_firm + self.public_firm
        return _column_mean_off_diagonal(firm / (firm + self.belief_back + self.public_back))

    def reputation_for_honesty(self) -> np.ndarray:
        """Mean belief of the other states that each state's threats are honest, (n,)."""
        honest = self.honest + self.public_honest
        return _column_mean_off_diagonal(honest / (honest + self.bluffed + self.public_bluffed))


def _column_mean_off_diagonal(matrix: np.ndarray) -> np.ndarray:
    """Mean of each column over the other rows (observers other than the state itself)."""
    n = matrix.shape[0]
    return (matrix.sum(axis=0) - np.diagonal(matrix)) / max(n - 1, 1)


def _fresh(
    ids: np.ndarray,
    capability: np.ndarray,
    regime: np.ndarray,
    major: np.ndarray,
    contiguous: np.ndarray,
    allied: np.ndarray,
    rng: np.random.Generator,
    prior: float,
) -> SystemState:
    n = ids.size
    eye = np.eye(n, dtype=bool)
    return SystemState(
        ids=ids.astype(np.int64),
        capability=capability.astype(float),
        regime=regime.astype(float),
        resolve=rng.beta(2.0, 2.0, n),
        bluff=rng.beta(1.5, 3.0, n),
        major=major.astype(bool),
        contiguous=contiguous.astype(bool) & ~eye,
        allied=(allied | allied.T).astype(bool) & ~eye,
        belief_firm=np.full((n, n), prior),
        belief_back=np.full((n, n), prior),
        honest=np.full((n, n), prior),
        bluffed=np.full((n, n), prior),
        public_firm=np.zeros(n),
        public_back=np.zeros(n),
        public_honest=np.zeros(n),
        public_bluffed=np.zeros(n),
        arms=np.ones(n),
        hostility=np.zeros((n, n)),
    )


def synthetic_state(
    n_states: int,
    seed: int | np.random.Generator | None = None,
    *,
    n_major: int | None = None,
    democracy_share: float = 0.3,
    neighbour_radius: float | None = None,
    alliance_density: float = 0.02,
    prior_strength: float = 1.0,
) -> SystemState:
    """A random system: states on the unit square, lognormal capabilities.

    Parameters
    ----------
    n_states
        Number of states (at least 2).
    seed
        ``int``, ``numpy.random.Generator`` or ``None``.
    n_major
        The ``n_major`` most capable states are major powers (default ``max(2, n // 20)``).
    democracy_share
        Probability that a state is a democracy.
    neighbour_radius
        States closer than this are contiguous (default: about four neighbours each).
    alliance_density
        Probability that a pair starts with a defense pledge.
    prior_strength
        Beta pseudo-counts of every initial belief (uniform prior at 1).

    Returns
    -------
    SystemState
    """
    if n_states < 2:
        raise InputError(f"n_states must be at least 2, got {n_states}")
    rng = np.random.default_rng(seed)
    n = int(n_states)
    position = rng.random((n, 2))
    distance = np.sqrt(((position[:, None, :] - position[None, :, :]) ** 2).sum(-1))
    radius = neighbour_radius if neighbour_radius is not None else np.sqrt(4.0 / (np.pi * n))
    capability = rng.lognormal(0.0, 1.0, n)
    capability /= capability.sum()
    k = max(2, n // 20) if n_major is None else int(n_major)
    major = np.zeros(n, dtype=bool)
    major[np.argsort(-capability)[:k]] = True
    allied = np.triu(rng.random((n, n)) < alliance_density, 1)
    return _fresh(
        np.arange(n),
        capability,
        (rng.random(n) < democracy_share).astype(float),
        major,
        distance < radius,
        allied,
        rng,
        prior_strength,
    )


def state_from_data(
    year: int,
    data_dir: str | Path | None = None,
    seed: int | np.random.Generator | None = None,
    *,
    prior_strength: float = 1.0,
) -> SystemState:
    """The state system of ``year`` from COW and ATOP data.

    States: COW system members in ``year``; capability: CINC (:func:`detente.data.compute_cinc`
    on NMC v7); major powers: COW; contiguity: COW direct contiguity (any type 1-5); alliances:
    ATOP defense pledges (either direction); regime: Polity2 >= 6 in ``cw_democracy`` (0 if
    missing). Resolve and honesty types are drawn (they are not observed in data).

    References
    ----------
    Singer, Bremer and Stuckey (1972); Stinnett et al. (2002); Leeds et al. (2002);
    Miller (2022), peacesciencer.
    """
    from detente import data as dd

    rng = np.random.default_rng(seed)
    states = dd.load("cow_states", data_dir=data_dir)
    dyads = dd.dyad_years(states, year, year)
    if dyads.empty:
        raise InputError(
            f"start year {year} has no COW dyads; choose a year within "
            f"{int(states['styear'].min())}-{int(states['endyear'].max())}"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dyads = dd.add_contiguity(dyads, dd.load("cow_contdir", data_dir=data_dir))
        dyads = dd.add_major_powers(dyads, dd.load("cow_majors", data_dir=data_dir))
        dyads = dd.add_alliances(dyads, dd.load("atop_alliance", data_dir=data_dir))
        cinc = dd.compute_cinc(dd.load("cow_nmc_v7", data_dir=data_dir))
    ids = np.unique(np.concatenate([dyads["ccode1"].to_numpy(), dyads["ccode2"].to_numpy()]))
    n = ids.size
    i = np.searchsorted(ids, dyads["ccode1"].to_numpy())
    j = np.searchsorted(ids, dyads["ccode2"].to_numpy())
    contiguous = np.zeros((n, n), dtype=bool)
    conttype = dyads["conttype"].fillna(0).to_numpy()
    contiguous[i, j] = (conttype >= 1) & (conttype <= 5)
    contiguous |= contiguous.T
    allied = np.zeros((n, n), dtype=bool)
    allied[i, j] = dyads["atop_defense"].fillna(0).to_numpy() > 0
    major = np.zeros(n, dtype=bool)
    major[i] |= dyads["cowmaj1"].fillna(0).to_numpy() > 0
    major[j] |= dyads["cowmaj2"].fillna(0).to_numpy() > 0
    year_cinc = cinc[cinc["year"] == year].set_index("ccode")["cinc"]
    capability = year_cinc.reindex(ids).to_numpy(dtype=float, copy=True)
    missing = ~np.isfinite(capability)
    if missing.all():
        raise DataError(f"no CINC values for {year} in NMC v7; choose a year in 1816-2016")
    capability[missing] = np.nanmin(capability) if (~missing).any() else 1.0
    capability = np.maximum(capability, 1e-6)
    regime = np.zeros(n)
    try:
        demo = dd.load("cw_democracy", data_dir=data_dir)
        polity = demo[demo["year"] == year].set_index("ccode")["polity2"].reindex(ids)
        regime = (polity.fillna(-10).to_numpy() >= 6).astype(float)
    except DataError:
        pass
    return _fresh(
        ids, capability / capability.sum(), regime, major, contiguous, allied, rng, prior_strength
    )
