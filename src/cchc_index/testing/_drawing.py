"""Small draw helpers the strategies share: a choice, a chance, cents, a split, a range, a day.

Choices and chances are drawn as integers, which Hypothesis shrinks towards the
first choice and towards no; amounts are whole cents, so that maxima add up exactly.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TypeVar

import hypothesis.strategies as st

_T = TypeVar("_T")


def _pick(draw: st.DrawFn, choices: Sequence[_T]) -> _T:
    """One of ``choices``, shrinking towards the first (cheaper than an ad hoc sampled_from)."""
    return choices[draw(st.integers(0, len(choices) - 1))]


def _chance(draw: st.DrawFn, one_in: int) -> bool:
    """True about once in ``one_in`` draws; shrinks to False."""
    return draw(st.integers(0, one_in - 1)) == one_in - 1


def _cents(n: int) -> Decimal:
    """``n`` hundredths as an exact Decimal (``150`` → ``1.5``)."""
    return Decimal(n) / 100


def _toml_number(value: Decimal) -> Decimal | int:
    """The value as TOML would give it: an int when whole, else a Decimal."""
    return int(value) if value == value.to_integral_value() else value


def _split(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    """``parts`` non-negative whole numbers (cents) adding up to ``total`` exactly."""
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    edges = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(edges)]


def _decimal_between(low: Decimal, high: Decimal, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Decimals with at most ``places`` places in ``[low, high]``."""
    scale = 10**places
    lo = int((low * scale).to_integral_value(rounding="ROUND_CEILING"))
    hi = int((high * scale).to_integral_value(rounding="ROUND_FLOOR"))
    if lo > hi:  # no such number in a very narrow range: take its low end
        return st.just(low)
    return st.integers(lo, hi).map(lambda n: Decimal(n) / scale)


def _day_in(year: int) -> st.SearchStrategy[date]:
    return st.dates(date(year, 1, 1), date(year, 12, 31))
