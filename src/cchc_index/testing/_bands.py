"""Valid ``bands`` lists: neighbours meet exactly, the best band gives the maximum."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import hypothesis.strategies as st

from ._drawing import _cents, _chance, _decimal_between, _toml_number


def bands(
    maximum: Decimal, low: Decimal, high: Decimal, *, increasing: bool = False
) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Valid ``bands`` lists for a leaf worth ``maximum``, band bounds drawn in ``[low, high]``.

    One to four bands, listed from low to high or from high to low; neighbours meet
    exactly, each meeting point belonging to one side (``at_most``/``above`` or
    ``below``/``at_least``); the outer bands may be closed. Points have at most two
    decimal places and the best band gives ``maximum``. With ``increasing``, points
    never fall as the value rises (the top band is open above).
    """
    top = int((maximum * 100).to_integral_value(rounding="ROUND_FLOOR"))

    @st.composite
    def draw_bands(draw: st.DrawFn) -> list[dict[str, Any]]:
        cuts = sorted(set(draw(st.lists(_decimal_between(low, high), max_size=3))))
        count = len(cuts) + 1
        points = [
            _cents(p) for p in draw(st.lists(st.integers(0, top), min_size=count, max_size=count))
        ]
        if increasing:
            points.sort()
            points[-1] = maximum
        else:
            points[draw(st.integers(0, count - 1))] = maximum
        found: list[dict[str, Any]] = [{"points": _toml_number(p)} for p in points]
        for i, cut in enumerate(cuts):
            value = _toml_number(cut)
            if draw(st.booleans()):
                found[i]["at_most"], found[i + 1]["above"] = value, value
            else:
                found[i]["below"], found[i + 1]["at_least"] = value, value
        first = cuts[0] if cuts else high
        if _chance(draw, 3):
            edge = first - _cents(draw(st.integers(1, 10_000)))
            found[0]["above" if draw(st.booleans()) else "at_least"] = _toml_number(edge)
        if not increasing and _chance(draw, 3):
            last = cuts[-1] if cuts else first
            edge = last + _cents(draw(st.integers(1, 10_000)))
            found[-1]["below" if draw(st.booleans()) else "at_most"] = _toml_number(edge)
        return found[::-1] if draw(st.booleans()) else found

    return draw_bands()
