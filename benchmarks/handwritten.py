"""The Đắk Nông district index scored by hand: the yardstick of ``bench.py``.

This is the scorer a competent programmer would write for this one rule set
(``rules/dak-nong/2022/huyen``) and nothing else: plain Python, ``if``/``elif``,
exact ``Decimal`` arithmetic in the library's context, every figure of the rule file
typed in as a constant. It does what the library does for such a unit, and no more:

* checks the data: unknown inputs, every input's type and bounds (counts are whole
  numbers ≥ 0, percents 0 … 100, flags yes/no, grades one of the levels), values
  written as ``{ value = …, estimate = true }``, the six constraints between the file
  counts, manual points within 0 … max; a problem raises :class:`ValueError`;
* scores each leaf by its rule, clamps and rounds it (2 places, half up), and gives
  it ``not_due`` (points pending) before its deadline or ``missing`` (points lost)
  after it when its inputs are not given; criterion 9 waits for the province;
* sums the parents, with their status, and the total.

It keeps no trace and makes no result objects: a node is ``(max, points, pending,
lost, status)``. ``tests/test_handwritten.py`` holds it equal to the library, node
by node, on a thousand and more generated units.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

__all__ = ["Checked", "check", "score", "score_checked"]

D = Decimal
_ZERO, _ONE = D(0), D(1)
_CENT = D("0.01")
#: The library's arithmetic context (cchc_index.numbers.CONTEXT), written out.
CONTEXT = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

_BOOLS = (
    "cchc_inspection_done",
    "apologised_all_late_files",
    "digitisation_carried_out",
    "tthc_quality_evaluated",
    "decentralisation_followup_done",
    "staff_streamlining_plan_done",
    "commune_staff_training_evaluated",
    "units_fully_self_financing_target_met",
    "units_partly_self_financing_target_met",
    "public_investment_disbursement_target_met",
    "socio_economic_reports_done",
    "online_payment_target_met",
)
_COUNTS = (
    "innovation_initiatives",
    "files_carried_over",
    "files_new",
    "files_received",
    "files_resolved",
    "files_on_time",
    "files_late",
    "communes_total",
    "communes_holding_dialogue",
    "division_heads_disciplined",
)
_PERCENTS = ("institutional_plan_completion", "online_service_rate")
_GRADES = ("enterprise_revenue_share_grade", "budget_revenue_grade")
_GRADE_SHARE = {"đạt": _ONE, "đạt một phần": D("0.5"), "không đạt": _ZERO}
_KIND = {
    **dict.fromkeys(_BOOLS, "bool"),
    **dict.fromkeys(_COUNTS, "count"),
    **dict.fromkeys(_PERCENTS, "percent"),
    **dict.fromkeys(_GRADES, "grade"),
}
#: The manual leaves and their maxima: the data gives their points.
_MANUAL = {
    "1.3": D(11),
    "2.2": D("1.8"),
    "3.6": D("7.5"),
    "4.4": D("5.5"),
    "5.3": D("9.5"),
    "6.1.3": D(2),
    "6.3": D(6),
    "7.4": D(9),
    "8.3": D(2),
    "9": D(10),
}
_LARGEST = 10**15


class Checked:
    """A unit's data, checked: typed input values, manual points, the day and the year."""

    __slots__ = ("as_of", "period", "points", "values")

    def __init__(
        self, values: dict[str, Any], points: dict[str, Decimal], as_of: date, period: int
    ) -> None:
        self.values = values
        self.points = points
        self.as_of = as_of
        self.period = period


def _number(value: Any) -> Decimal:
    if type(value) is int:
        return D(value)
    if type(value) is Decimal and value.is_finite():
        return value
    raise ValueError(f"{value!r} is not a number")


def check(data: Mapping[str, Any]) -> Checked:
    """Check one unit's data (as read from its TOML file); :class:`ValueError` if it is wrong."""
    values: dict[str, Any] = {}
    for name, raw in data.get("inputs", {}).items():
        kind = _KIND.get(name)
        if kind is None:
            raise ValueError(f"unknown input {name!r}")
        value = raw
        if type(raw) is dict:
            if "value" not in raw or not raw.keys() <= {"value", "estimate"}:
                raise ValueError(f"{name}: write {{ value = …, estimate = true }}")
            if type(raw.get("estimate", False)) is not bool:
                raise ValueError(f"{name}: estimate is true or false")
            value = raw["value"]
        if kind == "bool":
            if type(value) is not bool:
                raise ValueError(f"{name}: {value!r} is not yes/no")
        elif kind == "count":
            if type(value) is not int or not 0 <= value < _LARGEST:
                raise ValueError(f"{name}: {value!r} is not a count")
        elif kind == "percent":
            value = _number(value)
            if not _ZERO <= value <= 100:
                raise ValueError(f"{name}: {value} is not a percent")
            if not value:
                value = _ZERO
        elif value not in _GRADE_SHARE:
            raise ValueError(f"{name}: {value!r} is not a grade")
        values[name] = value
    _constraints(values)
    points: dict[str, Decimal] = {}
    for code, entry in data.get("criteria", {}).items():
        if code not in _MANUAL or type(entry) is not dict or "points" not in entry:
            raise ValueError(f"criterion {code!r}: only manual points are expected")
        given = _number(entry["points"])
        if not _ZERO <= given <= _MANUAL[code]:
            raise ValueError(f"criterion {code!r}: {given} points is out of range")
        points[code] = given
    period = data.get("period", 2022)
    as_of = data.get("as_of") or date(period, 12, 31)
    return Checked(values, points, as_of, period)


