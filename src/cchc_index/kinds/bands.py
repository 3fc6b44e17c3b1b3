"""``bands``: ordered steps, each with explicit inclusive or exclusive bounds.

A band is written with the words people use for its bounds::

    { at_least = 1, points = 4 }                    # 100 %        → 4
    { at_least = 0.95, below = 1, points = 2 }      # 95 % – <100 % → 2
    { below = 0.95, points = 0 }                    # < 95 %       → 0

``at_least`` (≥) or ``above`` (>) is the lower bound, ``at_most`` (≤) or ``below``
(<) the upper one; a missing bound is open. Bands are listed from high to low or
from low to high; neighbours must meet exactly, so no value falls in two bands
and none falls between two.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

from attrs import frozen

from ..i18n import msg
from ..language._rule_keys import Key, number, table
from ..language.model import InputType
from ..numbers import format_plain
from ._base import (
    SOURCE_KEYS,
    RawScore,
    RecordedRule,
    RuleSpec,
    ScoringContext,
    Source,
)
from ._registry import register

_NUMERIC = (InputType.COUNT, InputType.NUMBER, InputType.RATIO, InputType.PERCENT)
#: The keys of one band: its bounds, in the words people use, and its points.
_BAND_KEYS: Mapping[str, Key] = {
    "at_least": Key(
        vi="Cận dưới, tính cả giá trị này (≥).",
        en="Lower bound, included (≥).",
        schema=number(),
    ),
    "above": Key(
        vi="Cận dưới, không tính giá trị này (>).",
        en="Lower bound, excluded (>).",
        schema=number(),
    ),
    "at_most": Key(
        vi="Cận trên, tính cả giá trị này (≤).",
        en="Upper bound, included (≤).",
        schema=number(),
    ),
    "below": Key(
        vi="Cận trên, không tính giá trị này (<).",
        en="Upper bound, excluded (<).",
        schema=number(),
    ),
    "points": Key(
        vi="Số điểm của mức này, không quá điểm tối đa.",
        en="The points this band gives, at most the max.",
        schema=number(minimum=0),
        required=True,
    ),
}
_BOUND_KEYS = tuple(k for k in _BAND_KEYS if k != "points")


@frozen(kw_only=True)
class Band:
    """One step: an interval of the value and the points it gives."""

    points: Decimal
    low: Decimal | None = None
    low_inclusive: bool = True
    high: Decimal | None = None
    high_inclusive: bool = True

    def contains(self, value: Decimal) -> bool:
        """Whether ``value`` falls in this band."""
        if self.low is not None and (
            value < self.low or (value == self.low and not self.low_inclusive)
        ):
            return False
        return not (
            self.high is not None
            and (value > self.high or (value == self.high and not self.high_inclusive))
        )

    def __str__(self) -> str:
        low = "-∞" if self.low is None else format_plain(self.low)
        high = "+∞" if self.high is None else format_plain(self.high)
        left = "[" if self.low is not None and self.low_inclusive else "("
        right = "]" if self.high is not None and self.high_inclusive else ")"
        return f"{left}{low}, {high}{right}"


def _meets(lower: Band, upper: Band) -> str | None:
    """How ``upper`` (the band above) sits against ``lower``: ``None`` if they meet exactly."""
    if lower.high is None or upper.low is None:
        return "overlap"
    if lower.high < upper.low:
        return "gap"
    if lower.high > upper.low:
        return "overlap"
    if lower.high_inclusive and upper.low_inclusive:
        return "overlap"
    if not lower.high_inclusive and not upper.low_inclusive:
        return "gap"
    return None


@register
@frozen(kw_only=True)
class Bands(RecordedRule):
    """Points of the one band the value falls in; 0 (with a ``no_band`` step) if none."""

    name: ClassVar[str] = "bands"
    keys: ClassVar[Mapping[str, Key]] = {
        **SOURCE_KEYS,
        "bands": Key(
            vi="Các mức, từ cao xuống thấp (hoặc ngược lại), mức sau nối tiếp mức trước: "
            "{ at_least = 0.95, below = 1, points = 3 }.",
            en="The bands, high to low (or low to high), each meeting the next: "
            "{ at_least = 0.95, below = 1, points = 3 }.",
            schema={
                "type": "array",
                "minItems": 1,
                "items": {
                    **table(_BAND_KEYS),
                    # one lower bound and one upper bound at most
                    "dependentSchemas": {
                        "at_least": {"properties": {"above": False}},
                        "at_most": {"properties": {"below": False}},
                    },
                },
            },
            required=True,
        ),
    }

    source: Source
    bands: tuple[Band, ...]

    @classmethod
    def parse(cls, spec: RuleSpec) -> Bands | None:
        spec.allow(*cls.keys)
        source = spec.source(*_NUMERIC)
        raw_bands = spec.raw.get("bands")
        if not isinstance(raw_bands, list) or not raw_bands:
            spec.problem(
                msg("'bands' must be a non-empty list of tables"),
                key="bands",
            )
            return None
        bands = [_band(spec, i, raw) for i, raw in enumerate(raw_bands, start=1)]
        if source is None or any(b is None for b in bands):
            return None
        checked = tuple(b for b in bands if b is not None)
        if not _ordered(spec, checked):
            return None
        return cls(source=source, bands=checked)

    @property
    def names(self) -> frozenset[str]:
        return self.source.names

    def best(self, max: Decimal) -> Decimal:
        return max_points(self.bands)

    def _record(self, ctx: ScoringContext) -> RawScore:
        source = self.source
        value = source.number(ctx)
        metric = ("metric", value, source.text)
        for band in self.bands:
            if band.contains(value):
                # The band's text (its interval) is written when the trace is read.
                return band.points, (metric, ("band", band.points, band))
        return Decimal(0), (metric, ("no_band", Decimal(0), None))


def max_points(bands: tuple[Band, ...]) -> Decimal:
    """The most points any band gives."""
    return max(b.points for b in bands)


def _band(spec: RuleSpec, index: int, raw: Any) -> Band | None:
    key = f"bands[{index}]"
    if not isinstance(raw, Mapping):
        spec.problem(
            msg("{key} must be a table like {{ at_least = 0.95, points = 2 }}", key=key),
            key=key,
        )
        return None
    for name in raw:
        if name not in _BAND_KEYS:
            spec.problem(
                msg(
                    "{key}: unknown key {name!r}; use at_least, above, at_most, below, points",
                    key=key,
                    name=name,
                ),
                key=key,
            )
            return None
    if ("at_least" in raw and "above" in raw) or ("at_most" in raw and "below" in raw):
        spec.problem(
            msg(
                "{key}: give one lower bound (at_least or above) and one upper (at_most or below)",
                key=key,
            ),
            key=key,
        )
        return None
    points = spec.decimal_in(raw, "points", key=key)
    bounds = {
        n: spec.number(raw[n], key=f"{key}.{n}", signed=True) for n in _BOUND_KEYS if n in raw
    }
    if points is None or any(v is None for v in bounds.values()):
        return None
    low = bounds.get("at_least", bounds.get("above"))
    high = bounds.get("at_most", bounds.get("below"))
    band = Band(
        points=points,
        low=low,
        low_inclusive="above" not in raw,
        high=high,
        high_inclusive="below" not in raw,
    )
    if (
        low is not None
        and high is not None
        and (low > high or (low == high and not (band.low_inclusive and band.high_inclusive)))
    ):
        spec.problem(
            msg("{key}: the band {band} is empty", key=key, band=band),
            key=key,
        )
        return None
    return band


def _position(band: Band) -> tuple[bool, Decimal, bool, Decimal]:
    """Where a band sits on the number line; an open lower bound sorts first."""
    zero = Decimal(0)
    return (
        band.low is not None,
        zero if band.low is None else band.low,
        band.high is None,
        zero if band.high is None else band.high,
    )


def _ordered(spec: RuleSpec, bands: tuple[Band, ...]) -> bool:
    """Check that the bands run in one direction and neighbours meet without gap or overlap."""
    if len(bands) < 2:
        return True
    descending = _position(bands[1]) < _position(bands[0])
    ok = True
    for i in range(len(bands) - 1):
        upper, lower = (bands[i], bands[i + 1]) if descending else (bands[i + 1], bands[i])
        problem = _meets(lower, upper)
        if problem is None:
            continue
        ok = False
        a, b = i + 1, i + 2
        if problem == "gap":
            spec.problem(
                msg(
                    "bands[{a}] {first} and bands[{b}] {second} leave a gap: values "
                    "between them get no band",
                    a=a,
                    first=bands[i],
                    b=b,
                    second=bands[i + 1],
                ),
                key="bands",
            )
        else:
            spec.problem(
                msg(
                    "bands[{a}] {first} and bands[{b}] {second} overlap or are out of "
                    "order: list bands from high to low (or low to high), each meeting "
                    "the next",
                    a=a,
                    first=bands[i],
                    b=b,
                    second=bands[i + 1],
                ),
                key="bands",
            )
    return ok
