"""What-if: the next attainable points of each leaf, and the change of figures they take."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

import cchc_index as cc

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "rules/dak-nong/2022/huyen/examples/dak-song-2023-09-20.toml"
SEED = cc.evaluate(cc.load_ruleset("dak-nong/2022/huyen"), EXAMPLE)


def test_seed_opportunities_are_bounded() -> None:
    """Non-empty, every gain positive, and never more than the leaf's lost + pending."""
    found = SEED.opportunities()

    assert found
    assert all(o.gain > 0 for o in found)
    for opportunity in found:
        node = SEED[opportunity.code]
        assert opportunity.gain <= node.lost + node.pending
    assert sum((o.gain for o in found), D(0)) <= SEED.lost + SEED.pending


def test_sorted_by_gain() -> None:
    """The largest gains come first."""
    gains = [o.gain for o in SEED.opportunities()]

    assert sorted(gains, reverse=True) == gains


def test_on_time_rate_names_the_files_needed() -> None:
    """The on-time step moves 985 late files to on time: 95 % of 17.604 is 16.723,8."""
    [step] = [o for o in SEED.opportunities(locale="vi") if o.code == "3.4.1"]

    assert D("2") == step.gain
    assert [("files_on_time", 15739, 16724), ("files_late", 1865, 880)] == [
        (c.name, c.before, c.after) for c in step.changes
    ]
    assert "15.739 → 16.724 (+985)" in step.needs
    assert "Văn phòng HĐND&UBND huyện" == step.responsible


def test_english_needs() -> None:
    """locale='en' writes the labels and numbers the English way."""
    [step] = [o for o in SEED.opportunities(locale="en") if o.code == "3.4.1"]

    assert "Files resolved on time 15,739 → 16,724 (+985)" in step.needs


def test_yes_no_and_pending() -> None:
    """A failed yes/no needs a yes; a not-yet-due leaf offers its pending points."""
    found = {o.code: o for o in SEED.opportunities(locale="en")}

    change = found["3.4.2"].changes[0]
    assert ("apologised_all_late_files", False, True) == (change.name, change.before, change.after)
    assert D("1") == found["1.1"].gain
    assert "not yet due (deadline 30 Nov 2023)" == found["1.1"].needs


def test_proportional_aims_at_full_points() -> None:
    """A linear rule's opportunity is its full points, not the next hundredth."""
    found = {o.code: o for o in SEED.opportunities()}

    assert D("2.3") == found["2.1"].gain


def test_constraints_are_kept() -> None:
    """Every suggested change keeps the declared constraints."""
    rs = cc.load_ruleset("dak-nong/2022/huyen")
    assert SEED.context is not None
    known = SEED.context.known
    criteria = {code: {"points": points} for code, points in known.points.items()}
    for opportunity in SEED.opportunities():
        if not opportunity.changes:
            continue
        inputs = {**known.inputs, **{c.name: c.after for c in opportunity.changes}}
        data = {"period": 2023, "as_of": "2023-09-20", "inputs": inputs, "criteria": criteria}
        after = cc.evaluate(rs, data)
        assert after[opportunity.code].points == SEED[opportunity.code].points + opportunity.gain


def test_read_back_result_cannot_answer() -> None:
    """A result read back from JSON has no rules and data: asking is a clear error."""
    back = cc.Result.from_dict(json.loads(json.dumps(SEED.to_dict())))

    with pytest.raises(cc.InputError):
        back.opportunities()


RATE = cc.loads_ruleset("""
[ruleset]
id = "mau/2026/xa"
title = "Mẫu"
level = "xa"
year = 2026
max = 4
offices = false
[inputs.files]
type = "count"
label = "Hồ sơ thuộc thẩm quyền"
[inputs.digitised]
type = "count"
label = "Hồ sơ số hóa"
[constraints.part]
expr = "digitised <= files"
[criteria."1"]
name = "Tỷ lệ số hóa"
max = 4
rule = { kind = "linear", metric = "div(digitised, files)", zero = 0, full = 0.8 }
""")


def test_a_whole_is_never_lowered_to_raise_a_rate() -> None:
    """Fewer files in scope would raise the rate sooner, but no unit can aim at that."""
    res = cc.evaluate(RATE, {"inputs": {"files": 120_000, "digitised": 84_000}})
    (step,) = res.opportunities(locale="en")
    assert [(c.name, c.before, c.after) for c in step.changes] == [("digitised", 84_000, 96_000)]


def test_full_points_are_aimed_at_unrounded() -> None:
    """95.880 files round up to 4 points; the figure to aim at is 96.000 (80 %)."""
    res = cc.evaluate(RATE, {"inputs": {"files": 120_000, "digitised": 84_000}})
    (step,) = res.opportunities(locale="en")
    assert (step.gain, step.changes[0].after) == (D("0.5"), 96_000)