def _constraints(v: Mapping[str, Any]) -> None:
    """The rule set's six constraints, each checked when its inputs are given."""
    received, resolved = v.get("files_received"), v.get("files_resolved")
    carried, new = v.get("files_carried_over"), v.get("files_new")
    on_time, late = v.get("files_on_time"), v.get("files_late")
    if None not in (received, carried, new) and received != carried + new:  # type: ignore[operator]
        raise ValueError("received != carried over + new")
    if None not in (resolved, on_time, late) and resolved != on_time + late:  # type: ignore[operator]
        raise ValueError("resolved != on time + late")
    if resolved is not None:
        if received is not None and resolved > received:
            raise ValueError("resolved > received")
        if on_time is not None and on_time > resolved:
            raise ValueError("on time > resolved")
        if late is not None and late > resolved:
            raise ValueError("late > resolved")
    dialogue, communes = v.get("communes_holding_dialogue"), v.get("communes_total")
    if dialogue is not None and communes is not None and dialogue > communes:
        raise ValueError("dialogue > communes")


#: A node as scored: max, points, pending, lost, status.
Node = tuple[Decimal, Decimal, Decimal, Decimal, str]


def _scored(maximum: Decimal, raw: Decimal) -> Node:
    """A leaf that scored ``raw`` points: clamped to 0 … max, rounded to 2 places half up."""
    if raw < _ZERO:
        raw = _ZERO
    elif raw > maximum:
        raw = maximum
    points = raw.quantize(_CENT, rounding=_HALF_UP)
    if points > maximum:
        points = maximum
    if points == maximum:
        return (maximum, points, _ZERO, maximum - points, "achieved")
    return (maximum, points, _ZERO, maximum - points, "partial" if points else "failed")


def _waiting(maximum: Decimal, in_time: bool) -> Node:
    """A leaf whose inputs are not given: pending before its deadline, lost after it."""
    if in_time:
        return (maximum, _ZERO, maximum, _ZERO, "not_due")
    return (maximum, _ZERO, _ZERO, maximum, "missing")


def _parent(maximum: Decimal, *children: Node) -> Node:
    points = pending = _ZERO
    all_missing = True
    for child in children:
        points += child[1]
        pending += child[2]
        if child[4] != "missing":
            all_missing = False
    lost = maximum - points - pending
    if not lost and not pending:
        status = "achieved"
    elif pending == maximum:
        status = "not_due"
    elif all_missing:
        status = "missing"
    elif not points and not pending:
        status = "failed"
    else:
        status = "partial"
    return (maximum, points, pending, lost, status)


def score_checked(unit: Checked) -> dict[str, Node]:
    """Every node of checked data, by code, and the whole under ``""``."""
    with decimal.localcontext(CONTEXT):
        return _score(unit)


def score(data: Mapping[str, Any]) -> dict[str, Node]:
    """Check and score one unit's data."""
    return score_checked(check(data))


def _flag(v: Mapping[str, Any], name: str, maximum: Decimal, in_time: bool) -> Node:
    """A yes/no criterion: all its points when the flag is true."""
    value = v.get(name)
    if value is None:
        return _waiting(maximum, in_time)
    return _scored(maximum, maximum if value is True else _ZERO)


def _given(given: Mapping[str, Decimal], code: str, in_time: bool) -> Node:
    """A criterion whose points the data gives."""
    points = given.get(code)
    maximum = _MANUAL[code]
    return _waiting(maximum, in_time) if points is None else _scored(maximum, points)


_HALF_UP = decimal.ROUND_HALF_UP
_HALF, _TWO, _FOUR = D("0.5"), D(2), D(4)
_M21, _M343, _PERCENT = D("9.2"), D("2.5"), D(100)
_AT_95, _AT_85 = D("0.95"), D("0.85")


