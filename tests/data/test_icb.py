"""The ICB record (version 14): decoded frames, crisis dyads, outcome classes, covariates.

Known-crisis facts come from the ICB crisis summaries (ICB Project, as stored in the public
repository CenterForPeaceAndSecurityStudies/ICBEdataset,
``replication_corpus/data/in/crisis_texts/icb_crisis_summary_NNN_*.txt``).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.data import (
    OUTCOME_CLASSES,
    OUTCOME_DEFINITIONS,
    baseline_covariates,
    compute_cinc,
    crisis_dyads,
    icb_actors,
    icb_crises,
    load,
    outcome_classes,
)
from detente.data.crisis_covariates import COVARIATE_VARIABLES, EXCLUDED_VARIABLES
from detente.data.icb_codes import (
    ACTOR_CODE_TABLES,
    CRISIS_CODE_TABLES,
    TRIGGERING_ENTITY_KINDS,
    decode_codes,
)
from detente.data.icb_records import ACTOR_DECODED, CRISIS_DECODED
from detente.data.storage import DATA_DIR_ENV
from detente.errors import DataError, InputError, ParameterError


@pytest.fixture(scope="module")
def raw_actors(shared_data: Path) -> pd.DataFrame:
    return load("icb_actors", data_dir=shared_data)


@pytest.fixture(scope="module")
def raw_crises(shared_data: Path) -> pd.DataFrame:
    return load("icb_crises", data_dir=shared_data)


@pytest.fixture(scope="module")
def actors(raw_actors: pd.DataFrame) -> pd.DataFrame:
    return icb_actors(frame=raw_actors)


@pytest.fixture(scope="module")
def crises(raw_crises: pd.DataFrame) -> pd.DataFrame:
    return icb_crises(frame=raw_crises)


@pytest.fixture(scope="module")
def nmc(shared_data: Path) -> pd.DataFrame:
    return load("cow_nmc_v7", data_dir=shared_data)


@pytest.fixture(scope="module")
def dyads(actors: pd.DataFrame, crises: pd.DataFrame, nmc: pd.DataFrame) -> pd.DataFrame:
    return crisis_dyads(actors=actors, crises=crises, nmc=nmc)


# --- decoded frames -----------------------------------------------------------------------


def test_counts_match_the_icb_version_14_release(
    actors: pd.DataFrame, crises: pd.DataFrame
) -> None:
    """ICB v14: 487 crises and 1,078 crisis actors, triggered 1918-2017 (ICB data page)."""
    assert len(crises) == 487 and crises["crisno"].is_unique
    assert len(actors) == 1078 and actors["cracno"].is_unique
    assert set(actors["crisno"]) == set(crises["crisno"])
    for frame in (crises, actors):
        assert frame["yrtrig"].min() == 1918 and frame["yrtrig"].max() == 2017


_DECODED = [("actors", c, d) for c, d in ACTOR_DECODED.items()]
_DECODED += [("crises", c, d) for c, d in CRISIS_DECODED.items()]


@pytest.mark.usefixtures("shared_data")  # its frames are fetched by name below
@pytest.mark.parametrize(("level", "column", "decoded"), _DECODED)
def test_every_code_in_the_files_is_in_its_table(
    request: pytest.FixtureRequest, level: str, column: str, decoded: str
) -> None:
    """Each raw code is in its table; decoded values are missing exactly where the file is
    blank (no code dropped); ordered exactly where the table is ordinal."""
    raw = request.getfixturevalue(f"raw_{level}")[column]
    frame = request.getfixturevalue(level)
    table = (ACTOR_CODE_TABLES if level == "actors" else CRISIS_CODE_TABLES)[column]
    assert set(raw.dropna().astype(int)) <= set(table.codes)
    assert (frame[decoded].isna().to_numpy() == raw.isna().to_numpy()).all()
    assert isinstance(frame[decoded].dtype, pd.CategoricalDtype)
    assert frame[decoded].cat.ordered == table.ordered


def test_unconfirmed_tables_keep_raw_code_labels() -> None:
    """Tables no source gives are labelled 'code N' (nothing invented)."""
    for table in [*ACTOR_CODE_TABLES.values(), *CRISIS_CODE_TABLES.values()]:
        if not table.confirmed:
            assert all(label == f"code {c}" for c, label in table.labels.items())
            assert not table.ordered


def test_triggering_entity_codes(actors: pd.DataFrame) -> None:
    """Codes 995-997 are the only non-state triggering entities; all others are states."""
    kinds = actors["trigger_entity_kind"]
    special = actors["trigent"].isin(list(TRIGGERING_ENTITY_KINDS))
    assert (kinds[special & actors["trigent"].notna()] != "State").all()
    assert (kinds[~special & actors["trigent"].notna()] == "State").all()
    assert actors["trigent"].dropna().lt(1000).all()


def test_unknown_code_is_refused_naming_file_and_column() -> None:
    with pytest.raises(DataError, match=r"icb2v14.csv, column outcom.*\[6\].*OUTCOM"):
        decode_codes(
            pd.Series([1.0, 6.0]), ACTOR_CODE_TABLES["outcom"], "icb2v14.csv, column outcom"
        )


def test_cuban_missile_crisis(actors: pd.DataFrame, crises: pd.DataFrame) -> None:
    """Crisis 196, Cuban Missiles (ICB summary 196): three crisis actors, the United States,
    Cuba and the USSR; the US crisis was triggered on 16 October 1962 when the CIA showed
    evidence of Soviet missiles in Cuba, the Cuban and Soviet crises on 22 October by the
    announced US blockade; Khrushchev agreed to ship the missiles back and the crisis ended
    on 20 November 1962 without war. ICB codes the US outcome a victory and the Soviet and
    Cuban outcomes defeats."""
    crisis = crises.set_index("crisno").loc[196]
    assert crisis["crisname"] == "CUBAN MISSILES"
    assert (crisis["yrtrig"], crisis["motrig"], crisis["datrig"]) == (1962, 10, 16)
    assert (crisis["yrterm"], crisis["moterm"], crisis["daterm"]) == (1962, 11, 20)
    assert crisis["violence_severity"] != "Full-scale war"
    cases = actors[actors["crisno"] == 196].set_index("actor")
    assert set(cases.index) == {"USA", "CUB", "RUS"}
    assert dict(cases["cracid"]) == {"USA": 2, "CUB": 40, "RUS": 365}
    assert dict(cases["outcom"]) == {"USA": 1, "CUB": 4, "RUS": 4}
    assert cases.loc["USA", "outcome"] == "Victory"
    assert cases.loc["RUS", "outcome"] == cases.loc["CUB", "outcome"] == "Defeat"
    assert cases.loc["USA", "datrig"] == 16 and cases.loc["RUS", "datrig"] == 22
    assert cases.loc["USA", "trigent"] == 365
    assert cases.loc["RUS", "trigent"] == cases.loc["CUB", "trigent"] == 2
    assert cases.loc["RUS", "trigger"] == "Non-violent military act"  # the blockade
    assert cases.loc["USA", "nuclear_capability"] == "Second-strike capability"
    assert cases.loc["CUB", "nuclear_capability"] == "No nuclear capability"


def test_missing_column_names_the_file_and_the_column(shared_data: Path, tmp_path: Path) -> None:
    for name, filename, column in (
        ("icb_actors", "icb2v14.csv", "outcom"),
        ("icb_crises", "icb1v14.csv", "sevviosy"),
    ):
        source = next(shared_data.glob(f"*/{filename}"))
        frame = pd.read_csv(source, encoding="utf-8-sig")
        frame.drop(columns=[column]).to_csv(tmp_path / filename, index=False)
        build = icb_actors if name == "icb_actors" else icb_crises
        with pytest.raises(DataError, match=rf"{filename}.*lacks .*{column}"):
            build(tmp_path)


def test_frame_without_a_column_is_an_input_error(raw_actors: pd.DataFrame) -> None:
    with pytest.raises(InputError, match=r"nuclear"):
        icb_actors(frame=raw_actors.drop(columns=["nuclear"]))


# --- crisis dyads -------------------------------------------------------------------------


def test_one_dyad_per_crisis(dyads: pd.DataFrame) -> None:
    assert len(dyads) == 487 and dyads["crisno"].is_monotonic_increasing
    assert dyads["crisno"].is_unique


def test_defender_opens_the_crisis(dyads: pd.DataFrame, actors: pd.DataFrame) -> None:
    """The defender is the first crisis actor, and the ICB1 trigger date is its trigger date."""
    first = actors.groupby("crisno")["cracno"].min()
    assert (dyads.set_index("crisno")["defender_cracno"] == first).all()
    dated = dyads["yrtrig"].notna()
    assert (dyads.loc[dated, "yrtrig"] == dyads.loc[dated, "defender_yrtrig"]).all()
    assert (dyads.loc[dated, "motrig"] == dyads.loc[dated, "defender_motrig"]).all()


def test_challenger_fields_only_for_crisis_actors(dyads: pd.DataFrame) -> None:
    is_actor = dyads["challenger_kind"] == "Crisis actor"
    assert dyads.loc[is_actor, "challenger_cracno"].notna().all()
    assert dyads.loc[~is_actor, "challenger_cracno"].isna().all()
    assert (
        dyads.loc[is_actor, "challenger_cracid"] == dyads.loc[is_actor, "challenger_ccode"]
    ).all()
    assert (dyads["challenger_ccode"] != dyads["defender_cracid"]).all()
    not_state = dyads["challenger_kind"].isin(["Non-state actor", "Multiple states", "Internal"])
    assert dyads.loc[not_state, "challenger_ccode"].isna().all()
    counts = dyads["challenger_kind"].value_counts()
    assert counts["Crisis actor"] == 220 and counts["State, not a crisis actor"] == 125
    assert counts[["Non-state actor", "Multiple states", "Internal"]].sum() == 141


@pytest.mark.parametrize(
    ("crisno", "defender", "challenger", "kind", "outcome_class"),
    [
        # ICB summary 196: the US crisis came first (CIA evidence of Soviet missiles).
        (196, "USA", "RUS", "Crisis actor", "Deterrence holds"),
        # ICB summary 64: Czechoslovakia's crisis was triggered on 7 September 1938 by the
        # Sudeten German Party; it had to accept the Munich terms.
        (64, "CZE", None, "Non-state actor", "Challenger prevails"),
        # ICB summary 255: Egypt and Syria attacked Israel together; full-scale war.
        (255, "ISR", None, "Multiple states", "War"),
        # ICB summary 393: Iraq invaded Kuwait on 2 August 1990; full-scale war followed.
        (393, "KUW", "IRQ", "Crisis actor", "War"),
    ],
)
def test_dyad_rule_on_known_crises(
    dyads: pd.DataFrame,
    crisno: int,
    defender: str,
    challenger: str | None,
    kind: str,
    outcome_class: str,
) -> None:
    row = dyads.set_index("crisno").loc[crisno]
    assert row["defender_actor"] == defender
    assert row["challenger_kind"] == kind
    if challenger is None:
        assert pd.isna(row["challenger_actor"])
    else:
        assert row["challenger_actor"] == challenger
    assert outcome_classes(dyads).set_axis(dyads["crisno"]).loc[crisno] == outcome_class


def test_cinc_of_both_sides(dyads: pd.DataFrame, nmc: pd.DataFrame) -> None:
    """CINC in the trigger year equals COW's published cinc (NMC v7) for USA and USSR 1962."""
    row = dyads.set_index("crisno").loc[196]
    published = nmc.set_index(["ccode", "year"])["cinc"]
    assert row["defender_cinc"] == pytest.approx(published[(2, 1962)], abs=1e-7)
    assert row["challenger_cinc"] == pytest.approx(published[(365, 1962)], abs=1e-7)
    assert dyads["defender_cinc"].isna().sum() == 5
    assert dyads["challenger_cinc"].isna().sum() == 145
    assert compute_cinc(nmc)["cinc"].notna().all()


