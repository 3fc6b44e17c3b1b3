"""A node's trace read, and its figures written as message parameters.

:class:`_TraceFigures` reads what a trace holds (the metric, the inputs used, the
band matched) and writes its numbers the way the rule is written: inputs by their
labels, rates as percentages with as few decimals as keep them on the right side
of every bound of the rule, bounds and intervals with their signs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Final

from ..i18n import Message, Named, msg
from ..kinds.bands import Band, Bands
from ..language.model import InputSpec, InputType, Ruleset
from ..language.trace import Trace, Used
from ..numbers import plain
from ..scoring.result import NodeResult
from ._shown_values import day, near, parse_interval, percent

_HUNDRED: Final = Decimal(100)


class _TraceFigures:
    """One node's trace, read; its numbers and figures as message parameters."""

    def __init__(self, node: NodeResult, ruleset: Ruleset | None) -> None:
        self.node = node
        self.trace: Trace = node.trace
        self.inputs: Mapping[str, InputSpec] = ruleset.inputs if ruleset is not None else {}
        criterion = ruleset.criteria.get(node.code) if ruleset is not None else None
        self.rule = criterion.rule if criterion is not None else None
        self.used = {u.name: u for u in self.trace.used}
        self.bounds = self._bounds()

    # -- what the trace holds, read -------------------------------------------------

    @property
    def due(self) -> date | None:
        """The deadline that applies: the node's own, or the one its waiting step names."""
        if self.node.due is not None:
            return self.node.due
        for what in ("not_due", "missing"):
            found = self.trace.step(what)
            if found is not None and found.detail:
                try:
                    return date.fromisoformat(found.detail)
                except ValueError:
                    return None
        return None

    def label(self, name: str) -> Named:
        """An input's label (its name when the rules are not at hand)."""
        spec = self.inputs.get(name)
        if spec is None:
            return Named(name)
        return Named(spec.label or name, spec.label_en)

    def source_type(self, source: str | None) -> str | None:
        """How a metric is written: ``percent``, ``share`` (0 … 1, shown as %), or ``None``."""
        if source is None:
            return None
        used = self.used.get(source)
        kind = used.type if used is not None else None
        if kind is None and source in self.inputs:
            kind = self.inputs[source].type.value
        if kind == InputType.PERCENT.value:
            return "percent"
        if kind == InputType.RATIO.value or source.replace(" ", "").startswith("div("):
            return "share"
        return None

    def _bounds(self) -> list[Decimal]:
        """Every bound of the rule's bands (the trace's band if the rules are not at hand)."""
        found: list[Decimal] = []
        if isinstance(self.rule, Bands):
            for band in self.rule.bands:
                found.extend(b for b in (band.low, band.high) if b is not None)
        matched = self.trace.step("band")
        if matched is not None and matched.detail and (parsed := parse_interval(matched.detail)):
            found.extend(b for b in (parsed.low, parsed.high) if b is not None)
        return found

    def number(self, what: str, default: Decimal = Decimal(0)) -> Decimal:
        """The value of the first step named ``what`` (``default`` when there is none)."""
        found = self.trace.step(what)
        return found.value if found is not None and found.value is not None else default

    def metric_source(self) -> str | None:
        metric = self.trace.step("metric") or self.trace.step("items")
        return metric.detail if metric is not None else None

    # -- numbers and figures --------------------------------------------------------

    def value(self, value: Decimal, source: str | None) -> object:
        """A metric's value as a message parameter: a rate as a percentage, else the number."""
        shape = self.source_type(source)
        if shape == "percent":
            return percent(value)
        if shape == "share":
            return percent(near(value * _HUNDRED, [b * _HUNDRED for b in self.bounds]))
        return near(value, self.bounds)

    def bound(self, value: Decimal, source: str | None) -> object:
        """A band's bound as a message parameter, written like the metric."""
        shape = self.source_type(source)
        if shape == "percent":
            return percent(value)
        if shape == "share":
            return percent(plain(value * _HUNDRED))
        return plain(value)

    def shown(self, used: Used) -> object:
        """An input's value as a message parameter: yes/no, a number, a percentage, a date."""
        value = used.value
        shown: object
        if isinstance(value, bool):
            shown = msg("yes") if value else msg("no")
        elif isinstance(value, date):
            shown = day(value)
        elif isinstance(value, int):
            shown = Decimal(value)
        elif isinstance(value, Decimal):
            if used.type == InputType.PERCENT.value:
                shown = percent(value)
            elif used.type == InputType.RATIO.value:
                shown = percent(plain(value * _HUNDRED))
            else:
                shown = plain(value)
        else:
            shown = value
        return msg("{value} (estimate)", value=shown) if used.estimated else shown

    def figure(self, used: Used) -> Message:
        """``label: value`` of one input used."""
        return msg("{label}: {value}", label=self.label(used.name), value=self.shown(used))

    def metric(self) -> object:
        """The metric as a message parameter: an input's ``label: value``, or the value."""
        step = self.trace.step("metric")
        if step is None or step.value is None:
            return ""
        source = step.detail
        if source is not None and source in self.used:
            return self.figure(self.used[source])
        return self.value(step.value, source)

    def band(self, detail: str | None, source: str | None) -> object:
        """A band's interval in words (``≥ 85 % and < 95 %``), or its text if unreadable."""
        parsed = parse_interval(detail or "")
        return detail or "" if parsed is None else self.interval(parsed, source)

    def interval(self, band: Band, source: str | None) -> Message:
        low = high = None
        if band.low is not None:
            sign = "≥" if band.low_inclusive else ">"
            low = msg("{sign} {value}", sign=sign, value=self.bound(band.low, source))
        if band.high is not None:
            sign = "≤" if band.high_inclusive else "<"
            high = msg("{sign} {value}", sign=sign, value=self.bound(band.high, source))
        if low is not None and high is not None:
            return msg("{low} and {high}", low=low, high=high)
        return low or high or msg("any value")
