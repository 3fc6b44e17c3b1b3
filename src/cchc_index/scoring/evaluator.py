"""Scoring a unit: checked data in, a :class:`Result` tree out. Nothing here formats text.

Leaves are scored by their rule; a leaf without the values its rule needs is
``not_due`` while ``as_of`` is before its deadline (its points are pending) and
``missing`` after it (its points are lost). Parents sum their children, or rescale
them when a child that was not assigned (``not_applicable = "rescale"``) leaves
the maximum. Bonus and penalty nodes then move the total within ``[0, max]``.

Each assessment layer present in the data (self-assessment, appraisal, …) is
scored on everything known once it is laid down; the last is the result, and
the earlier ones stay reachable through :attr:`Result.layers`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from attrs import evolve

from ..errors import InputError, Location, Problem
from ..i18n import msg
from ..kinds.relative import check_group
from ..language.model import Ruleset
from ._plan import plan_for
from ._scorer import Group, Scorer
from .data import UnitData, read_unit
from .result import Result

__all__ = ["Group", "as_of_day", "evaluate", "score_unit"]

_ZERO = Decimal(0)


def evaluate(
    ruleset: Ruleset,
    data: Mapping[str, Any] | str | os.PathLike[str],
    *,
    as_of: date | None = None,
    group: Group | None = None,
) -> Result:
    """Score one unit's ``data`` (a mapping, or a TOML/JSON file) against ``ruleset``.

    ``as_of`` is the day the score is taken; it decides which criteria are not yet
    due. It defaults to the data's own ``as_of``, then to the period's last day.
    The period (the year assessed) is the data's ``period``, else the rule set's year.
    ``group`` gives group-relative criteria what they compare with (see
    :func:`cchc_index.evaluate_many`, which computes it); without it they stay pending.
    Problems in the data raise :class:`InputError`, all of them at once.
    """
    require_ruleset(ruleset)
    unit = read_unit(ruleset, data)
    return score_unit(ruleset, unit, as_of=as_of_day(as_of), group=check_group(group))


def evaluate_read(
    ruleset: Ruleset,
    raw: Mapping[str, Any],
    *,
    file: str | None = None,
    as_of: date | None = None,
    group: Group | None = None,
) -> Result:
    """:func:`evaluate` for data already read (:func:`~cchc_index.scoring.data.load_raw`).

    A caller that needs the raw data too (a report reads its plan and reported
    sheet) reads the file once; ``file`` still names it in every problem.
    """
    require_ruleset(ruleset)
    unit = read_unit(ruleset, raw, file=file)
    return score_unit(ruleset, unit, as_of=as_of_day(as_of), group=check_group(group))


def require_ruleset(ruleset: object) -> None:
    """Refuse anything but a :class:`Ruleset` with the library's own error."""
    if not isinstance(ruleset, Ruleset):
        raise InputError(
            Problem(
                what=msg(
                    "evaluate() needs a Ruleset (from load_ruleset), not {type}",
                    type=type(ruleset).__name__,
                ),
            )
        )


def as_of_day(as_of: object) -> date | None:
    """A day given as ``as_of``: a date (a datetime counts as its date) or ``None``."""
    if isinstance(as_of, datetime):
        return as_of.date()
    if as_of is None or isinstance(as_of, date):
        return as_of
    raise InputError(
        Problem(
            where=Location(key="as_of"),
            what=msg("as_of must be a date, not {as_of!r}", as_of=as_of),
        )
    )


def score_unit(
    ruleset: Ruleset, unit: UnitData, *, as_of: date | None = None, group: Group | None = None
) -> Result:
    """Score checked data, layer by layer; the last layer's result holds the others."""
    # The period is said by the data, else it is the rule set's year: guessing it
    # from as_of would put a January appraisal of last year in the wrong year.
    period = unit.period or ruleset.year
    when = as_of or unit.as_of or date(period, 12, 31)
    plan = plan_for(ruleset)
    year = plan.year(period)
    results = [
        Scorer(plan, year, unit, known, period, when, group or {}).result()
        for known in unit.cumulative()
    ]
    final = results[-1]
    if len(results) > 1:
        final = evolve(final, earlier={r.layer: r for r in results[:-1]})
    return final
