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


#: A sheet of many criteria, none naming an office.
MANY = """\
[ruleset]
id = "thu/2023/xa"
title = "Thử"
level = "xa"
year = 2023
max = 20
{extra}
[inputs.done]
type = "bool"
label = "Đã làm"

[criteria."1"]
name = "Lĩnh vực"
max = 20
""" + "".join(
    f'\n[criteria."1.{i}"]\nname = "Tiêu chí {i}"\nmax = 1\n'
    'rule = { kind = "check", input = "done" }\n'
    for i in range(1, 21)
)


def test_criteria_without_an_office_are_one_warning(tmp_path: Path) -> None:
    """Twenty criteria without an office give one warning naming them, not twenty."""
    (tmp_path / "ruleset.toml").write_text(MANY.replace("{extra}", ""), encoding="utf-8")

    (warning,) = cc.check_ruleset(tmp_path).warnings

    assert warning.message("en").startswith(
        "20 scored criteria have no responsible office (đơn vị chủ trì) on them or above them: "
        "1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 1.10, 1.11, 1.12 and 8 more"
    )
    assert "offices = false" in warning.message("en")


def test_a_sheet_without_offices_says_so(tmp_path: Path) -> None:
    """``offices = false``: no office is expected, so none is missed."""
    (tmp_path / "ruleset.toml").write_text(
        MANY.replace("{extra}", "offices = false\n"), encoding="utf-8"
    )

    assert () == cc.check_ruleset(tmp_path).warnings


def _decree(tmp_path: Path, acknowledge: str) -> cc.CheckReport:
    """HEAD with field 1 printed as 4 over a leaf worth 3."""
    text = HEAD.replace('responsible = "Văn phòng"\n', f'responsible = "Văn phòng"\n{acknowledge}')
    text = text.replace('[inputs.spare]\ntype = "count"\nlabel = "Không dùng"\n\n', "")
    text += (
        '\n[criteria."1.1"]\nname = "Tỷ lệ"\nmax = 3\n'
        'rule = { kind = "linear", input = "rate", zero = 0, full = 1 }\n'
    )
    (tmp_path / "ruleset.toml").write_text(text, encoding="utf-8")
    return cc.check_ruleset(tmp_path)


def test_an_acknowledged_inconsistency_is_a_warning(tmp_path: Path) -> None:
    """The decree's figures are kept; check warns, with the file's own words."""
    report = _decree(tmp_path, 'acknowledge = { sum = "QĐ in 4 điểm, tiêu chí 1.1 in 3 điểm" }\n')

    assert (True, 0) == (report.ok(), len(report.errors))
    (warning,) = report.warnings
    assert "1" == warning.where.node
    assert (
        "the decree's figures are kept as written: the criteria under it add up to 3 but its "
        "max is 4 (QĐ in 4 điểm, tiêu chí 1.1 in 3 điểm)"
    ) in warning.message("en")


def test_without_the_acknowledgement_it_is_an_error(tmp_path: Path) -> None:
    """The same figures, not acknowledged: an error that says how to keep them."""
    report = _decree(tmp_path, "")

    (error,) = report.errors
    assert "acknowledge = { sum" in error.message("en")


def test_a_stale_acknowledgement_is_an_error(tmp_path: Path) -> None:
    """An acknowledgement of a mistake that is not there misleads: it is refused."""
    text = HEAD.replace('responsible = "Văn phòng"\n', 'acknowledge = { sum = "?" }\n')
    text = text.replace('[inputs.spare]\ntype = "count"\nlabel = "Không dùng"\n\n', "")
    text += (
        '\n[criteria."1.1"]\nname = "Tỷ lệ"\nmax = 4\nresponsible = "Văn phòng"\n'
        'rule = { kind = "linear", input = "rate", zero = 0, full = 1 }\n'
    )
    (tmp_path / "ruleset.toml").write_text(text, encoding="utf-8")

    (error,) = cc.check_ruleset(tmp_path).errors

    assert "1" == error.where.node
    assert "says the children do not add up, but they do (4)" in error.message("en")


def test_a_refused_child_is_not_blamed_twice(tmp_path: Path) -> None:
    """A child refused for its own mistake is one error: its parent's sum is not a second."""
    text = HEAD.replace('[inputs.spare]\ntype = "count"\nlabel = "Không dùng"\n\n', "")
    text += '\n[criteria."1.1"]\nname = "Tỷ lệ"\nmax = 4\nrule = { kind = "bands" }\n'
    (tmp_path / "ruleset.toml").write_text(text, encoding="utf-8")

    errors = cc.check_ruleset(tmp_path).errors

    assert {"1.1"} == {e.where.node for e in errors}


def test_an_acknowledgement_in_the_wrong_place_is_an_error(tmp_path: Path) -> None:
    """A leaf's children cannot fail to add up: ``sum`` on a leaf is refused."""
    text = HEAD.replace('responsible = "Văn phòng"\n', 'acknowledge = { sum = "?" }\n')
    text += 'rule = { kind = "linear", input = "rate", zero = 0, full = 1 }\n'
    (tmp_path / "ruleset.toml").write_text(text, encoding="utf-8")

    (error,) = cc.check_ruleset(tmp_path).errors

    assert "'acknowledge.sum' does not apply here" in error.message("en")


def _open(tmp_path: Path, maximum: str) -> cc.CheckReport:
    """HEAD with field 1 as 4 points and a second field whose maximum the decree leaves open."""
    text = HEAD.replace('[inputs.spare]\ntype = "count"\nlabel = "Không dùng"\n\n', "")
    text += 'rule = { kind = "linear", input = "rate", zero = 0, full = 1 }\n'
    text += (
        f'\n[criteria."2"]\nname = "Chưa có điểm"\nmax = {maximum}\nresponsible = "Văn phòng"\n'
        'acknowledge = { open = "bảng điểm để trống" }\n'
        'rule = { kind = "linear", input = "rate", zero = 0, full = 0.8 }\n'
    )
    (tmp_path / "ruleset.toml").write_text(text, encoding="utf-8")
    return cc.check_ruleset(tmp_path)


def test_a_maximum_the_decree_leaves_open_is_a_warning(tmp_path: Path) -> None:
    """Kept at 0 and said to be open: scored and shown, worth nothing, listed by check."""
    report = _open(tmp_path, "0")

    assert () == report.errors
    (warning,) = report.warnings
    assert "2" == warning.where.node
    assert (
        "the decree gives no maximum here: kept at 0 points until it does (bảng điểm để trống)"
    ) in warning.message("en")


def test_an_open_maximum_with_a_figure_is_a_guess(tmp_path: Path) -> None:
    """``open`` with a maximum other than 0 would hide a guessed figure: refused."""
    errors = _open(tmp_path, "2").errors

    assert any(
        "'acknowledge.open' says the decree gives no maximum, but 'max' is 2" in e.message("en")
        for e in errors
    )


def test_reports_carry_the_decrees_kept_figures(tmp_path: Path) -> None:
    """What check warns about is printed with the scores, under its own heading."""
    _open(tmp_path, "0")
    ruleset = cc.load_ruleset(tmp_path)
    result = cc.evaluate(ruleset, {"inputs": {"rate": 0.5}})

    for rendered in (
        cc.render.render_text(result, locale="en"),
        cc.render.render_markdown(result, locale="en"),
        cc.render.render_report_markdown(cc.build_report(result), locale="en"),
    ):
        assert "The decree's figures, kept as written" in rendered
        assert "2: the decree gives no maximum here" in rendered
