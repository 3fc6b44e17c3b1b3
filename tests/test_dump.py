"""Rule set → TOML → rule set: nothing is lost between the model and the format."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import cchc_index as cc
from cchc_index.rulefiles.dump import dumps_ruleset

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    "dak-nong/2022/huyen",
    ROOT / "tests/fixtures/every-kind",
    ROOT / "tests/fixtures/year",
    ROOT / "tests/fixtures/extending/dak-nong-2023",
]


@pytest.mark.parametrize("source", SOURCES, ids=str)
def test_round_trip(source: str | Path) -> None:
    """Written out and read back, a rule set is the same rule set."""
    ruleset = cc.load_ruleset(source)
    text = dumps_ruleset(ruleset)
    again = cc.loads_ruleset(text)

    assert ruleset == again  # where things were written is not part of equality
    assert list(ruleset.criteria) == list(again.criteria)
    assert text == dumps_ruleset(again)


def test_flattened_child_scores_the_same() -> None:
    """A chain of extending files, written as one file, scores the same."""
    child = cc.load_ruleset(ROOT / "tests/fixtures/extending/dak-nong-2023")
    flat = cc.loads_ruleset(dumps_ruleset(child))
    example = ROOT / "rules/dak-nong/2022/huyen/examples/dak-song-2023-09-20.toml"
    data = {k: v for k, v in tomllib.loads(example.read_text("utf-8")).items() if k != "ruleset"}

    assert cc.evaluate(child, data).points == cc.evaluate(flat, data).points


def test_text_is_escaped() -> None:
    """Quotes, backslashes and control characters survive."""
    text = (ROOT / "tests/fixtures/every-kind/ruleset.toml").read_text(encoding="utf-8")
    text = text.replace('name = "Sáng kiến CCHC"', 'name = "Sáng kiến \\"mới\\" \\\\ \\t tab"')
    ruleset = cc.loads_ruleset(text)

    assert ruleset["1.2"].name == cc.loads_ruleset(dumps_ruleset(ruleset))["1.2"].name
