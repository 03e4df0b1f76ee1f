"""The core install (``pip install detente``, no extras) gives games, models and ``analyze``.

Each test runs the CLI in a fresh interpreter in which the packages that only the extras bring
(``pyproject.toml``'s ``[project.optional-dependencies]``) cannot be imported, as in a core
install: a core command must work, and an extra's command must say in one line which extra to
install (exit code 2), never a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

#: Import names of the packages the extras add (module name where it differs from the
#: distribution's), checked against pyproject.toml below so the list cannot drift.
EXTRA_ONLY_MODULES = {
    "numba": "numba",
    "llvmlite": "llvmlite",
    "dask": "dask",
    "distributed": "distributed",
    "pyarrow": "pyarrow",
    "pooch": "pooch",
    "formulaic": "formulaic",
    "fastapi": "fastapi",
    "uvicorn": "uvicorn",
    "jinja2": "jinja2",
    "scikit-learn": "sklearn",
}

BLOCKER = """
import sys
for name in {modules!r}:
    sys.modules[name] = None  # 'import name' now raises ImportError, as if not installed
sys.argv = ["detente", *sys.argv[1:]]
from detente.cli.main import run
run()
"""


def _run_core(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    code = BLOCKER.format(modules=sorted(EXTRA_ONLY_MODULES.values()))
    env = {**os.environ, "DETENTE_STORE": str(tmp_path / "runs.duckdb"), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
    )


def _requirement_name(requirement: str) -> str:
    for stop in "<>=[; ":
        requirement = requirement.split(stop)[0]
    return requirement.lower()


def test_the_blocked_packages_are_exactly_the_extras_runtime_packages() -> None:
    """Every runtime extra's package (not a core dependency) is blocked, and nothing else."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    core = {_requirement_name(r) for r in project["dependencies"]}
    extras = project["optional-dependencies"]
    runtime = ("data", "estimate", "parquet", "sim", "validate", "web")
    added = {
        _requirement_name(r)
        for name in runtime
        for r in extras[name]
        if not r.startswith("detente[")
    }
    assert not added & core, "an extra repeats a core dependency"
    # llvmlite and distributed come with numba and dask[distributed]
    assert added | {"llvmlite", "distributed"} == set(EXTRA_ONLY_MODULES)


def test_extras_do_not_repeat_each_other() -> None:
    """No package is listed by two extras (shared ones live in one extra the others name)."""
    extras = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    seen: dict[str, str] = {}
    for extra, requirements in extras.items():
        for requirement in requirements:
            if requirement.startswith("detente["):
                continue
            name = _requirement_name(requirement)
            assert name not in seen, f"{name} is in both [{seen[name]}] and [{extra}]"
            seen[name] = extra


def test_core_install_solves_a_model(tmp_path: Path) -> None:
    result = _run_core(["model", "unilateral_deterrence", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Status Quo" in result.stdout


def test_core_install_runs_the_main_job(tmp_path: Path) -> None:
    result = _run_core(["analyze", "--draws", "256", "--out", str(tmp_path / "out")], tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out").is_dir() and any((tmp_path / "out").iterdir())


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["simulate", "{example}", "--replications", "1"], "detente[sim]"),
        (["sweep", "unilateral_deterrence", "--lhs", "10"], "detente[sim]"),
        (["serve"], "detente[web]"),
        (["fit", "egame12", "--data", "{fit_data}", "--formula", "y ~ x"], "detente[estimate]"),
        (
            [
                "map",
                "unilateral_deterrence",
                "--x",
                "p_def:0:1:3",
                "--y",
                "d_ch:-1:0:3",
                "--out",
                "m.parquet",
            ],
            "detente[parquet]",
        ),
    ],
)
def test_an_extras_command_names_the_extra_in_one_line(
    args: list[str], extra: str, tmp_path: Path
) -> None:
    example = str(REPO_ROOT / "examples" / "simulation.toml")
    fit_data = tmp_path / "fit.csv"
    fit_data.write_text("y,x\n1,0.5\n0,0.2\n1,0.9\n")
    result = _run_core([a.format(example=example, fit_data=fit_data) for a in args], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert extra in result.stderr and len(result.stderr.strip().splitlines()) == 1
