"""Properties of evaluation over random rule sets and unit data (``cchc_index.testing``).

The number of examples comes from the Hypothesis profile loaded in ``conftest.py``
(``HYPOTHESIS_PROFILE``: ``dev``, ``ci`` or ``thorough``; see ``tests/_profiles.py``).
"""

from __future__ import annotations

import copy
import decimal
import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from cchc_index import InputError, NodeResult, Result, Ruleset, Status, evaluate, evaluate_many
from cchc_index.numbers import CONTEXT
from cchc_index.rulefiles.loader import parse_ruleset
from cchc_index.testing import DRAWN_KINDS, bands, data_for, raw_rulesets

pytestmark = pytest.mark.property

_ZERO = Decimal(0)


class Case:
    """A drawn rule set (raw, as a rule file gives it, and loaded) with data for it.

    Shown as its raw rule set and data only: that is what a failing example needs.
    """

    def __init__(self, raw: dict[str, Any], data: dict[str, Any]) -> None:
        self.raw = raw
        self.data = data
        self.ruleset = parse_ruleset(raw)

    def __repr__(self) -> str:
        return f"Case(raw={self.raw!r}, data={self.data!r})"


@st.composite
def cases(draw: st.DrawFn, /, *, invalid: bool = False, **options: Any) -> Case:
    """A rule set from ``raw_rulesets(**options)`` and (``invalid``) data for it."""
    case = Case(draw(raw_rulesets(**options)), {})
    case.data = draw(data_for(case.ruleset, invalid=invalid))
    return case


_Parent = tuple[Decimal, list[NodeResult], NodeResult | Result]


def _children(result: Result, ruleset: Ruleset) -> list[_Parent]:
    """Every parent of the result, and the whole: (declared max, children's results, result)."""
    found: list[_Parent] = [(ruleset.max, [result[code] for code in ruleset.fields], result)]
    for node in result.walk():
        if not node.is_leaf:
            found.append((ruleset[node.code].max, [result[c] for c in node.children], node))
    return found


def _everything(result: Result) -> list[NodeResult | Result]:
    """Every node of the result, then the result itself (the whole rule set)."""
    return [*result.walk(), result]


def _total(values: list[Decimal]) -> Decimal:
    return sum(values, _ZERO)


def _totals(node: NodeResult | Result) -> tuple[Decimal, ...]:
    return node.max, node.points, node.pending, node.lost


# -- the arithmetic of every result ----------------------------------------------------------


@given(cases())
def test_points_stay_within_zero_and_max(case: Case) -> None:
    """0 ≤ points ≤ max at every node and for the whole; pending and lost never negative."""
    result = evaluate(case.ruleset, case.data)
    for node in _everything(result):
        assert 0 <= node.points <= node.max
        assert node.pending >= 0
        assert node.lost >= 0


@given(cases())
def test_points_pending_and_lost_add_up_to_max_exactly(case: Case) -> None:
    """points + pending + lost == max, exactly, at every node and for the whole."""
    result = evaluate(case.ruleset, case.data)
    for node in _everything(result):
        assert node.max == node.points + node.pending + node.lost
        assert node.potential == node.points + node.pending
    with decimal.localcontext(CONTEXT):
        index = case.ruleset.rounding(result.points / result.max * 100) if result.max else 0
    assert index == result.index


@given(cases())
def test_parents_sum_their_children_or_rescale_them(case: Case) -> None:
    """A parent is the sum of its children; when some were not assigned (rescale), the rest's
    points are scaled up to the parent's max and rounded by the rule set's policy, unless a
    rescale scope above takes them over: then the parent sums, its max reduced.
    """
    ruleset, result = case.ruleset, evaluate(case.ruleset, case.data)
    for declared, kids, parent in _children(result, ruleset):
        remaining = _total([k.max for k in kids])
        totals = [_total([getattr(k, a) for k in kids]) for a in ("points", "pending", "lost")]
        if remaining == declared:
            assert (declared, *totals) == _totals(parent)
        elif remaining == 0:  # every child left: so does the parent
            assert _totals(parent) == (_ZERO,) * 4
        elif isinstance(parent, NodeResult) and _defers(ruleset, parent.code):
            assert (remaining, *totals) == _totals(parent)
        else:
            with decimal.localcontext(CONTEXT):
                scaled = ruleset.rounding(_total([k.points for k in kids]) * declared / remaining)
            assert parent.max == declared
            assert parent.points == min(scaled, declared)


