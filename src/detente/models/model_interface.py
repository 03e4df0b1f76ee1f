"""The contract every detente model follows.

A model is a small module in :mod:`detente.models.library` that defines ``MODEL``, a
:class:`Model` holding

* a pydantic parameter class (each field: meaning, unit, default, allowed range),
* a builder returning an engine :class:`~detente.games.Game` whose parameters are exactly
  those fields,
* its closed-form theory, vectorized over parameter arrays (``theory(params) -> Theory``),
* the references it follows, and
* how to read the predicted outcome off an engine solution.

``model.solve(params, method=...)`` validates the parameters (scalars or arrays), solves the
game with the engine and returns a :class:`ModelSolution` that carries both the engine's
answer and the theory's, so they can be compared point by point.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from detente.errors import ParameterError
from detente.games import Game, PBESolution, Solution, solve_pbe, solve_qre, solve_spe
from detente.models.model_picture import ModelPicture
from detente.models.outcome_codes import OutcomeCodes
from detente.plain_repr import PlainRepr, plain_value

if TYPE_CHECKING:  # pandas is imported where a frame is built
    import pandas as pd

Method = Literal["spe", "qre", "pbe"]


def param(
    default: float,
    meaning: str,
    *,
    lo: float,
    hi: float,
    unit: str = "utility",
    symbol: str | None = None,
    integer: bool = False,
) -> Any:
    """Declare a model parameter: default, meaning, unit and allowed range [lo, hi].

    ``integer=True`` declares a count (e.g. the rungs of a ladder): only whole numbers in
    [lo, hi] are accepted.
    """
    extra = {"unit": unit, "symbol": symbol or "", "lo": lo, "hi": hi, "integer": integer}
    return Field(default=default, ge=lo, le=hi, description=meaning, json_schema_extra=extra)


class ModelParameters(BaseModel):
    """Base class of every model's parameter set (a pydantic model, validated on creation)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def specs(cls) -> dict[str, dict[str, Any]]:
        """Name -> {default, meaning, unit, symbol, lo, hi, integer} for every parameter."""
        out = {}
        for name, f in cls.model_fields.items():
            extra = f.json_schema_extra or {}
            out[name] = {
                "default": f.default,
                "meaning": f.description or "",
                "unit": extra.get("unit", ""),
                "symbol": extra.get("symbol", ""),
                "lo": extra.get("lo"),
                "hi": extra.get("hi"),
                "integer": bool(extra.get("integer", False)),
            }
        return out


@dataclass(repr=False)
class Theory(PlainRepr):
    """Closed-form predictions at a batch of parameter points.

    Attributes
    ----------
    outcome : ndarray of str
        Predicted outcome label at each point (same labels as :meth:`Model.outcome_of`).
    values : dict of str to ndarray
        Thresholds and other derived quantities (e.g. ``credibility_threshold``).
    margin : ndarray or None
        Distance to the nearest boundary between outcome regions in the theory's own units;
        points with a tiny margin are knife-edge cases where engine and theory may pick
        different (equally valid) answers.
    codes : OutcomeCodes or None
        The same outcome as integer codes, when the theory computed it that way
        (``codes.labels_array()`` equals ``outcome``); tables and maps are built from it.
    """

    outcome: np.ndarray
    values: dict[str, np.ndarray] = field(default_factory=dict)
    margin: np.ndarray | None = None
    codes: OutcomeCodes | None = field(default=None, repr=False)  # the outcome, coded

    def point(self, index: tuple[int, ...] = ()) -> dict[str, Any]:
        """One point as plain Python (``outcome`` plus every value)."""
        out: dict[str, Any] = {"outcome": str(np.asarray(self.outcome)[index])}
        for k, v in self.values.items():
            x = np.asarray(v)[index] if np.ndim(v) else np.asarray(v)
            if isinstance(x, np.ndarray | np.generic) and np.ndim(x) == 0:
                x = x.item()  # 0-d arrays (e.g. from np.where) become Python scalars
            out[k] = float(x) if isinstance(x, int) and not isinstance(x, bool) else x
        return out


