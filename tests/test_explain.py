"""Traces in words (``cchc_index.explain``) and the ``explain`` command."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cchc_index as cc
from cchc_index import Explanation, Result, Ruleset, Status, UnknownCodeError
from cchc_index.cli import main
from cchc_index.render import render_explanation
from cchc_index.reports._shown_values import near
from cchc_index.reports.explain import explain_node, quantity
from cchc_index.rulefiles.loader import parse_ruleset
from cchc_index.testing import data_for, raw_rulesets

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "rules/dak-nong/2022/huyen/examples/dak-song-2023-09-20.toml"


@pytest.fixture(scope="module")
def res() -> Result:
    """The seed example's result, Đắk Song on 20/9/2023."""
    rs = cc.load_ruleset("dak-nong/2022/huyen")
    return cc.evaluate(rs, EXAMPLE, as_of=date(2023, 9, 20))


def words(found: Explanation, locale: str = "en") -> str:
    """An explanation as the command prints it."""
    return render_explanation(found, locale=locale)


def test_band_rate_next_band_and_what_it_takes(res: Result) -> None:
    """3.4.1 scored 2 of 4: a rate of 89.4 % in the band [85 %, 95 %); 95 % gives 4."""
    found = cc.explain(res, "3.4.1")
    out = words(found)

    assert (Decimal(2), Decimal(4), Status.PARTIAL) == (found.points, found.max, found.status)
    assert "3.4.1 Share of administrative files resolved on time: 2 of 4 points (partial)" in out
    assert "89.4 %" in out
    assert "in the band ≥ 85 % and < 95 %, which gives 2 points" in out
    assert "the band ≥ 95 % gives 4 points" in out
    assert "Files resolved on time: 15,739" in out
    assert found.needs is not None
    assert "16,724" in found.needs.text("en")
    assert "16.724" in found.needs.text("vi")


def test_vietnamese_numbers(res: Result) -> None:
    """In Vietnamese the rate is 89,4 % and the counts 15.739, whatever the catalog holds."""
    out = words(cc.explain(res, "3.4.1"), "vi")

    assert "89,4 %" in out
    assert "15.739" in out
    assert "17.604" in out
    assert "Văn phòng HĐND&UBND huyện" in out


def test_vietnamese_words(res: Result) -> None:
    """The Vietnamese words (these need the merged catalog)."""
    out = words(cc.explain(res, "3.4.1"), "vi")

    assert "2/4 điểm (đạt một phần)" in out
    assert "thuộc mức ≥ 85 % và < 95 %, được 2 điểm" in out
    assert "Mức tiếp theo: mức ≥ 95 % được 4 điểm" in out
    assert "chưa đến hạn (hạn 30/11/2023)" in words(cc.explain(res, "1.1"), "vi")


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("1.1", "not yet due (deadline 30 Nov 2023)"),
        ("1.2", "Number of innovation initiatives in administrative reform: 1, 1 point each"),
        ("2.1", "75 % (estimate), scored 75 % of the full points"),
        ("3.4.2", "A written apology was sent for every late or faulty file: no"),
        ("5.1", "disciplined in the year: 2, 1 point taken off"),
        ("7.2", "10.94 %, in the band ≤ 50 %"),
        ("8.1", "đạt một phần, worth 50 % of the maximum"),
        ("9", "awaits the province's assessment"),
        ("3.4", "6.5 points lost"),
        ("1", "1 point lost, 1 not yet due"),
    ],
)
def test_reasons(res: Result, code: str, shown: str) -> None:
    """Each kind of loss says why in one line, in the rule's own terms."""
    found = cc.explain(res, code)

    assert found.reason is not None
    assert shown in found.reason.text("en")


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("1.2", "each further item gives 1 point, up to 2"),
        ("5.1", "each occurrence fewer gives back 1 point"),
        ("8.1", "the level “đạt” gives 0.5 points"),
        ("3.4.2", "met, it gives 2 points"),
        ("2.1", "full points at 100 %"),
        ("7.2", "the band > 50 % gives 4 points"),
    ],
)
def test_next_steps(res: Result, code: str, shown: str) -> None:
    """Where the rules are at hand, the next step up is named."""
    found = cc.explain(res, code)

    assert found.next_step is not None
    assert shown == found.next_step.text("en")


def test_achieved_and_parents(res: Result) -> None:
    """A node with nothing lost has no reason; a parent lists its criteria."""
    remainder = cc.explain(res, "1.3")
    parent = cc.explain(res, "3.4")

    assert remainder.reason is None
    assert remainder.next_step is None
    assert [
        "3.4.1 Share of administrative files resolved on time: 2 of 4 points (partial)",
        "3.4.2 Written apologies for late or faulty files: 0 of 2 points (failed)",
        "3.4.3 Digitisation of administrative files and results: 0 of 2.5 points (failed)",
    ] == [child.text("en") for child in parent.children]