# --- outcome classes ----------------------------------------------------------------------


def _classify_by_hand(row: pd.Series, definition: str) -> str | None:
    """Row-by-row reading of the tables in crisis_outcomes' docstring (independent check)."""
    war = {4} if definition != "war_or_serious_clashes" else {3, 4}
    if pd.notna(row["crisis_sevviosy"]) and int(row["crisis_sevviosy"]) in war:
        return "War"
    if definition == "challenger_outcome" and pd.notna(row["challenger_outcom"]):
        mine = {1: "Challenger prevails", 2: "Compromise or stalemate"}
        mine |= {3: "Compromise or stalemate", 4: "Deterrence holds"}
        if int(row["challenger_outcom"]) in mine:
            return mine[int(row["challenger_outcom"])]
    theirs = {1: "Deterrence holds", 2: "Compromise or stalemate"}
    theirs |= {3: "Compromise or stalemate", 4: "Challenger prevails"}
    if pd.isna(row["defender_outcom"]):
        return None
    return theirs.get(int(row["defender_outcom"]))


@pytest.mark.parametrize(
    ("definition", "counts"),
    [
        ("defender_outcome", (159, 54, 180, 93)),
        ("war_or_serious_clashes", (110, 36, 123, 217)),
        ("challenger_outcome", (138, 68, 187, 93)),
    ],
)
def test_class_counts_match_the_docs_and_a_row_by_row_reading(
    dyads: pd.DataFrame, definition: str, counts: tuple[int, ...]
) -> None:
    """The counts stated in crisis_outcomes and docs/data.md, and the vectorized rule agrees
    with a plain row-by-row application of the tables."""
    classes = outcome_classes(dyads, definition)
    assert list(classes.cat.categories) == list(OUTCOME_CLASSES)
    assert tuple(classes.value_counts(sort=False)) == counts
    assert classes.isna().sum() == 1  # crisis 474, uncoded
    by_hand = [_classify_by_hand(row, definition) for _, row in dyads.iterrows()]
    assert classes.astype(object).where(classes.notna(), None).tolist() == by_hand