def _defers(ruleset: Ruleset, code: str) -> bool:
    """Whether a rescale scope above ``code`` (and not ``code`` itself) rescales its leaves."""
    if ruleset[code].rescale_scope:
        return False
    parent = ruleset[code].parent
    while parent is not None:
        if ruleset[parent].rescale_scope:
            return True
        parent = ruleset[parent].parent
    return False


#: Regression: field 1's only weighted child is not assigned, so field 1 leaves the rule
#: set's max (2 → 1, rescaled); it once showed as "achieved 0/0", the rescale as "without ".
LEFT_PARENT_EXAMPLE = Case(
    {
        "ruleset": {"id": "mau/2023/xa", "title": "Bộ mẫu", "level": "xa", "year": 2023, "max": 2},
        "inputs": {"a": {"type": "bool", "label": "A"}},
        "criteria": {
            "1": {"name": "Lĩnh vực 1", "max": 1},
            "1.1": {
                "name": "x",
                "max": 1,
                "not_applicable": "rescale",
                "rule": {"kind": "check", "input": "a"},
            },
            "1.2": {"name": "y", "max": 0, "rule": {"kind": "check", "input": "a"}},
            "2": {"name": "Lĩnh vực 2", "max": 1, "rule": {"kind": "check", "input": "a"}},
        },
    },
    {"inputs": {"a": False}, "criteria": {"1.1": {"not_applicable": True}}},
)


@example(LEFT_PARENT_EXAMPLE)
@given(cases())
def test_a_node_that_leaves_the_maximum_is_not_applicable(case: Case) -> None:
    """A node whose declared max is lost to rescaling (result max 0) is not applicable."""
    ruleset, result = case.ruleset, evaluate(case.ruleset, case.data)
    for node in result.walk():
        if node.max == 0 and ruleset[node.code].max > 0:
            assert node.status is Status.NOT_APPLICABLE


#: Regression: the smallest rescale where rounding points and pending separately once
#: moved potential, with the default rounding (2 places, half-up):
#: 1.01 points achieved and 1.01 pending, scaled by 6.06 / 4.04 = 1.5, give 1.52 + 1.52
#: = 3.04 potential, and 3.02 lost instead of 2.02 × 1.5 = 3.03; once ``a`` is withdrawn
#: before its deadline, 2.02 pending gives 3.03 potential: potential fell.
RESCALE_EXAMPLE = Case(
    {
        "ruleset": {
            "id": "mau/2023/xa",
            "title": "Bộ tiêu chí mẫu",
            "level": "xa",
            "year": 2023,
            "max": Decimal("6.06"),
        },
        "inputs": {"a": {"type": "bool", "label": "A"}, "b": {"type": "bool", "label": "B"}},
        "criteria": {
            "1": {"name": "Lĩnh vực", "max": Decimal("6.06")},
            "1.1": {
                "name": "a",
                "max": Decimal("1.01"),
                "due": "30/11",
                "rule": {"kind": "check", "input": "a"},
            },
            "1.2": {
                "name": "b",
                "max": Decimal("1.01"),
                "due": "30/11",
                "rule": {"kind": "check", "input": "b"},
            },
            "1.3": {"name": "c", "max": Decimal("2.02"), "rule": {"kind": "manual"}},
            "1.4": {
                "name": "d",
                "max": Decimal("2.02"),
                "not_applicable": "rescale",
                "rule": {"kind": "manual"},
            },
        },
    },
    {
        "as_of": date(2023, 6, 1),
        "inputs": {"a": True},
        "criteria": {"1.3": {"points": 0}, "1.4": {"not_applicable": True}},
    },
)


@example(RESCALE_EXAMPLE)
@given(cases())
def test_rescaled_potential_stays_within_one_rounding_step(case: Case) -> None:
    """A rescaled parent's potential (so its lost too) is its children's, scaled, rounded once."""
    ruleset, result = case.ruleset, evaluate(case.ruleset, case.data)
    step = Decimal(1).scaleb(-ruleset.rounding.places)
    for declared, kids, parent in _children(result, ruleset):
        remaining = _total([k.max for k in kids])
        # Below a rescale scope a parent only sums: the scope rescales, once.
        within = isinstance(parent, NodeResult) and _defers(ruleset, parent.code)
        if remaining in (0, declared) or within:
            continue
        with decimal.localcontext(CONTEXT):
            potential = _total([k.potential for k in kids]) * declared / remaining
        assert abs(parent.potential - potential) < step


