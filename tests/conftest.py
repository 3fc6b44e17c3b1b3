"""Fixtures shared by the core's tests."""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import settings

from _profiles import register_profiles
from cchc_index import Ruleset, load_ruleset
from helpers import FIXTURES, ruleset_from


@pytest.fixture(scope="session")
def every_kind() -> Ruleset:
    """The fixture rule set that uses every scoring kind (it is frozen, so shared)."""
    return load_ruleset(FIXTURES / "every-kind")


@pytest.fixture
def every_kind_data() -> dict[str, Any]:
    """The fixture unit's raw data, read afresh for each test so a test may change it."""
    text = (FIXTURES / "every-kind-data.toml").read_text(encoding="utf-8")
    return tomllib.loads(text, parse_float=Decimal)


@pytest.fixture
def make_ruleset() -> Callable[..., Ruleset]:
    """Build a small rule set from plain mappings: see :func:`helpers.ruleset_from`."""
    return ruleset_from


# Hypothesis profiles: `dev` locally, `ci` in CI (nox sets it), `thorough` for nox -s property.
register_profiles()
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """After a run with the fuzz tests, say how many inputs they tried and how many escaped."""
    fuzz = sys.modules.get("test_fuzz")
    tally = getattr(fuzz, "TALLY", None)
    if tally and tally["tried"]:
        terminalreporter.write_line(
            f"fuzz: {tally['tried']:,} inputs tried, {tally['escapes']} escaped the "
            "library's errors"
        )