def test_unknown_definition_lists_the_known_ones(dyads: pd.DataFrame) -> None:
    with pytest.raises(ParameterError, match=r"'nope'.*defender_outcome.*challenger_outcome"):
        outcome_classes(dyads, "nope")


_codes = st.one_of(st.none(), st.integers(1, 5), st.just(9))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.one_of(st.none(), st.integers(1, 4)), _codes, _codes), min_size=1),
    st.sampled_from(sorted(OUTCOME_DEFINITIONS)),
)
def test_war_overrides_every_outcome_and_classes_stay_in_the_four(
    rows: list[tuple[int | None, int | None, int | None]], definition: str
) -> None:
    frame = pd.DataFrame(
        rows, columns=["crisis_sevviosy", "defender_outcom", "challenger_outcom"]
    ).astype("Int64")
    classes = outcome_classes(frame, definition)
    war_codes = OUTCOME_DEFINITIONS[definition].war_codes
    is_war = frame["crisis_sevviosy"].isin(list(war_codes)).to_numpy(dtype=bool)
    assert (classes[is_war] == "War").all()
    assert not (classes[~is_war] == "War").any()
    assert set(classes.dropna()) <= set(OUTCOME_CLASSES)


# --- covariates ---------------------------------------------------------------------------


def test_covariates_are_numeric_and_complete(dyads: pd.DataFrame) -> None:
    design = baseline_covariates(dyads)
    assert design.index.equals(dyads.index)
    assert not design.isna().any().any()
    assert all(np.issubdtype(t, np.floating) for t in design.dtypes)
    share = design["defender_cinc_share"]
    assert share.between(0, 1).all()