@given(cases())
def test_leaves_agree_with_their_state(case: Case) -> None:
    """A leaf's status matches its numbers; estimates and not-applicable policies show."""
    ruleset, result = case.ruleset, evaluate(case.ruleset, case.data)
    assert result.estimated or not any(f.estimated for f in result.fields)
    for node in result.walk():
        criterion = ruleset[node.code]
        assert node.children == criterion.children
        if not node.is_leaf:  # estimates are carried up the tree
            assert node.estimated or not any(result[c].estimated for c in node.children)
            continue
        declared = criterion.max
        if node.status is Status.NOT_APPLICABLE:
            full = criterion.not_applicable.value == "full"
            assert _totals(node) == ((declared, declared, _ZERO, _ZERO) if full else (_ZERO,) * 4)
            continue
        assert node.max == declared
        expected = {
            Status.NOT_DUE: (declared, _ZERO, declared, _ZERO),
            Status.MISSING: (declared, _ZERO, _ZERO, declared),
            Status.ACHIEVED: (declared, declared, _ZERO, _ZERO),
        }.get(node.status)
        if expected is not None:
            assert _totals(node) == expected
        elif node.status is Status.PARTIAL:
            assert 0 < node.points < declared
            assert node.pending == 0
        else:
            assert node.status is Status.FAILED
            assert node.points == 0
            assert node.pending == 0


# -- behaviour over changing data ----------------------------------------------------------

_DOMAINS = {
    "count": (Decimal(0), Decimal(1000)),
    "number": (Decimal(-1000), Decimal(1000)),
    "ratio": (Decimal(0), Decimal(1)),
    "percent": (Decimal(0), Decimal(100)),
}


@st.composite
def monotone_rulesets(draw: st.DrawFn) -> tuple[dict[str, Any], Decimal, Decimal]:
    """A rule set whose leaves all read one input ``x`` (bands rising with ``x``, linear with
    ``zero < full``, per_item, deduct), and two values ``low <= high`` of ``x``.
    """
    kind = draw(st.sampled_from(sorted(_DOMAINS)))
    low, high = _DOMAINS[kind]
    cents = st.integers(0, 2_000).map(lambda n: Decimal(n) / 100)
    values = st.integers(int(low * 10_000), int(high * 10_000)).map(lambda n: Decimal(n) / 10_000)
    if kind == "count":
        values = st.integers(0, 1000).map(Decimal)
    maxima = draw(st.lists(cents, min_size=4, max_size=4))
    zero, full = sorted(draw(st.lists(values, min_size=2, max_size=2, unique=True)))
    rules: list[dict[str, Any]] = [
        {
            "kind": "bands",
            "input": "x",
            "bands": draw(bands(maxima[0], low, high, increasing=True)),
        },
        {"kind": "linear", "input": "x", "zero": zero, "full": full},
    ]
    if kind in ("count", "number"):
        per = draw(cents.filter(bool))
        rules.append({"kind": "per_item", "input": "x", "per_item": per})
        rules.append({"kind": "deduct", "input": "x", "per": per})
    criteria = {
        str(i): {"name": f"Tiêu chí {i}", "max": maximum, "rule": rule}
        for i, (maximum, rule) in enumerate(zip(maxima, rules, strict=False), start=1)
    }
    raw: dict[str, Any] = {
        "ruleset": {
            "id": "mau/2023/xa",
            "title": "Bộ tiêu chí đơn điệu",
            "level": "xa",
            "year": 2023,
            "max": sum(maxima[: len(rules)]),
            "rounding": {
                "places": draw(st.integers(0, 3)),
                "mode": draw(st.sampled_from(["half_up", "half_even", "down", "up"])),
            },
        },
        "inputs": {"x": {"type": kind, "label": "Giá trị"}},
        "criteria": criteria,
    }
    assume(raw["ruleset"]["max"] > 0)
    first, second = sorted(draw(st.lists(values, min_size=2, max_size=2)))
    return raw, first, second


@given(monotone_rulesets())
def test_raising_an_input_never_lowers_bands_linear_or_per_item_points(
    drawn: tuple[dict[str, Any], Decimal, Decimal],
) -> None:
    """More of a good thing never costs points (and more deductions never earn any)."""
    raw, low, high = drawn
    ruleset = parse_ruleset(raw)
    smaller = evaluate(ruleset, {"inputs": {"x": low}})
    larger = evaluate(ruleset, {"inputs": {"x": high}})
    for leaf in ruleset.leaves():
        assert leaf.rule is not None
        before, after = smaller[leaf.code].points, larger[leaf.code].points
        if leaf.rule.name == "deduct":
            assert after <= before
        else:
            assert after >= before


