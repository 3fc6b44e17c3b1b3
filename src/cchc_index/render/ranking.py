"""A ranking as text, CSV or JSON-ready rows; the ranking itself comes from :func:`rank`."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from ..i18n import N_, gettext
from ..numbers import format_plain
from ..scoring.batch import Ranked
from . import _words as words

_HEAD = (N_("Rank"), N_("Unit"), N_("Points"), N_("Index"), N_("Grade"))


def ranking_rows(ranking: Sequence[Ranked]) -> list[dict[str, Any]]:
    """One JSON-safe row per ranked unit (numbers as exact text)."""
    return [
        {
            "rank": entry.rank,
            "unit": entry.result.unit,
            "points": format_plain(entry.result.points),
            "max": format_plain(entry.result.max),
            "index": format_plain(entry.result.index),
            "potential": format_plain(entry.result.potential),
            "grade": entry.result.grade.label if entry.result.grade else None,
        }
        for entry in ranking
    ]


def render_ranking(ranking: Sequence[Ranked], *, locale: str = "vi", by: str = "index") -> str:
    """A table a terminal shows: rank, unit, points/max, index and grade.

    Ranked ``by="potential"``, the potential (points + pending) is shown too: the
    figure the ranking is made by.
    """
    lang = words.language(locale)
    head = [gettext(word, lang) for word in _HEAD]
    extra = f" {gettext(N_('Potential'), lang):>13}" if by == "potential" else ""
    lines = [f"{head[0]:>4}  {head[1]:<32} {head[2]:>13}{extra} {head[3]:>9}  {head[4]}"]
    for entry in ranking:
        result = entry.result
        score = f"{words.number(result.points, lang)} / {words.number(result.max, lang)}"
        shown = f" {words.number(result.potential, lang):>13}" if by == "potential" else ""
        grade = result.grade.label if result.grade and result.grade.label else ""
        lines.append(
            f"{entry.rank:>4}  {(result.unit or '')[:32]:<32} {score:>13}{shown} "
            f"{words.number(result.index, lang) + ' %':>9}  {grade}".rstrip()
        )
    return "\n".join(lines) + "\n"


def ranking_csv(ranking: Sequence[Ranked]) -> str:
    """The ranking as CSV, one row per unit, numbers as exact text."""
    out = io.StringIO()
    rows = ranking_rows(ranking)
    writer = csv.DictWriter(
        out,
        fieldnames=["rank", "unit", "points", "max", "index", "potential", "grade"],
        lineterminator="\n",
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
