"""Properties of layers, batches and the rule-file format, over generated rule sets."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cchc_index as cc
from cchc_index.rulefiles.dump import dumps_ruleset
from cchc_index.testing import DRAWN_KINDS, data_for, rulesets

pytestmark = pytest.mark.property

SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SLOW
@given(rulesets())
def test_rule_set_toml_rule_set(ruleset: cc.Ruleset) -> None:
    """A rule set written as TOML and read back is the same rule set, and writes the same."""
    text = dumps_ruleset(ruleset)
    again = cc.loads_ruleset(text)

    assert ruleset == again
    assert text == dumps_ruleset(again)


#: Group-relative criteria score differently in a batch by design (tests/test_batch.py).
ALONE = [kind for kind in DRAWN_KINDS if kind != "relative"]


@SLOW
@given(
    rulesets(kinds=ALONE).flatmap(
        lambda rs: st.tuples(st.just(rs), st.lists(data_for(rs), min_size=1, max_size=4))
    )
)
def test_evaluate_many_equals_evaluate(drawn: tuple[cc.Ruleset, list[dict[str, Any]]]) -> None:
    """Each batch result is what evaluate gives for that unit alone, in order."""
    ruleset, units = drawn
    batch = list(cc.evaluate_many(ruleset, units))

    assert [i for i, _ in enumerate(units)] == [item.index for item in batch]
    assert [cc.evaluate(ruleset, unit) for unit in units] == [item.result for item in batch]


def _ancestors(code: str) -> set[str]:
    parts = code.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}


@st.composite
def layered(draw: st.DrawFn) -> tuple[cc.Ruleset, dict[str, Any], dict[str, Any]]:
    """A rule set, a unit's data, and a later layer giving some of another unit's values.

    The later layer only carries inputs that no constraint ties to others, so the
    layered data stays valid whatever the two draws hold.
    """
    ruleset = draw(rulesets())
    first = draw(data_for(ruleset))
    second = draw(data_for(ruleset))
    constrained = {n for c in ruleset.constraints for n in c.expression.names}
    free = sorted(n for n in second.get("inputs", {}) if n not in constrained)
    chosen = draw(st.lists(st.sampled_from(free), unique=True)) if free else []
    later = {"inputs": {n: second["inputs"][n] for n in chosen}}
    return ruleset, first, later


@SLOW
@given(rulesets().flatmap(lambda rs: st.tuples(st.just(rs), data_for(rs, layers=True))))
def test_layered_data_keeps_the_invariants(drawn: tuple[cc.Ruleset, dict[str, Any]]) -> None:
    """Layered data from data_for(layers=True) is valid, and every layer's result is exact."""
    ruleset, data = drawn
    result = cc.evaluate(ruleset, data)

    for layer in result.layers.values():
        for node in layer.walk():
            assert node.points + node.pending + node.lost == node.max
            assert 0 <= node.points <= node.max
    assert {c.layer for c in result.changes()} <= set(ruleset.layers[1:])


@SLOW
@given(layered())
def test_a_later_layer_changes_only_the_nodes_it_touches(
    drawn: tuple[cc.Ruleset, dict[str, Any], dict[str, Any]],
) -> None:
    """Nodes that read none of the later layer's inputs keep their result exactly."""
    ruleset, first, later = drawn
    top = {k: v for k, v in first.items() if k not in ("inputs", "criteria")}
    own = {"inputs": first.get("inputs", {}), "criteria": first.get("criteria", {})}
    data = {**top, "layers": {ruleset.layers[0]: own, ruleset.layers[1]: later}}
    try:
        result = cc.evaluate(ruleset, data)
    except cc.InputError:
        # The unit's own layer may not carry what only the province gives.
        return
    before = result.layers[ruleset.layers[0]]
    touched: set[str] = set()
    for leaf in ruleset.leaves():
        condition = leaf.not_applicable_when
        read = leaf.rule.names if leaf.rule is not None else frozenset()
        read |= condition.names if condition is not None else frozenset()
        if read & later["inputs"].keys():
            touched |= _ancestors(leaf.code)

    for node in result.walk():
        if node.code not in touched:
            assert before[node.code] == node, node.code
    assert {c.code for c in result.changes()} <= touched
