"""check_ruleset() and `cchc-index check`: validation, lints, worked examples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import cchc_index as cc
from cchc_index.cli import main

ROOT = Path(__file__).resolve().parents[1]
DAK_NONG = ROOT / "rules/dak-nong/2022/huyen"
REVISION = ROOT / "tests/fixtures/extending/dak-nong-2023"

HEAD = """\
[ruleset]
id = "thu/2023/xa"
title = "Thử"
level = "xa"
year = 2023
max = 4

[inputs.rate]
type = "ratio"
label = "Tỷ lệ"

[inputs.spare]
type = "count"
label = "Không dùng"

[criteria."1"]
name = "Tỷ lệ"
max = 4
responsible = "Văn phòng"
"""


def test_bundled_rule_set_passes(capsys: pytest.CaptureFixture[str]) -> None:
    """The Đắk Nông rule set validates and its example passes: exit 0."""
    report = cc.check_ruleset("dak-nong/2022/huyen")

    assert (True, 0) == (report.ok(), len(report.errors))
    assert [True] == [e.passed for e in report.examples]
    assert 0 == main(["check", str(DAK_NONG)])
    assert "1/1" in capsys.readouterr().out


def test_child_with_wrong_max_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A child that sets field 1's max to 15 fails check, with a message naming node 1."""
    (tmp_path / "ruleset.toml").write_text(
        '[ruleset]\nextends = "dak-nong/2022/huyen"\nid = "thu/2022/huyen"\ntitle = "Thử"\n'
        '\n[criteria."1"]\nmax = 15\n',
        encoding="utf-8",
    )

    assert 1 == main(["check", str(tmp_path), "--locale", "en"])
    out = capsys.readouterr().out
    assert f"{tmp_path / 'ruleset.toml'}:7, criterion '1': error:" in out
    assert "but the max of '1' is 15" in out


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (
            'rule = { kind = "bands", input = "rate", bands = [{ at_least = 0.5, points = 4 }] }',
            "values of 'rate' below 0.5 fall in no band",
        ),
        (
            'rule = { kind = "bands", input = "rate", bands = [{ below = 0.5, points = 4 }] }',
            "values of 'rate' at or above 0.5 fall in no band",
        ),
    ],
)
def test_bands_leaving_the_range_unscored(tmp_path: Path, rule: str, words: str) -> None:
    """Bands that leave part of an input's declared range unscored are warned about."""
    (tmp_path / "ruleset.toml").write_text(HEAD + rule + "\n", encoding="utf-8")
    report = cc.check_ruleset(tmp_path)

    assert report.ok()
    assert not report.ok(strict=True)
    messages = [w.message("en") for w in report.warnings]
    assert any(words in m and "fix: add a band" in m for m in messages), messages
    assert any("'spare' is declared but no rule" in m for m in messages)


def test_full_coverage_is_quiet(tmp_path: Path) -> None:
    """Bands covering the ratio's whole range, inputs all used: no warning."""
    rule = (
        'rule = { kind = "bands", input = "rate", bands = '
        "[{ at_least = 0.5, points = 4 }, { below = 0.5, points = 0 }] }\n"
    )
    text = HEAD.replace('[inputs.spare]\ntype = "count"\nlabel = "Không dùng"\n\n', "") + rule
    (tmp_path / "ruleset.toml").write_text(text, encoding="utf-8")

    assert () == cc.check_ruleset(tmp_path).warnings


def test_no_office_and_dates_outside_the_year(tmp_path: Path) -> None:
    """A leaf with no office anywhere above it, and a dated deadline of another year."""
    text = HEAD.replace('responsible = "Văn phòng"\n', "due = 2024-03-01\n") + (
        'rule = { kind = "linear", input = "rate", zero = 0, full = 1 }\n'
    )
    (tmp_path / "ruleset.toml").write_text(text, encoding="utf-8")

    messages = [w.message("en") for w in cc.check_ruleset(tmp_path).warnings]

    assert any("no responsible office" in m for m in messages)
    assert any("deadline 01/03/2024 is outside the rule set's year 2023" in m for m in messages)


def test_failing_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An example whose result differs from its [expected] fails the check."""
    shutil.copytree(DAK_NONG, tmp_path / "huyen")
    example = tmp_path / "huyen/examples/dak-song-2023-09-20.toml"
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace("innovation_initiatives = 1", "innovation_initiatives = 2"))

    report = cc.check_ruleset(tmp_path / "huyen")

    assert not report.ok()
    assert 1 == main(["check", str(tmp_path / "huyen"), "--locale", "en"])
    assert "FAILED" in capsys.readouterr().out


def test_unloadable_rule_set_is_reported(tmp_path: Path) -> None:
    """A rule set that does not load is a report of errors, not an exception."""
    (tmp_path / "ruleset.toml").write_text("[ruleset\n", encoding="utf-8")
    report = cc.check_ruleset(tmp_path)

    assert (False, None) == (report.ok(), report.ruleset)
    assert 1 == report.errors[0].where.line


def test_revision_warns_about_its_unused_input() -> None:
    """The documented revision passes, warning about the input it no longer uses."""
    report = cc.check_ruleset(REVISION)

    assert report.ok()
    assert ["digitisation_carried_out"] == [w.where.input for w in report.warnings if w.where.input]