def test_read_back_result_explains_from_its_trace(res: Result) -> None:
    """A result read back from JSON explains itself from its trace, without the next step."""
    back = Result.from_dict(res.to_dict())
    found = cc.explain(back, "3.4.1")

    assert found.next_step is None
    assert found.needs is None
    assert found.reason is not None
    assert "89.4 %, in the band ≥ 85 % and < 95 %" == found.reason.text("en")


def test_unknown_code(res: Result) -> None:
    """An unknown code is the library's UnknownCodeError, with a suggestion."""
    with pytest.raises(UnknownCodeError) as caught:
        cc.explain(res, "3.4.9")

    assert "did you mean '3.4.3'" in caught.value.messages("en")[0]


def test_explain_command(capsys: pytest.CaptureFixture[str]) -> None:
    """`cchc-index explain` prints one node's trace in words."""
    args = ["explain", "dak-nong/2022/huyen", str(EXAMPLE), "3.4.1"]

    assert 0 == main([*args, "--locale", "en"])
    out = capsys.readouterr().out
    assert "2 of 4 points" in out
    assert "89.4 %" in out
    assert 0 == main(args)
    assert "89,4 %" in capsys.readouterr().out


def test_explain_command_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown code exits 1 with a located message and a suggestion on stderr."""
    code = main(["explain", "dak-nong/2022/huyen", str(EXAMPLE), "3.4.9", "--locale", "en"])
    captured = capsys.readouterr()

    assert 1 == code
    assert "" == captured.out
    assert "criterion '3.4.9'" in captured.err
    assert "did you mean '3.4.3'" in captured.err


def test_explain_command_as_of(capsys: pytest.CaptureFixture[str]) -> None:
    """After the deadline, a criterion without figures is missing, not pending."""
    args = ["explain", "dak-nong/2022/huyen", str(EXAMPLE), "1.1", "--locale", "en"]

    assert 0 == main([*args, "--as-of", "2023-12-01"])
    assert "the deadline 30 Nov 2023 has passed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("value", "bounds", "shown"),
    [
        (Decimal("89.40581685980458986593955919109293"), [Decimal(85), Decimal(95)], "89.4"),
        (Decimal("94.96"), [Decimal(95)], "94.96"),
        (Decimal("94.996"), [Decimal(95)], "94.996"),
        (Decimal("95.0001"), [Decimal(95)], "95.0001"),
        (Decimal("95"), [Decimal(95)], "95"),
        (Decimal("10.94"), [Decimal(50)], "10.9"),  # far from the bound: one decimal
    ],
)
def test_rates_never_cross_a_bound(value: Decimal, bounds: list[Decimal], shown: str) -> None:
    """A rate is shown with the fewest decimals that keep it on its side of every bound."""
    assert Decimal(shown) == near(value, bounds)


@pytest.mark.parametrize(
    ("value", "en", "vi"),
    [
        (1, "1 point", "1 điểm"),
        (Decimal("2.5"), "2.5 points", "2,5 điểm"),
        (0, "0 points", "0 điểm"),
    ],
)
def test_quantity(value: Decimal | int, en: str, vi: str) -> None:
    """Points are counted in the right form: 1 point, 2.5 points (vi needs the merged catalog)."""
    assert en == quantity(value).text("en")
    assert vi == quantity(value).text("vi")


@st.composite
def _units(draw: st.DrawFn) -> tuple[Ruleset, dict[str, Any]]:
    ruleset = parse_ruleset(draw(raw_rulesets(max_depth=3, max_children=3)))
    return ruleset, draw(data_for(ruleset))


@pytest.mark.property
@given(_units(), st.sampled_from(["vi", "en"]))
def test_every_node_explains_itself(unit: tuple[Ruleset, dict[str, Any]], locale: str) -> None:
    """Every node of any result has words; a reason exactly where points are not obtained."""
    ruleset, data = unit
    result = cc.evaluate(ruleset, data)
    render: Callable[..., str] = render_explanation
    for node in result.walk():
        found = explain_node(node, ruleset, result=result)
        missing = node.status is not Status.NOT_APPLICABLE and bool(node.lost or node.pending)
        assert missing == (found.reason is not None)
        assert len(found.steps) == len(node.trace.steps)
        assert render(found, locale=locale).startswith(node.code)
