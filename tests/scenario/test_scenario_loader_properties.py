"""Property tests: random and mutated scenario files never crash the loader with anything but a
detente error (one line naming the input)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.errors import DetenteError
from detente.scenario import bundled_scenarios, load_scenario

BUNDLED = [p.read_text() for p in bundled_scenarios().values()]
TOKENS = [
    "=",
    "[",
    "]",
    "{",
    "}",
    '"',
    "\n",
    "1.3",
    "-2",
    "nan",
    "inf",
    "lo",
    "hi",
    "dist",
    '"uniform"',
    '"normal"',
    '"beta"',
    '"likely"',
    "actors",
    "crisis",
    ".",
    ",",
    "true",
    "[[alliances]]",
    "patron",
    "protege",
    "0",
    "1e309",
    "values = []",
]


def _load_or_detente_error(text: str) -> None:
    try:
        load_scenario(text, name="fuzz")
    except DetenteError as exc:
        assert "\n" not in str(exc).strip()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text_never_raises_anything_but_detente_errors(text):
    _load_or_detente_error("[scenario]\n" + text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(BUNDLED),
    st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 40), st.sampled_from(TOKENS)),
        min_size=1,
        max_size=6,
    ),
)
def test_mutated_bundled_files_never_raise_anything_but_detente_errors(text, edits):
    for pos, cut, token in edits:
        i = pos % (len(text) + 1)
        text = text[:i] + token + text[i + cut :]
    _load_or_detente_error(text)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["resolve", "stakes", "cost_of_war", "capability"]),
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=12),
        st.dictionaries(
            st.sampled_from(["dist", "lo", "hi", "mean", "sd", "a", "b", "mode", "values"]),
            st.one_of(
                st.floats(-3, 3),
                st.sampled_from(["uniform", "beta", "discrete"]),
                st.lists(st.floats(-1, 2), max_size=3),
            ),
            max_size=4,
        ),
    ),
)
def test_any_value_in_an_uncertain_field_is_accepted_or_a_detente_error(field, value):
    import json

    def toml_value(v):
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(toml_value(x) for x in v) + "]"
        if isinstance(v, float):
            return (
                repr(v)
                if v == v and abs(v) != float("inf")
                else ("nan" if v != v else ("inf" if v > 0 else "-inf"))
            )
        return json.dumps(v)

    text = (
        '[scenario]\ntitle = "t"\n[actors.a]\ncapability = 0.5\nstakes = 0.5\ncost_of_war = 0.5\n'
        f"[actors.b]\ncapability = 0.5\nstakes = 0.5\ncost_of_war = 0.5\n{field} = "
        f"{toml_value(value)}\n"
        '[crisis]\nchallenger = "a"\ndefender = "b"\n'
    )
    text = text.replace(f"{field} = 0.5\n{field} =", f"{field} =")
    _load_or_detente_error(text)
