"""Unit data mappings for a rule set: valid, split into assessment layers, or corrupted."""

from __future__ import annotations

from typing import Any

import hypothesis.strategies as st
from hypothesis.errors import InvalidArgument

from ..language.model import Ruleset
from ..language.trace import InputValue
from ._corruptions import _corruptions
from ._drawing import _chance, _day_in, _pick
from ._values import _is_manual, _manual_points, _respect_constraints, _value, _written


@st.composite
def _valid_data(draw: st.DrawFn, ruleset: Ruleset) -> dict[str, Any]:
    year = ruleset.year
    locale = "en" if _chance(draw, 3) else "vi"
    values: dict[str, InputValue] = {}
    for name, spec in ruleset.inputs.items():
        if not _chance(draw, 6):  # about one in six is missing
            values[name] = draw(_value(spec, year))
    _respect_constraints(ruleset, values)
    inputs: dict[str, Any] = {}
    for name, value in values.items():
        written = draw(_written(ruleset.inputs[name], value, locale))
        if _chance(draw, 6):
            written = {"value": written, "estimate": not _chance(draw, 4)}
        inputs[name] = written
    criteria: dict[str, dict[str, Any]] = {}
    for node in ruleset:
        entry: dict[str, Any] = {}
        if node.is_leaf and _chance(draw, 5):
            entry["not_applicable"] = not _chance(draw, 4)
        if node.is_leaf and _is_manual(ruleset, node.code) and not _chance(draw, 5):
            entry["points"] = draw(_manual_points(node.max, locale))
        if _chance(draw, 10):
            entry["estimate"] = True
        if entry:
            criteria[node.code] = entry
    data: dict[str, Any] = {"unit": _pick(draw, ("Xã Mẫu", "Huyện Đắk Song", "Sở A"))}
    if not _chance(draw, 10):
        day = draw(_day_in(year))
        data["as_of"] = _pick(draw, (day, day.isoformat(), day.strftime("%d/%m/%Y")))
    if _chance(draw, 2):
        data["ruleset"] = ruleset.id
    if _chance(draw, 4):
        data["period"] = year
    if locale != "vi" or _chance(draw, 2):
        data["locale"] = locale
    if len(inputs) > 0 or _chance(draw, 2):
        data["inputs"] = inputs
    if len(criteria) > 0 or _chance(draw, 2):
        data["criteria"] = criteria
    return data


@st.composite
def _layered_data(draw: st.DrawFn, ruleset: Ruleset) -> dict[str, Any]:
    """Valid data split into assessment layers: a later layer re-gives some values.

    The province's own statements (inputs only it gives, points of criteria it
    assesses) move to the later layer, where layered data must hold them; the later
    layer re-gives only inputs no constraint ties to others, so every layer stays valid.
    """
    data = draw(_valid_data(ruleset))
    if len(ruleset.layers) < 2:
        return data
    first, later = ruleset.layers[0], ruleset.layers[1]
    inputs = dict(data.pop("inputs", {}))
    criteria = dict(data.pop("criteria", {}))
    moved_inputs = {n: inputs.pop(n) for n in list(inputs) if n in ruleset.province_inputs}
    moved_points: dict[str, dict[str, Any]] = {}
    for code, entry in list(criteria.items()):
        if "points" in entry and ruleset.assessor_of(code).value == "province":
            moved_points[code] = {"points": entry["points"]}
            rest = {k: v for k, v in entry.items() if k != "points"}
            if rest:
                criteria[code] = rest
            else:
                del criteria[code]
    constrained = {n for c in ruleset.constraints for n in c.expression.names}
    other = draw(_valid_data(ruleset))
    again = other.get("inputs", {})
    free = sorted(n for n in again if n not in constrained and n not in ruleset.province_inputs)
    chosen = draw(st.lists(st.sampled_from(free), unique=True)) if free else []
    if other.get("locale", "vi") != data.get("locale", "vi"):
        chosen = []  # the re-drawn values are written the other locale's way
    moved_inputs.update({n: again[n] for n in chosen})
    data["layers"] = {
        first: {"inputs": inputs, "criteria": criteria},
        later: {"inputs": moved_inputs, "criteria": moved_points},
    }
    return data


@st.composite
def _invalid_data(draw: st.DrawFn, ruleset: Ruleset) -> dict[str, Any]:
    data = draw(_valid_data(ruleset))
    for corrupt in draw(st.lists(st.sampled_from(_corruptions(ruleset)), min_size=1, max_size=3)):
        corrupt(draw, ruleset, data)
    return data


def data_for(
    ruleset: Ruleset, *, invalid: bool = False, layers: bool = False
) -> st.SearchStrategy[dict[str, Any]]:
    """Unit data mappings for ``ruleset``, as a data file read from TOML would give them.

    Valid data (the default) keeps every declaration: values of the right type
    within their bounds (written as numbers, or as text in the data's locale: ``"65,7"``,
    ``"95,5%"``), cross-input constraints kept (an input of a constraint that cannot
    be kept is left out), some inputs missing (``not_due`` or ``missing`` leaves), some
    marked ``{ value = …, estimate = true }``, manual points within the max, some
    leaves ``not_applicable``, and usually an ``as_of`` day within the period.

    With ``invalid=True``, the same data with one to three corruptions that
    :func:`cchc_index.evaluate` must refuse with :class:`cchc_index.InputError`:
    negative or fractional counts, ratios above 1, values outside declared bounds,
    unknown input names or codes, values of the wrong type, unknown levels, broken
    ``a <= b`` constraints, manual points outside ``0 … max``, points given for a
    scored node, malformed keys and dates.

    With ``layers=True``, valid data is split into the rule set's first two
    assessment layers (``[layers.self]``, ``[layers.appraisal]``): the later layer
    holds what only the province gives and re-gives some of the unit's values.
    """
    if not isinstance(ruleset, Ruleset):
        raise InvalidArgument(f"data_for() needs a Ruleset, not {type(ruleset).__name__}")
    if invalid and layers:
        raise InvalidArgument("data_for() draws invalid data without layers")
    if invalid:
        return _invalid_data(ruleset)
    return _layered_data(ruleset) if layers else _valid_data(ruleset)