def _score(unit: Checked) -> dict[str, Node]:
    v, given = unit.values, unit.points
    in_time = unit.as_of <= date(unit.period, 12, 31)
    n: dict[str, Node] = {}
    # 1 Direction and management
    n["1.1"] = _flag(v, "cchc_inspection_done", _ONE, unit.as_of <= date(unit.period, 11, 30))
    initiatives = v.get("innovation_initiatives")
    if initiatives is None:
        n["1.2"] = _waiting(_TWO, in_time)
    else:
        n["1.2"] = _scored(_TWO, min(D(initiatives), _TWO))  # 1 point each, at most 2
    n["1.3"] = _given(given, "1.3", in_time)
    n["1"] = _parent(D(14), n["1.1"], n["1.2"], n["1.3"])
    # 2 Institutional reform
    completion = v.get("institutional_plan_completion")
    if completion is None:
        n["2.1"] = _waiting(_M21, in_time)
    else:
        share = min(max(completion / _PERCENT, _ZERO), _ONE)
        n["2.1"] = _scored(_M21, share * _M21)
    n["2.2"] = _given(given, "2.2", in_time)
    n["2"] = _parent(D(11), n["2.1"], n["2.2"])
    # 3 Administrative procedures
    on_time, resolved = v.get("files_on_time"), v.get("files_resolved")
    if on_time is None or resolved is None:
        n["3.4.1"] = _waiting(_FOUR, in_time)
    else:
        rate = _ONE if resolved == 0 else D(on_time) / D(resolved)
        if rate >= _AT_95:
            n["3.4.1"] = _scored(_FOUR, _FOUR)
        elif rate >= _AT_85:
            n["3.4.1"] = _scored(_FOUR, _TWO)
        else:
            n["3.4.1"] = _scored(_FOUR, _ZERO)
    n["3.4.2"] = _flag(v, "apologised_all_late_files", _TWO, in_time)
    n["3.4.3"] = _flag(v, "digitisation_carried_out", _M343, in_time)
    n["3.4"] = _parent(D("8.5"), n["3.4.1"], n["3.4.2"], n["3.4.3"])
    n["3.5"] = _flag(v, "tthc_quality_evaluated", _ONE, in_time)
    n["3.6"] = _given(given, "3.6", in_time)
    n["3"] = _parent(D(17), n["3.4"], n["3.5"], n["3.6"])
    # 4 Apparatus
    n["4.1"] = _flag(v, "decentralisation_followup_done", _HALF, in_time)
    dialogue, communes = v.get("communes_holding_dialogue"), v.get("communes_total")
    if dialogue is None or communes is None:
        n["4.2"] = _waiting(_HALF, in_time)
    else:
        share = _ZERO if communes == 0 else D(dialogue) / D(communes)
        n["4.2"] = _scored(_HALF, min(max(share, _ZERO), _ONE) * _HALF)
    n["4.3"] = _flag(v, "staff_streamlining_plan_done", _ONE, in_time)
    n["4.4"] = _given(given, "4.4", in_time)
    n["4"] = _parent(D("7.5"), n["4.1"], n["4.2"], n["4.3"], n["4.4"])
    # 5 Civil service
    disciplined = v.get("division_heads_disciplined")
    if disciplined is None:
        n["5.1"] = _waiting(_ONE, in_time)
    else:
        n["5.1"] = _scored(_ONE, _ONE - min(D(disciplined), _ONE))  # 1 point each, at most 1
    n["5.2"] = _flag(v, "commune_staff_training_evaluated", _HALF, in_time)
    n["5.3"] = _given(given, "5.3", in_time)
    n["5"] = _parent(D(11), n["5.1"], n["5.2"], n["5.3"])
    # 6 Public finance
    n["6.1.1"] = _flag(v, "units_fully_self_financing_target_met", _ONE, in_time)
    n["6.1.2"] = _flag(v, "units_partly_self_financing_target_met", _ONE, in_time)
    n["6.1.3"] = _given(given, "6.1.3", in_time)
    n["6.1"] = _parent(_FOUR, n["6.1.1"], n["6.1.2"], n["6.1.3"])
    n["6.2"] = _flag(v, "public_investment_disbursement_target_met", _ONE, in_time)
    n["6.3"] = _given(given, "6.3", in_time)
    n["6"] = _parent(D(11), n["6.1"], n["6.2"], n["6.3"])
    # 7 E-government
    n["7.1"] = _flag(v, "socio_economic_reports_done", _HALF, in_time)
    online = v.get("online_service_rate")
    if online is None:
        n["7.2"] = _waiting(_FOUR, in_time)
    else:
        n["7.2"] = _scored(_FOUR, _FOUR if online > 50 else _ZERO)
    n["7.3"] = _flag(v, "online_payment_target_met", _TWO, in_time)
    n["7.4"] = _given(given, "7.4", in_time)
    n["7"] = _parent(D("15.5"), n["7.1"], n["7.2"], n["7.3"], n["7.4"])
    # 8 Socio-economic results
    for code, name in (("8.1", "enterprise_revenue_share_grade"), ("8.2", "budget_revenue_grade")):
        grade = v.get(name)
        if grade is None:
            n[code] = _waiting(_HALF, in_time)
        else:
            n[code] = _scored(_HALF, _HALF * _GRADE_SHARE[grade])
    n["8.3"] = _given(given, "8.3", in_time)
    n["8"] = _parent(D(3), n["8.1"], n["8.2"], n["8.3"])
    # 9 Assessed by the province: waiting for it whatever the day, unless given.
    points = given.get("9")
    m9 = _MANUAL["9"]
    n["9"] = (m9, _ZERO, m9, _ZERO, "not_due") if points is None else _scored(m9, points)
    fields = [n[c] for c in ("1", "2", "3", "4", "5", "6", "7", "8", "9")]
    n[""] = _parent(D(100), *fields)
    return n
