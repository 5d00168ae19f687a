"""Deployment files: exact pins, valid Streamlit settings, and a Dockerfile that follows the rules."""

import os
import re
import shlex
import subprocess
import tomllib
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from streamlit import config as st_config

from tests.conftest import ROOT

CONFIGS = [".streamlit/config.toml", ".streamlit/config.public.toml"]


def dockerfile_instructions():
    text = Path(ROOT, "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def dotted_keys(table, prefix=""):
    """``{"theme": {"light": {"primaryColor": …}}}`` → ``theme.light.primaryColor``."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from dotted_keys(value, f"{prefix}{key}.")
        else:
            yield prefix + key


def test_runtime_requirements_are_exact_pins():
    """Every runtime requirement is pinned with ==, Streamlit at 1.67.x."""
    text = Path(ROOT, "requirements.txt").read_text()
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", line) for line in lines), lines
    assert any(line.startswith("streamlit==1.67.") for line in lines)
    assert {line.split("==")[0] for line in lines} >= {"streamlit", "numpy", "plotly", "pandas", "orjson"}


def test_plotly_serialises_with_orjson_and_says_the_same():
    """ui.chart calls plotly.io.to_json, whose 'auto' engine takes orjson when installed (3–4× faster)."""
    fig = go.Figure(go.Scatter(x=np.linspace(0, 1, 5), y=np.array([0.1, np.nan, 1e-300, 2.5, 3.0])))
    fast = pio.to_json(fig, validate=False)  # engine="auto", as ui.chart calls it
    assert pio.json.config.default_engine == "auto"
    assert fast == pio.to_json(fig, validate=False, engine="orjson")
    assert pio.json.from_json(fast) == pio.json.from_json(pio.to_json(fig, validate=False, engine="json"))


@pytest.mark.parametrize("path", CONFIGS)
def test_every_setting_is_a_real_streamlit_option(path):
    """A misspelt key would be ignored silently; each one must exist in Streamlit 1.67."""
    options = st_config.get_config_options()
    settings = tomllib.loads(Path(ROOT, path).read_text())
    keys = list(dotted_keys(settings))
    assert keys and all(key in options for key in keys), [k for k in keys if k not in options]
    assert settings["client"]["showSidebarNavigation"] is False
    assert settings["browser"]["gatherUsageStats"] is False
    assert settings["server"]["enableXsrfProtection"] is True
    assert settings["server"]["maxUploadSize"] <= 1
    assert settings["client"]["toolbarMode"] == "viewer"  # no "Deploy" button for students and teachers
    assert settings["runner"]["postScriptGC"] is False  # a full collection per rerun was most of a class's CPU


def test_public_config_hides_error_details():
    settings = tomllib.loads(Path(ROOT, ".streamlit/config.public.toml").read_text())
    assert settings["client"]["showErrorDetails"] == "none"


def make_commands(target: str) -> str:
    """What ``make target`` would run from scratch (``-B``: as if nothing were installed yet)."""
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}  # as if typed
    command = ["make", "--no-print-directory", "-n", "-B", target]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout


def test_make_run_installs_only_the_runtime_requirements():
    """A newcomer's `make run` builds an environment without the test tools; `make test` adds them on top."""
    run, test = make_commands("run"), make_commands("test")
    assert "-r requirements.txt" in run and "requirements-dev.txt" not in run
    assert "-r requirements.txt" in test and "-r requirements-dev.txt" in test
    assert run.rstrip().endswith("-m streamlit run app.py")


def test_dockerfile_slim_non_root_with_health_check_on_all_interfaces():
    """Slim base, a non-root USER before CMD, HEALTHCHECK on /_stcore/health, server bound to 0.0.0.0."""
    instructions = dockerfile_instructions()
    kinds = [kind for kind, _ in instructions]
    assert re.fullmatch(r"python:3\.1[1-9]-slim", dict(instructions)["FROM"])
    user = dict(instructions)["USER"]
    assert user not in {"root", "0"} and kinds.index("USER") < kinds.index("CMD")
    assert "/_stcore/health" in dict(instructions)["HEALTHCHECK"]
    cmd = dict(instructions)["CMD"]
    assert "--server.address=0.0.0.0" in cmd and "app.py" in cmd


def test_dockerfile_copies_only_what_exists():
    """Every COPY source is in the repository, and the public config becomes the image's config."""
    copies = [shlex.split(args) for kind, args in dockerfile_instructions() if kind == "COPY"]
    for args in copies:
        sources = [a for a in args[:-1] if not a.startswith("--")]
        assert all(Path(ROOT, s).exists() for s in sources), sources
    assert any(".streamlit/config.public.toml" in args for args in copies)