@st.composite
def waiting_cases(draw: st.DrawFn, /, **options: Any) -> tuple[Case, str, date]:
    """A case, one input its data gives, and a day before the deadline of every leaf reading it."""
    case = draw(cases(**options))
    given_inputs = sorted(case.data.get("inputs", {}))
    assume(given_inputs)
    name = draw(st.sampled_from(given_inputs))
    year = case.ruleset.year
    # A leaf reads the inputs of its rule and of its not_applicable_when condition.
    dues = [
        leaf.due_in(year)
        for leaf in case.ruleset.leaves()
        if leaf.rule is not None
        and (
            name in leaf.rule.names
            or (leaf.not_applicable_when is not None and name in leaf.not_applicable_when.names)
        )
    ]
    last = min(dues, default=date(year, 12, 31)) - timedelta(days=1)
    assume(last.year == year)
    return case, name, draw(st.dates(date(year, 1, 1), last))


def _withdrawing_never_lowers_potential(case: Case, name: str, as_of: date) -> None:
    without = copy.deepcopy(case.data)
    del without["inputs"][name]
    before = evaluate(case.ruleset, case.data, as_of=as_of)
    after = evaluate(case.ruleset, without, as_of=as_of)
    assert after.potential >= before.potential
    for node in before.walk():
        assert after[node.code].potential >= node.potential


@given(waiting_cases(not_applicable="full"))
def test_an_input_not_yet_due_never_lowers_potential_without_rescaling(
    drawn: tuple[Case, str, date],
) -> None:
    """Withdrawing a value before its deadline leaves its points pending: potential never falls
    (rule sets whose parents only sum).
    """
    _withdrawing_never_lowers_potential(*drawn)


@example((RESCALE_EXAMPLE, "a", date(2023, 6, 1)))
@given(waiting_cases())
def test_an_input_not_yet_due_never_lowers_potential(drawn: tuple[Case, str, date]) -> None:
    """Withdrawing a value before its deadline leaves its points pending: potential never falls."""
    _withdrawing_never_lowers_potential(*drawn)


# -- purity and serialisation ------------------------------------------------------------------


@given(cases())
def test_evaluation_is_deterministic_and_leaves_its_input_alone(case: Case) -> None:
    """Scoring twice gives equal results; neither the data nor the raw rule set is changed."""
    data_before, raw_before = copy.deepcopy(case.data), copy.deepcopy(case.raw)
    first = evaluate(case.ruleset, case.data)
    second = evaluate(case.ruleset, case.data)
    assert first == second
    assert first.to_dict() == second.to_dict()
    assert data_before == case.data
    assert parse_ruleset(case.raw) == case.ruleset
    assert raw_before == case.raw


@st.composite
def batches(draw: st.DrawFn, /) -> tuple[Case, list[dict[str, Any]]]:
    """A case, and its data with one to three more units' data for the same rule set.

    Group-relative criteria are left out: in a batch they are scored against the group,
    alone they wait for it (tests/test_batch.py covers both).
    """
    case = draw(cases(kinds=[kind for kind in DRAWN_KINDS if kind != "relative"]))
    return case, [case.data, *draw(st.lists(data_for(case.ruleset), min_size=1, max_size=3))]


@given(batches())
def test_scoring_other_units_first_changes_nothing(
    drawn: tuple[Case, list[dict[str, Any]]],
) -> None:
    """What a rule set keeps between units never leaks: each unit scores as if it were alone,
    in any order, one by one or in a batch.
    """
    case, units = drawn
    alone = [evaluate(parse_ruleset(case.raw), data) for data in units]
    assert [evaluate(case.ruleset, data) for data in units] == alone
    assert [evaluate(case.ruleset, data) for data in reversed(units)][::-1] == alone
    assert [item.result for item in evaluate_many(case.ruleset, units)] == alone


@given(cases())
def test_result_survives_a_json_round_trip(case: Case) -> None:
    """to_dict → JSON text → from_dict gives back an equal result."""
    result = evaluate(case.ruleset, case.data)
    text = json.dumps(result.to_dict(), ensure_ascii=False)
    back = Result.from_dict(json.loads(text))
    assert result == back
    assert result.to_dict() == back.to_dict()


@given(cases(invalid=True))
def test_invalid_data_is_refused_with_input_error(case: Case) -> None:
    """Data that breaks the rule set's declarations raises InputError, and nothing else."""
    data_before = copy.deepcopy(case.data)
    with pytest.raises(InputError):
        evaluate(case.ruleset, case.data)
    assert repr(data_before) == repr(case.data)  # repr: NaN never equals itself
