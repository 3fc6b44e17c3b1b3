"""The benchmark's hand-written Đắk Nông scorer agrees with the library, node by node.

``benchmarks/handwritten.py`` is the yardstick the library's speed is held against
(``benchmarks/bench.py``); a yardstick that scored differently would measure nothing.
Here both score 1,200 generated units of the Đắk Nông district rule set (the example's
figures varied, inputs left out, manual points varied, the day before and after the
deadlines), and give the same max, points, pending, lost and status for every node
and the whole; data that breaks a declaration is refused by both.
"""

from __future__ import annotations

import random
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import cchc_index as cc

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import handwritten
from units import RULESET_ID, generate_units, read_example

_DAYS = (date(2023, 9, 20), date(2023, 11, 30), date(2023, 12, 1), date(2024, 2, 1))
_MANUAL = handwritten._MANUAL


def varied(count: int, seed: int) -> list[dict[str, Any]]:
    """Generated units, further varied: days, inputs left out, manual points, province points."""
    rng = random.Random(seed)
    found = []
    for data in generate_units(read_example(), count, seed=seed):
        inputs = dict(data["inputs"])
        if rng.random() < 0.2:  # on a band's edge: 95 % or 85 % on time, a 50 % online rate
            resolved = 20 * rng.randint(0, 500)
            on_time = resolved * rng.choice((17, 19)) // 20
            inputs.update(
                files_carried_over=0,
                files_new=resolved,
                files_received=resolved,
                files_resolved=resolved,
                files_on_time=on_time,
                files_late=resolved - on_time,
                online_service_rate=Decimal(50),
            )
        for name in list(inputs):
            if rng.random() < 0.1:
                del inputs[name]
        criteria: dict[str, Any] = {}
        for code, most in _MANUAL.items():
            if rng.random() < 0.8 and code != "9":
                criteria[code] = {"points": Decimal(rng.randint(0, int(most * 4))) / 4}
        if rng.random() < 0.2:
            criteria["9"] = {"points": rng.randint(0, 10)}
        found.append({**data, "inputs": inputs, "criteria": criteria, "as_of": rng.choice(_DAYS)})
    return found


def library(ruleset: cc.Ruleset, data: dict[str, Any]) -> dict[str, handwritten.Node]:
    result = cc.evaluate(ruleset, data)
    nodes = {n.code: (n.max, n.points, n.pending, n.lost, n.status.value) for n in result.walk()}
    nodes[""] = (result.max, result.points, result.pending, result.lost, result.status.value)
    return nodes


def test_the_hand_written_scorer_gives_every_node_what_the_library_gives() -> None:
    """1,200 units, every node and the whole: max, points, pending, lost, status."""
    ruleset = cc.load_ruleset(RULESET_ID)
    units = [read_example(), *varied(1_200, seed=11)]
    statuses: set[str] = set()
    for data in units:
        expected = library(ruleset, data)
        found = handwritten.score(data)
        assert expected == found, data["unit"]
        statuses.update(node[4] for node in found.values())
    # Every status a node of this rule set can have was met.
    assert {"achieved", "partial", "failed", "not_due", "missing"} <= statuses


@pytest.mark.parametrize(
    "change",
    [
        {"files_late": -1},
        {"files_late": 1.5},
        {"files_on_time": 10**9},
        {"online_service_rate": Decimal("100.5")},
        {"budget_revenue_grade": "tốt"},
        {"digitisation_carried_out": 1},
        {"unknown_input": 1},
        {"institutional_plan_completion": {"value": 75, "estimate": "yes"}},
    ],
)
def test_both_refuse_data_that_breaks_a_declaration(change: dict[str, Any]) -> None:
    """A negative or fractional count, a broken constraint, a value out of range or of
    the wrong type, an unknown input: the library raises InputError, the yardstick too.
    """
    ruleset = cc.load_ruleset(RULESET_ID)
    data = read_example()
    data["inputs"] = {**data["inputs"], **change}

    with pytest.raises(cc.InputError):
        cc.evaluate(ruleset, data)
    with pytest.raises(ValueError, match=r"."):
        handwritten.score(data)