def test_covariates_do_not_see_the_outcome(dyads: pd.DataFrame) -> None:
    """No covariate is built from an outcome, violence, management or termination variable:
    scrambling all of them leaves the design frame unchanged."""
    for variable in COVARIATE_VARIABLES:
        assert not any(variable.endswith(f"_{v}") for v in EXCLUDED_VARIABLES), variable
    design = baseline_covariates(dyads)
    decoded = {ACTOR_DECODED.get(v) for v in EXCLUDED_VARIABLES}
    decoded |= {CRISIS_DECODED.get(v) for v in EXCLUDED_VARIABLES}
    excluded = (set(EXCLUDED_VARIABLES) | decoded) - {None}
    leaked = [
        c
        for c in dyads.columns
        if c.split("_", 1)[0] in {"defender", "challenger", "crisis"}
        and c.split("_", 1)[1] in excluded
    ]
    assert {"defender_outcome", "crisis_violence_severity", "crisis_outcome_form"} <= set(leaked)
    assert "defender_outcom" in leaked and "crisis_sevviosy" in leaked
    scrambled = dyads.copy()
    rng = np.random.default_rng(15)
    for column in leaked:
        scrambled[column] = scrambled[column].sample(frac=1.0, random_state=rng).to_numpy()
    pd.testing.assert_frame_equal(baseline_covariates(scrambled), design)
    for column in design.columns:
        assert not any(v in column for v in ("outcom", "viol", "crismg", "usinv", "suinv"))


def test_docs_icb_example_runs(
    repo_root: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ICB example in docs/data.md runs and gives the sizes its comments state."""
    text = (repo_root / "docs" / "data.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, flags=re.S) if "icb_" in b]
    assert len(blocks) == 1
    monkeypatch.setenv(DATA_DIR_ENV, str(shared_data))
    namespace: dict[str, object] = {}
    exec(compile(blocks[0], "docs/data.md", "exec"), namespace)
    assert len(namespace["crises"]) == 487  # type: ignore[arg-type]
    assert len(namespace["actors"]) == 1078  # type: ignore[arg-type]
    assert len(namespace["dyads"]) == 487  # type: ignore[arg-type]
    assert namespace["X"].shape == (487, 69)  # type: ignore[attr-defined]
