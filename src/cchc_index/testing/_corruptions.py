"""Invalid data: each corruption alone makes the data refused.

A corruption changes valid unit data in place so that :func:`cchc_index.evaluate`
must refuse it with :class:`cchc_index.InputError`; :func:`_corruptions` lists
those that apply to a rule set (some need an input or a node of a kind).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import hypothesis.strategies as st

from ..language.model import InputType, Ruleset
from ..numbers import LARGEST, PLACES
from ._draft import _LEVEL_NAMES
from ._drawing import _cents
from ._values import _LE_CONSTRAINT, _is_manual, _value

_Corruption = Callable[[st.DrawFn, Ruleset, dict[str, Any]], None]


def _inputs_of(data: dict[str, Any]) -> dict[str, Any]:
    table = data.get("inputs")
    if not isinstance(table, dict):
        table = data["inputs"] = {}
    return table


def _criteria_of(data: dict[str, Any]) -> dict[str, Any]:
    table = data.get("criteria")
    if not isinstance(table, dict):
        table = data["criteria"] = {}
    return table


def _typed(ruleset: Ruleset, *types: InputType) -> list[str]:
    return [n for n, spec in ruleset.inputs.items() if spec.type in types]


def _unknown_input(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    name = draw(st.sampled_from(("chua_khai_bao", "files_x", "ty_le_dung_han", "_")))
    while name in ruleset.inputs:
        name += "_x"
    _inputs_of(data)[name] = draw(st.sampled_from((1, True, "1")))


def _negative_count(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    name = draw(st.sampled_from(_typed(ruleset, InputType.COUNT)))
    _inputs_of(data)[name] = -draw(st.integers(1, 1000))


def _fractional_count(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    name = draw(st.sampled_from(_typed(ruleset, InputType.COUNT)))
    _inputs_of(data)[name] = Decimal(draw(st.integers(0, 100))) + Decimal("0.5")


def _above_natural(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    name = draw(st.sampled_from(_typed(ruleset, InputType.RATIO, InputType.PERCENT)))
    top = Decimal(1) if ruleset.inputs[name].type is InputType.RATIO else Decimal(100)
    _inputs_of(data)[name] = top + _cents(draw(st.integers(1, 10_000)))


def _outside_declared(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    names = [
        n
        for n in _typed(ruleset, *[t for t in InputType if t.numeric])
        if ruleset.inputs[n].min is not None or ruleset.inputs[n].max is not None
    ]
    spec = ruleset.inputs[draw(st.sampled_from(names))]
    if spec.min is not None and (spec.max is None or draw(st.booleans())):
        value = spec.min - _cents(draw(st.integers(1, 10_000)))
    else:
        assert spec.max is not None
        value = spec.max + _cents(draw(st.integers(1, 10_000)))
    _inputs_of(data)[spec.name] = value


def _too_large(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    name = draw(st.sampled_from(_typed(ruleset, InputType.NUMBER, InputType.COUNT)))
    _inputs_of(data)[name] = int(LARGEST) + draw(st.integers(0, 10**20))


def _too_fine(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    numeric = [t for t in InputType if t.numeric]
    spec = ruleset.inputs[draw(st.sampled_from(_typed(ruleset, *numeric)))]
    low, high = spec.bounds()
    base = Decimal(0) if low is None else low
    if high is not None and base >= high:
        base = high - 1
    _inputs_of(data)[spec.name] = base + Decimal(1).scaleb(-PLACES - 1)


def _wrong_type(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    spec = ruleset.inputs[draw(st.sampled_from(sorted(ruleset.inputs)))]
    if spec.type.numeric:
        bad: list[Any] = ["không phải số", True, [1], float("nan"), float("inf"), None, "1,2,3"]
    elif spec.type is InputType.BOOL:
        bad = [2, "có lẽ", Decimal(1), None, [True]]
    elif spec.type is InputType.DATE:
        # No None: the reader takes None for a date as "no value" (for other types, an error).
        bad = ["31/02/2023", "2023-13-01", 20230101, True, "hôm qua"]
    else:
        bad = [1, True, None, "mức không có", [spec.levels[0]]]
    _inputs_of(data)[spec.name] = draw(st.sampled_from([b for b in bad if b not in spec.levels]))


def _unknown_level(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    spec = ruleset.inputs[draw(st.sampled_from(_typed(ruleset, InputType.LEVEL)))]
    value = draw(st.sampled_from((*_LEVEL_NAMES, "Tốt", "xuat sac", "")))
    while value in spec.levels:
        value += "?"
    _inputs_of(data)[spec.name] = value


def _bad_wrapper(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    spec = ruleset.inputs[draw(st.sampled_from(sorted(ruleset.inputs)))]
    value = draw(_value(spec, ruleset.year))
    _inputs_of(data)[spec.name] = draw(
        st.sampled_from(
            (
                {"value": value, "estimate": "yes"},
                {"value": value, "uoc_tinh": True},
                {"estimate": True},
                {},
            )
        )
    )


def _le_pairs(ruleset: Ruleset) -> list[tuple[str, str]]:
    """The numeric ``a <= b`` constraints of ``ruleset``, as ``(a, b)``."""
    pairs: list[tuple[str, str]] = []
    for constraint in ruleset.constraints:
        found = _LE_CONSTRAINT.fullmatch(constraint.expression.text)
        if (
            found
            and found[1] != found[2]
            and all(n in ruleset.inputs and ruleset.inputs[n].type.numeric for n in found.groups())
        ):
            pairs.append((found[1], found[2]))
    return pairs


def _broken_constraint(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    a, b = draw(st.sampled_from(_le_pairs(ruleset)))
    spec_b = ruleset.inputs[b]
    vb = draw(_value(spec_b, ruleset.year))
    assert isinstance(vb, int | Decimal)
    inputs = _inputs_of(data)
    inputs[b] = vb
    inputs[a] = vb + 1


def _manual_out_of_range(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    code = draw(st.sampled_from([c for c in ruleset.criteria if _is_manual(ruleset, c)]))
    node = ruleset.criteria[code]
    over = node.max + _cents(draw(st.integers(1, 10_000)))
    points = draw(st.sampled_from((over, -_cents(draw(st.integers(1, 100))), "nhiều", True)))
    _criteria_of(data)[code] = {"points": points}


def _points_on_scored_node(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    codes = [c for c in ruleset.criteria if not _is_manual(ruleset, c)]
    code = draw(st.sampled_from(codes))
    _criteria_of(data)[code] = {"points": 0}


def _na_on_parent(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    code = draw(st.sampled_from([c for c, n in ruleset.criteria.items() if not n.is_leaf]))
    _criteria_of(data)[code] = {"not_applicable": True}


def _unknown_code(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    code = draw(st.sampled_from(("99", "1.99", "0", "1.1.1.1.1", "a", "1,1")))
    while code in ruleset.criteria:
        code += ".9"
    _criteria_of(data)[code] = {"estimate": True}


def _bad_node_entry(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    code = draw(st.sampled_from(sorted(ruleset.criteria)))
    _criteria_of(data)[code] = draw(
        st.sampled_from(({"not_applicable": "yes"}, {"estimate": 1}, {"diem": 1}, "đạt", 1, [True]))
    )


def _bad_top_level(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    key, value = draw(
        st.sampled_from(
            (
                ("as_of", "31/02/2023"),
                ("as_of", "2023-13-01"),
                ("as_of", 20230920),
                ("unit", 12),
                ("period", 1800),
                ("period", "2023"),
                ("period", True),
                ("locale", "fr"),
                ("ruleset", "khac/2020/xa"),
                ("inputs", [1, 2]),
                ("criteria", "1.1"),
                ("reported", 65.7),
                ("diem", 1),
                ("input", {}),
            )
        )
    )
    if key == "ruleset" and value == ruleset.id:
        value = "khac/2021/xa"
    data[key] = value


def _corruptions(ruleset: Ruleset) -> list[_Corruption]:
    """Every corruption that applies to ``ruleset`` (some need an input or node of a kind)."""
    found: list[_Corruption] = [_unknown_input, _unknown_code, _bad_node_entry, _bad_top_level]
    types = {spec.type for spec in ruleset.inputs.values()}
    codes = list(ruleset.criteria)
    if InputType.COUNT in types:
        found += [_negative_count, _fractional_count]
    if types & {InputType.RATIO, InputType.PERCENT}:
        found.append(_above_natural)
    if any(
        s.type.numeric and (s.min is not None or s.max is not None) for s in ruleset.inputs.values()
    ):
        found.append(_outside_declared)
    if types & {InputType.NUMBER, InputType.COUNT}:
        found.append(_too_large)
    if any(t.numeric for t in types):
        found.append(_too_fine)
    if ruleset.inputs:
        found += [_wrong_type, _bad_wrapper]
    if InputType.LEVEL in types:
        found.append(_unknown_level)
    if _le_pairs(ruleset):
        found.append(_broken_constraint)
    if any(_is_manual(ruleset, c) for c in codes):
        found.append(_manual_out_of_range)
    if any(not _is_manual(ruleset, c) for c in codes):
        found.append(_points_on_scored_node)
    if any(not n.is_leaf for n in ruleset):
        found.append(_na_on_parent)
    return found