@dataclass(frozen=True)
class Model:
    """A registered model of deterrence or bargaining.

    Attributes
    ----------
    name : str
        Registry key, e.g. ``"unilateral_deterrence"``.
    title : str
    summary : str
        One paragraph: what the model asks and answers.
    parameters : type[ModelParameters]
    build : callable
        ``build() -> Game``; the game's parameters are the fields of ``parameters``.
    theory : callable
        ``theory(params: dict[str, ndarray]) -> Theory``, vectorized.
    outcome_of : callable
        ``outcome_of(solution, params) -> ndarray of str``: the predicted outcome read off an
        engine solution (same labels as ``Theory.outcome``).
    outcomes : tuple of str
        All outcome labels, in a fixed order (for maps and legends).
    references : tuple of str
        Full citations.
    methods : tuple of str
        Engine methods that apply (first is the default).
    select_equilibrium : callable, optional
        ``select_equilibrium(pbe_solution, params) -> ndarray of int``: the index (into
        ``pbe_solution.profiles``) of the equilibrium the model's selection rule picks at each
        point, -1 where none. ``ModelSolution.point`` then reports that equilibrium's outcomes,
        payoffs and strategy at the top level (default: the first equilibrium found).
    outcome_codes_of : callable, optional
        ``outcome_codes_of(solution, params) -> OutcomeCodes``: the same outcome as
        ``outcome_of``, as integer codes (e.g. :func:`most_likely_outcome_codes`). When given,
        :meth:`solve` uses it, and large maps and tables are built from the codes.
    information : str
        ``"complete"`` or ``"incomplete"`` (metadata, as in OpenSpiel's game types).
    players : tuple of str
    precision : callable, optional
        ``precision(params) -> ndarray``: the logit precision when it is a function of the
        model's own parameters (e.g. of the time to decide); ``solve(method="qre")`` uses it
        when no ``lam`` is given (default: 1).
    picture : callable, optional
        ``picture(params) -> ModelPicture`` at one point (scalar parameters): the model's own
        figure, e.g. the probability of reaching each rung (see :meth:`draw`).
    """

    name: str
    title: str
    summary: str
    parameters: type[ModelParameters]
    build: Callable[[], Game]
    theory: Callable[[dict[str, np.ndarray]], Theory]
    outcome_of: Callable[[Solution | PBESolution, dict[str, np.ndarray]], np.ndarray]
    outcomes: tuple[str, ...]
    references: tuple[str, ...]
    methods: tuple[str, ...] = ("spe", "qre")
    information: str = "complete"
    players: tuple[str, ...] = ()
    select_equilibrium: Callable[[PBESolution, dict[str, np.ndarray]], np.ndarray] | None = None
    outcome_codes_of: (
        Callable[[Solution | PBESolution, dict[str, np.ndarray]], OutcomeCodes] | None
    ) = None
    precision: Callable[[dict[str, np.ndarray]], np.ndarray] | None = None
    picture: Callable[[dict[str, np.ndarray]], ModelPicture] | None = None

    # --- parameters -----------------------------------------------------------------------
    @cached_property
    def game(self) -> Game:
        """The engine game (built once)."""
        return self.build()

    def specs(self) -> dict[str, dict[str, Any]]:
        """Parameter name -> {default, meaning, unit, symbol, lo, hi, integer}."""
        return self.parameters.specs()

    def defaults(self) -> dict[str, float]:
        return {k: v["default"] for k, v in self.specs().items()}

    def resolve(
        self, params: Mapping[str, Any] | ModelParameters | None = None
    ) -> dict[str, np.ndarray]:
        """Defaults merged with ``params``; names and ranges checked (arrays elementwise).

        Raises
        ------
        ParameterError
            Unknown name (lists the model's parameters), a value outside its range (names
            the parameter and its allowed range) or a fraction for a whole-number parameter.
        """
        if isinstance(params, ModelParameters):
            params = params.model_dump()
        params = dict(params or {})
        specs = self.specs()
        unknown = sorted(set(params) - set(specs))
        if unknown:
            raise ParameterError(
                f"model {self.name!r} has no parameter {', '.join(map(repr, unknown))}; "
                f"its parameters are: {', '.join(specs)}"
            )
        out: dict[str, np.ndarray] = {}
        for name, spec in specs.items():
            raw = params.get(name, spec["default"])
            try:
                value = np.asarray(raw, dtype=float)
            except (TypeError, ValueError):
                raise ParameterError(
                    f"parameter {name!r} of model {self.name!r} must be a number, got {raw!r}"
                ) from None
            lo, hi = spec["lo"], spec["hi"]
            bad = ~np.isfinite(value) | (value < lo) | (value > hi)
            if bad.any():
                first = value[bad].flat[0] if value.ndim else float(value)
                raise ParameterError(
                    f"parameter {name!r} of model {self.name!r} = {first:g} is outside its "
                    f"allowed range [{lo:g}, {hi:g}] ({spec['meaning']})"
                )
            if spec["integer"] and (value != np.round(value)).any():
                first = value[value != np.round(value)].flat[0] if value.ndim else float(value)
                raise ParameterError(
                    f"parameter {name!r} of model {self.name!r} = {first:g} must be a whole "
                    f"number in [{lo:g}, {hi:g}] ({spec['meaning']})"
                )
            out[name] = value
        return out

    # --- solving -------------------------------------------------------------------------
    def solve(
        self,
        params: Mapping[str, Any] | ModelParameters | None = None,
        method: str | None = None,
        *,
        lam: float | np.ndarray | None = None,
        **engine_options: Any,
    ) -> ModelSolution:
        """Solve the model's game at one or many parameter points.

        Parameters
        ----------
        params : mapping or ModelParameters, optional
            Values (scalars or broadcastable arrays); omitted ones take their defaults.
        method : {"spe", "qre", "pbe"}, optional
            Defaults to the model's first method.
        lam : float or array, optional
            Logit precision for ``method="qre"``; by default the model's ``precision`` of the
            parameters if it has one, else 1.
        """
        method = method or self.methods[0]
        if method not in ("spe", "qre", "pbe"):
            raise ParameterError(f"method must be one of spe, qre, pbe; got {method!r}")
        if method not in self.methods:
            raise ParameterError(
                f"model {self.name!r} is solved with {', '.join(self.methods)}, not {method!r}"
            )
        values = self.resolve(params)
        if method == "spe":
            sol: Solution | PBESolution = solve_spe(self.game, values, **engine_options)
        elif method == "qre":
            if lam is None:
                lam = 1.0 if self.precision is None else self.precision(values)
            sol = solve_qre(self.game, values, lam=lam, **engine_options)
        else:
            sol = solve_pbe(self.game, values, **engine_options)
        shape = sol.shape
        full = {k: np.broadcast_to(v, shape) for k, v in values.items()}
        codes = None if self.outcome_codes_of is None else self.outcome_codes_of(sol, full)
        return ModelSolution(
            model=self,
            method=method,
            params=full,
            solution=sol,
            outcome=(
                np.asarray(self.outcome_of(sol, full)) if codes is None else codes.labels_array()
            ),
            theory=self.theory(full),
            outcome_codes=codes,
        )

    def draw(self, params: Mapping[str, Any] | ModelParameters | None = None) -> ModelPicture:
        """The model's own picture at one parameter point (checked like :meth:`solve`).

        Raises
        ------
        ParameterError
            If the model has no picture, or a parameter is not a single number.
        """
        if self.picture is None:
            raise ParameterError(f"model {self.name!r} has no picture of its own; draw its map")
        values = self.resolve(params)
        if any(np.ndim(v) for v in values.values()):
            raise ParameterError(
                f"model {self.name!r} draws its picture at one point: give numbers"
            )
        return self.picture(values)

    def __repr__(self) -> str:
        return f"Model({self.name!r}: {self.title})"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td><code>{k}</code></td><td>{v['meaning']}</td><td>{v['default']:g}</td>"
            f"<td>[{v['lo']:g}, {v['hi']:g}]</td><td>{v['unit']}</td></tr>"
            for k, v in self.specs().items()
        )
        refs = "".join(f"<li>{r}</li>" for r in self.references)
        return (
            f"<h4>{self.title} <code>{self.name}</code></h4><p>{self.summary}</p>"
            "<table><tr><th>parameter</th><th>meaning</th><th>default</th><th>range</th>"
            f"<th>unit</th></tr>{rows}</table><ul>{refs}</ul>"
        )


