"""The province's commands of ``cchc-index``: ``overview`` and ``impact``.

Both take units the way a province keeps them: unit files (TOML, JSON, a filled
Excel template), folders of them, CSV sheets or Excel workbooks of one unit a row.
Results go to stdout (or ``-o FILE``), diagnostics to stderr, and on a terminal a
batch of more than :data:`PROGRESS_FROM` units shows its progress.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import CchcIndexError
from ..language.model import Ruleset
from ..render.overview import (
    render_comparison_html,
    render_comparison_markdown,
    render_comparison_text,
    render_overview_html,
    render_overview_markdown,
    render_overview_text,
)
from ..reports.comparison import impact
from ..reports.overview import Refused, overview
from ..rulefiles.catalog import load_ruleset
from ._output import emit, failed

__all__ = ["PROGRESS_FROM", "add_commands", "collect_units", "progress_for"]

#: Batches larger than this show a progress line on a terminal.
PROGRESS_FROM = 200
_UNIT_FILES = (".toml", ".json")
_SHEETS = (".csv", ".xlsx")


def add_commands(
    commands: Any, common: Callable[[argparse.ArgumentParser, tuple[str, ...]], None]
) -> None:
    """Register ``overview`` and ``impact``; ``common`` adds --as-of, --format and the like."""
    view = commands.add_parser(
        "overview",
        help="a province's overview of its units: ranking, heat map, losses, stability",
        description="Score every unit and lay out what the province publishes: the "
        "ranking with grades, the distribution of the index, a heat map of criterion × "
        "unit, the criteria and offices that lose most points, each field's statistics, "
        "how stable the ranking is when a field's weight moves by 10 %, and reported "
        "totals that disagree with the units' own figures.",
    )
    view.add_argument("ruleset", help="a rule-set id or a rule file/folder")
    view.add_argument("units", nargs="+", help="unit files, folders of them, CSV or .xlsx sheets")
    view.add_argument("--by", choices=("index", "points", "potential"), default="index")
    common(view, ("text", "markdown", "html", "json", "xlsx"))
    view.set_defaults(handler=_overview)

    change = commands.add_parser(
        "impact",
        help="what a change of rules does to the same units",
        description="Score the same units under the OLD and the NEW rule set and say, "
        "per unit, how points, index, rank and grade move and which criteria it comes "
        "from; units whose grade changes come first. The rule changes are named, and "
        "inputs the new rules need that a unit does not give are listed.",
    )
    change.add_argument("old", help="the rule set in force (an id or a path)")
    change.add_argument("new", help="the draft or revised rule set (an id or a path)")
    change.add_argument("units", nargs="+", help="unit files, folders of them, CSV or .xlsx sheets")
    change.add_argument("--by", choices=("index", "points", "potential"), default="index")
    common(change, ("text", "markdown", "html", "json"))
    change.set_defaults(handler=_impact)


def collect_units(paths: list[str], ruleset: Ruleset) -> list[Mapping[str, Any] | str]:
    """Every unit the paths name: files as they are, folders' unit files, sheets' rows."""
    from ..scoring.batch import read_units

    found: list[Mapping[str, Any] | str] = []
    for text in paths:
        path = Path(text)
        suffix = path.suffix.lower()
        if path.is_dir():
            found.extend(str(p) for p in sorted(path.iterdir()) if p.suffix.lower() in _UNIT_FILES)
        elif suffix == ".csv":
            found.extend(read_units(path))
        elif suffix == ".xlsx":
            from ..excel import read_units_workbook, read_workbook  # openpyxl: optional

            try:
                found.extend(read_units_workbook(path, ruleset))
            except CchcIndexError:
                found.append(read_workbook(path, ruleset))  # a single unit's template
        else:
            found.append(text)
    return found


def progress_for(total: int) -> Callable[[int], None] | None:
    """A progress line on stderr for a large batch on a terminal; ``None`` otherwise."""
    if total <= PROGRESS_FROM or not sys.stderr.isatty():
        return None

    def show(done: int) -> None:
        if done == total or done % 50 == 0:
            end = "\n" if done == total else ""
            print(f"\r{done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def _overview(args: argparse.Namespace) -> int:
    try:
        ruleset = load_ruleset(args.ruleset)
        units = collect_units(args.units, ruleset)
        found = overview(
            ruleset, units, as_of=args.as_of, by=args.by, progress=progress_for(len(units))
        )
    except CchcIndexError as exc:
        return failed(exc, args.locale)
    _tell(found.refused, args.locale)
    if args.format == "xlsx":
        if args.output is None:
            print("cchc-index overview: --format xlsx goes with -o FILE.xlsx", file=sys.stderr)
            return 2
        from ..excel import write_overview_workbook  # openpyxl is an optional extra

        try:
            write_overview_workbook(found, args.output, locale=args.locale)
        except CchcIndexError as exc:
            return failed(exc, args.locale)
        return 1 if found.refused else 0
    text = _written(
        found, args, render_overview_html, render_overview_markdown, render_overview_text
    )
    code = emit(text, args.output, args.locale)
    return code or (1 if found.refused else 0)


def _impact(args: argparse.Namespace) -> int:
    try:
        old, new = load_ruleset(args.old), load_ruleset(args.new)
        found = impact(old, new, collect_units(args.units, new), as_of=args.as_of, by=args.by)
    except CchcIndexError as exc:
        return failed(exc, args.locale)
    _tell(found.comparison.refused, args.locale)
    text = _written(
        found, args, render_comparison_html, render_comparison_markdown, render_comparison_text
    )
    return emit(text, args.output, args.locale)


def _tell(refused: Sequence[Refused], locale: str) -> None:
    """Each refused unit's messages on stderr, the unit named first."""
    for unit in refused:
        for message in unit.en if locale == "en" else unit.vi:
            print(f"{unit.unit}: {message}", file=sys.stderr)


def _written(found: Any, args: argparse.Namespace, *renderers: Callable[..., str]) -> str:
    """``found`` as JSON, or rendered as HTML, Markdown or text (in that order of renderers)."""
    if args.format == "json":
        return json.dumps(found.to_dict(), ensure_ascii=False, indent=2) + "\n"
    html, markdown, text = renderers
    render = {"html": html, "markdown": markdown}.get(args.format, text)
    return render(found, locale=args.locale)