@dataclass
class ModelSolution:
    """A model solved at a batch of points: the engine's answer next to the theory's."""

    model: Model
    method: str
    params: dict[str, np.ndarray]
    solution: Solution | PBESolution
    outcome: np.ndarray
    theory: Theory
    outcome_codes: OutcomeCodes | None = None

    @property
    def shape(self) -> tuple[int, ...]:
        return self.solution.shape

    @property
    def agrees_with_theory(self) -> np.ndarray:
        """Engine outcome equals the theory's predicted outcome, pointwise."""
        return self.outcome == self.theory.outcome

    def point(self, index: tuple[int, ...] | int | None = None) -> dict[str, Any]:
        """One point as plain Python: ``model``, ``method``, ``params``, ``outcome``,
        ``outcomes`` (label -> probability), ``payoffs``, ``strategy`` and ``theory``.

        This is what ``detente model NAME --json`` prints.
        """
        if index is None:
            if self.shape not in ((), (1,)):
                raise ParameterError(
                    f"this solution holds {int(np.prod(self.shape))} points; pass index="
                )
            index = (0,) * len(self.shape)
        idx = (index,) if isinstance(index, int | np.integer) else tuple(index)
        engine = self.solution.point(idx)
        if isinstance(self.solution, PBESolution) and self.model.select_equilibrium is not None:
            chosen = int(np.asarray(self.model.select_equilibrium(self.solution, self.params))[idx])
            profiles = list(np.flatnonzero(self.solution.is_equilibrium[idx]))
            if chosen in profiles:
                picked = engine["equilibria"][profiles.index(chosen)]
                engine = {**engine, **{k: picked[k] for k in ("outcomes", "payoffs", "strategy")}}
                engine["selected_equilibrium"] = profiles.index(chosen)
            else:  # the selection rule accepts none of the pure equilibria found (if any)
                engine = {**engine, "outcomes": {}, "payoffs": {}, "strategy": {}}
                engine["selected_equilibrium"] = None
        out = {
            "model": self.model.name,
            "method": self.method,
            "params": {k: float(v[idx]) for k, v in self.params.items()},
            "outcome": str(self.outcome[idx]),
            "outcomes": engine["outcomes"],
            "payoffs": engine["payoffs"],
            "strategy": engine["strategy"],
            "theory": self.theory.point(idx),
        }
        if "equilibria" in engine:
            out["equilibria"] = engine["equilibria"]
            # None: the model's selection rule accepts none of the pure equilibria found
            out["selected_equilibrium"] = engine.get("selected_equilibrium", 0)
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per point: parameters, engine outcome, theory outcome and theory values.

        Each column is one fresh array handed to pandas without a second copy; outcome
        columns come from the integer codes where the model provides them (same values and
        dtype as from the label arrays).
        """
        import pandas as pd

        shape = self.shape
        cols: dict[str, Any] = {k: _fresh_column(v, shape) for k, v in self.params.items()}
        cols["outcome"] = _label_column(self.outcome, self.outcome_codes, shape)
        cols["theory_outcome"] = _label_column(self.theory.outcome, self.theory.codes, shape)
        for k, v in self.theory.values.items():
            cols[f"theory_{k}"] = _fresh_column(v, shape)
        return pd.DataFrame(cols, copy=False)

    def codes_agree_with_theory(self) -> np.ndarray | None:
        """:attr:`agrees_with_theory` computed from the outcome codes, flattened (None when
        the engine's or the theory's codes are missing or index different labels)."""
        mine, theirs = self.outcome_codes, self.theory.codes
        if mine is None or theirs is None or not mine.same_labels(theirs):
            return None
        return (mine.codes == theirs.codes).reshape(-1)

    def __repr__(self) -> str:
        if self.shape in ((), (1,)):
            outcome = plain_value(self.outcome.reshape(-1)[0])
            theory = plain_value(np.asarray(self.theory.outcome).reshape(-1)[0])
            return (
                f"ModelSolution({self.model.name!r}, method={self.method!r}): "
                f"outcome {outcome!r}, theory {theory!r}"
            )
        return f"ModelSolution({self.model.name!r}, method={self.method!r}, shape={self.shape})"

    def _repr_html_(self) -> str:
        return f"<p><b>{self.model.title}</b> ({self.method})</p>" + self.to_frame().head(
            20
        ).to_html(float_format=lambda x: f"{x:.4g}")


def preferred_equilibrium(
    solution: PBESolution, profile_rank: np.ndarray, n_classes: int
) -> tuple[np.ndarray, np.ndarray]:
    """Select, at each point, the equilibrium whose class ranks best (lowest rank).

    Parameters
    ----------
    solution : PBESolution
    profile_rank : ndarray of int, shape (n_profiles,)
        Rank of each pure profile's class under the model's selection rule, in
        ``range(n_classes)``.
    n_classes : int
        Number of ranked classes; ``n_classes`` itself stands for "no equilibrium".

    Returns
    -------
    best_rank : ndarray of int
        Rank of the selected equilibrium's class, ``n_classes`` where there is none.
    selected : ndarray of int
        Index (into ``solution.profiles``) of the selected equilibrium, -1 where none.
    """
    sentinel = int(n_classes)
    rank = np.where(solution.is_equilibrium, profile_rank, sentinel)
    selected = rank.argmin(axis=-1)
    best = np.take_along_axis(rank, selected[..., None], axis=-1)[..., 0]
    return best, np.where(best < sentinel, selected, -1)


def ranked_selection(
    classify: Callable[[Game, np.ndarray], np.ndarray],
    labels: tuple[str, ...],
    none_label: str,
) -> tuple[
    Callable[[PBESolution, dict[str, np.ndarray]], np.ndarray],
    Callable[[PBESolution, dict[str, np.ndarray]], np.ndarray],
]:
    """``outcome_of`` and ``select_equilibrium`` for a model that ranks equilibrium classes.

    Parameters
    ----------
    classify : callable
        ``classify(game, profiles) -> ndarray of int``: the class of each pure profile, as
        its rank in ``labels`` (``len(labels)`` for profiles outside every class).
    labels : tuple of str
        Class labels in order of preference (the model's selection rule).
    none_label : str
        The outcome where no ranked equilibrium exists.

    Returns
    -------
    outcome_of, select_equilibrium : callable
        The class label of the selected equilibrium at each point, and its profile index
        (-1 where none); both pick the same equilibrium.
    """
    names = np.asarray([*labels, none_label], dtype=object)

    def outcome_of(solution: PBESolution, params: dict[str, np.ndarray]) -> np.ndarray:
        best, _ = preferred_equilibrium(
            solution, classify(solution.game, solution.profiles), len(labels)
        )
        return names[best]

    def select_equilibrium(solution: PBESolution, params: dict[str, np.ndarray]) -> np.ndarray:
        return preferred_equilibrium(
            solution, classify(solution.game, solution.profiles), len(labels)
        )[1]

    return outcome_of, select_equilibrium


def _fresh_column(values: Any, shape: tuple[int, ...]) -> np.ndarray:
    """``values`` broadcast to ``shape``, flattened into one new writeable array."""
    src = np.asarray(values)
    out = np.empty(shape, dtype=src.dtype)
    np.copyto(out, np.broadcast_to(src, shape))
    return out.reshape(-1)


def _label_column(labels: np.ndarray, codes: OutcomeCodes | None, shape: tuple[int, ...]) -> Any:
    """An outcome column: from the codes when given, else from the label array."""
    if codes is not None:
        return codes.broadcast_to(shape).column()
    return np.array(np.broadcast_to(labels, shape)).reshape(-1)


def unbroadcast(values: Any) -> np.ndarray:
    """The smallest view of ``values`` that broadcasts back to it: every axis along which it
    was broadcast (stride 0) cut to length 1. Arithmetic on it, broadcast at the end, does
    the same per-point work once per distinct value instead of once per point."""
    arr = np.asarray(values)
    return arr[
        tuple(
            slice(0, 1) if stride == 0 and size > 1 else slice(None)
            for stride, size in zip(arr.strides, arr.shape, strict=True)
        )
    ]


def outcome_labels(labels: tuple[str, ...], codes: np.ndarray) -> np.ndarray:
    """Label array (dtype object) from integer codes into ``labels``: the cheap way for a
    theory to build its outcome array over millions of points."""
    return np.asarray(labels, dtype=object)[np.asarray(codes, dtype=np.intp)]


def most_likely_outcome(
    solution: Solution | PBESolution, params: dict[str, np.ndarray]
) -> np.ndarray:
    """Default ``outcome_of``: the terminal label with the highest probability.

    For a PBE solution, the outcome of the first equilibrium at each point ("no equilibrium"
    where there is none). Ties go to the label whose first terminal comes first.
    """
    return most_likely_outcome_codes(solution, params).labels_array()


def most_likely_outcome_codes(
    solution: Solution | PBESolution, params: dict[str, np.ndarray]
) -> OutcomeCodes:
    """:func:`most_likely_outcome` as integer codes into the game's terminal labels (in order
    of first appearance; ``"no equilibrium"`` appended for PBE solutions)."""
    labels = tuple(dict.fromkeys(solution.game.tables.terminal_labels))
    if isinstance(solution, PBESolution):
        first = np.argmax(solution.is_equilibrium, axis=-1)
        probs = np.take_along_axis(solution.terminal_probs, first[..., None, None], axis=-2)[
            ..., 0, :
        ]
        best = _first_argmax(_sum_by_label(solution.game, probs))
        none = np.asarray(len(labels), dtype=best.dtype)
        codes = np.where(solution.is_equilibrium.any(axis=-1), best, none)
        return OutcomeCodes(codes, (*labels, "no equilibrium"))
    best = _first_argmax(_sum_by_label(solution.game, solution.terminal_probs))
    return OutcomeCodes(best, labels)


def _sum_by_label(game: Game, terminal_probs: np.ndarray) -> list[np.ndarray]:
    """Outcome probability of each label (terminal probabilities summed over its terminals).

    One or two terminals: a view or one addition (what ``sum`` gives for them, bit for bit);
    more: ``sum`` over the label's terminals.
    """
    labels = list(dict.fromkeys(game.tables.terminal_labels))
    index = np.array([labels.index(x) for x in game.tables.terminal_labels])
    out = []
    for j in range(len(labels)):
        members = np.flatnonzero(index == j)
        if members.size == 1:
            out.append(terminal_probs[..., members[0]])
        elif members.size == 2:
            out.append(terminal_probs[..., members[0]] + terminal_probs[..., members[1]])
        else:
            out.append(terminal_probs[..., index == j].sum(axis=-1))
    return out


def _first_argmax(columns: list[np.ndarray]) -> np.ndarray:
    """``np.argmax(np.stack(columns, axis=-1), axis=-1)`` without building the stack: the
    first column holding the maximum (the first NaN where there is one, as ``argmax``)."""
    if len(columns) == 1:
        return np.zeros(np.shape(columns[0]), dtype=np.int8)
    if len(columns) > 127:
        return np.argmax(np.stack(columns, axis=-1), axis=-1)
    shape = np.broadcast_shapes(*(np.shape(c) for c in columns))
    code = np.greater(columns[1], columns[0], out=np.empty(shape, dtype=bool)).view(np.int8)
    # the maximum so far; np.maximum propagates NaN, so a NaN anywhere shows at the end
    best = np.maximum(columns[0], columns[1], out=np.empty(shape))
    for j, column in enumerate(columns[2:], start=2):
        np.putmask(code, column > best, j)
        np.maximum(best, column, out=best)
    if np.isnan(best).any():
        return np.argmax(np.stack(columns, axis=-1), axis=-1)
    return code
