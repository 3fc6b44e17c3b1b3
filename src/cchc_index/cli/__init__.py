"""The ``cchc-index`` command: argument parsing and output only; the library does the work.

Results go to stdout in the format asked for; diagnostics (located problems, and
whatever the format cannot hold, such as discrepancies beside a CSV) go to stderr.

Exit codes: 0 success; 1 a rule-set or input problem (located messages on
stderr), a failed check, a refused unit, or a difference found by
``diff --exit-code``; 2 a usage error; 141 the reader of stdout went away (``| head``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import CchcIndexError, InputError, Location, Problem
from ..i18n import msg
from ..language.model import Ruleset
from ..render import (
    ranking_csv,
    ranking_rows,
    render_check,
    render_csv,
    render_diff,
    render_discrepancies,
    render_explanation,
    render_html,
    render_markdown,
    render_ranking,
    render_report_html,
    render_report_markdown,
    render_report_text,
    render_text,
)
from ..reports.check import check_ruleset
from ..reports.explain import explain
from ..reports.reconcile import reconcile
from ..reports.report import report
from ..rulefiles.catalog import load_ruleset
from ..rulefiles.diff import diff
from ..scoring.batch import evaluate_many, rank
from ..scoring.data import load_raw
from ..scoring.evaluator import evaluate, evaluate_read
from ._output import emit, failed, quiet_stdout
from ._parser import parser as command_line

__all__ = ["BROKEN_PIPE", "main"]

#: The exit code of a command whose output pipe was closed: 128 + SIGPIPE, as shells say.
BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = command_line()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        code = _run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit as an ignored exception
    except BrokenPipeError:
        quiet_stdout()
        return BROKEN_PIPE
    return code


def _run(args: argparse.Namespace) -> int:
    """The subcommand ``args`` names; its exit code."""
    handler = getattr(args, "handler", None)
    if handler is not None:
        return int(handler(args))
    if args.command == "check":
        return _check(args)
    if args.command == "diff":
        return _diff(args)
    if args.command == "rank":
        return _rank(args)
    if args.command == "template":
        return _template(args)
    if args.command == "draft":
        return _draft(args)
    if args.command == "report":
        return _report(args)
    if args.command == "explain":
        return _explain(args)
    return _evaluate(args)


def _report(args: argparse.Namespace) -> int:
    """Write a unit's mid-year report."""
    try:
        ruleset = load_ruleset(args.ruleset)
        built = report(ruleset, _data(args.data, ruleset), as_of=args.as_of)
    except CchcIndexError as exc:
        return failed(exc, args.locale)
    render = {
        "html": render_report_html,
        "text": render_report_text,
    }.get(args.format, render_report_markdown)
    return emit(render(built, locale=args.locale), args.output, args.locale)


def _explain(args: argparse.Namespace) -> int:
    """Say in words how one node's points were reached."""
    try:
        ruleset = load_ruleset(args.ruleset)
        result = evaluate(ruleset, _data(args.data, ruleset), as_of=args.as_of)
        explained = explain(result, args.code)
    except CchcIndexError as exc:
        return failed(exc, args.locale)
    print(render_explanation(explained, locale=args.locale), end="")
    return 0


def _template(args: argparse.Namespace) -> int:
    """Write a rule set's fill-in workbook."""
    from ..excel import write_template  # openpyxl is an optional extra

    try:
        write_template(
            load_ruleset(args.ruleset), args.output, locale=args.locale, layers=args.layers
        )
    except CchcIndexError as exc:
        return failed(exc, args.locale)
    return 0


def _draft(args: argparse.Namespace) -> int:
    """Draft a rule file from a decree's table; the report goes to stderr."""
    import contextlib
    from pathlib import Path

    from ..draft import draft_ruleset

    rule_id = args.id or "/".join(Path(args.output).parts[-4:-1])
    if Path(args.output).exists() and not args.force:
        exists = Problem(
            where=Location(file=args.output),
            what=msg("the file exists: give --force to overwrite it"),
        )
        return failed(CchcIndexError(exists), args.locale)
    try:
        drafted = draft_ruleset(
            args.decree,
            id=rule_id,
            title=args.title,
            keep_decree_figures=args.keep_decree_figures,
            file=args.output,
        )
    except CchcIndexError as exc:
        return failed(exc, args.locale)
    print(drafted.report.text(args.locale), end="", file=sys.stderr)
    with contextlib.suppress(OSError):  # a folder that cannot be made: _emit says why
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    written = emit(drafted.toml, args.output, args.locale)
    return written or (0 if drafted.loads else 1)


def _data(path: str, ruleset: Ruleset) -> Mapping[str, Any] | str:
    """A unit's data: a filled Excel template is read here; TOML and JSON by evaluate.

    A template with nothing filled in is refused: scored, it would be 0 points with
    every criterion missing, which reads like a result.
    """
    if path.lower().endswith(".xlsx"):
        from ..excel import read_workbook  # openpyxl is an optional extra

        data = read_workbook(path, ruleset)
        if not _filled(data):
            raise InputError(
                Problem(
                    where=Location(file=path),
                    what=msg(
                        "nothing is filled in this template: enter the unit's figures in "
                        "its value column, then score it"
                    ),
                )
            )
        return data
    return path


def _filled(data: Mapping[str, Any]) -> bool:
    """Whether a workbook's data gives any figure, points or mark, in any layer."""
    layers = data.get("layers")
    tables = [data, *(layers.values() if isinstance(layers, Mapping) else ())]
    return any(
        isinstance(table, Mapping) and any(table.get(key) for key in ("inputs", "criteria"))
        for table in tables
    )


def _units(paths: Sequence[str], ruleset: Ruleset) -> list[Mapping[str, Any] | str]:
    """Every unit the paths name (see :func:`.province.collect_units`); none is refused.

    A ranking of no units would print an empty table and succeed.
    """
    from .province import collect_units

    units = collect_units(list(paths), ruleset)
    if not units:
        raise InputError(
            Problem(
                where=Location(file=", ".join(paths)),
                what=msg("the sheet holds no units: fill in one row per unit, then rank them"),
            )
        )
    return units


def _diff(args: argparse.Namespace) -> int:
    """What changed from rule set A (the older) to rule set B."""
    try:
        found = diff(load_ruleset(args.a), load_ruleset(args.b))
    except CchcIndexError as exc:
        return failed(exc, args.locale)
    if args.format == "json":
        print(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_diff(found, locale=args.locale), end="")
    return 1 if args.exit_code and found else 0


def _check(args: argparse.Namespace) -> int:
    passed = True
    reports = []
    for source in args.rulesets:
        report = check_ruleset(source)
        if args.format == "json":
            reports.append(report.to_dict(strict=args.strict))
        else:
            print(render_check(report, locale=args.locale), end="")
        passed = report.ok(strict=args.strict) and passed
    if args.format == "json":
        print(json.dumps(reports, ensure_ascii=False, indent=2))
    return 0 if passed else 1


def _rank(args: argparse.Namespace) -> int:
    """Score every unit of a sheet and print the ranking; bad units go to stderr."""
    try:
        ruleset = load_ruleset(args.ruleset)
        from .province import progress_for

        units = _units(args.units, ruleset)
        show = progress_for(len(units))
        items = []
        for item in evaluate_many(ruleset, units, as_of=args.as_of):
            items.append(item)
            if show is not None:
                show(len(items))
        ranking = rank(items, by=args.by)
    except CchcIndexError as exc:
        return failed(exc, args.locale)
    for item in items:
        if item.error is not None:
            for line in item.error.messages(args.locale):
                print(f"{item.unit or item.index + 1}: {line}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(ranking_rows(ranking), ensure_ascii=False, indent=2))
    elif args.format == "csv":
        print(ranking_csv(ranking), end="")
    else:
        print(render_ranking(ranking, locale=args.locale, by=args.by), end="")
    return 0 if all(item.ok for item in items) else 1


def _evaluate(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and args.output is None:
        print("cchc-index evaluate: --format xlsx goes with -o FILE.xlsx", file=sys.stderr)
        return 2
    try:
        ruleset = load_ruleset(args.ruleset)
        raw, file = load_raw(_data(args.data, ruleset))  # read once: scored, then reconciled
        result = evaluate_read(ruleset, raw, file=file, as_of=args.as_of)
        reported = raw.get("reported")
        discrepancies = reconcile(result, reported) if reported is not None else []
        if args.format == "xlsx":
            from ..excel import write_results_workbook  # openpyxl is an optional extra

            write_results_workbook(result, args.output, locale=args.locale, reported=reported)
    except CchcIndexError as exc:
        return failed(exc, args.locale)
    if args.format == "xlsx":
        for found in discrepancies:  # also in the workbook's own sheet
            print(found.message(args.locale), file=sys.stderr)
        return 0
    if args.format == "json":
        # The result's own fields, and the sheet's discrepancies beside them.
        document = {**result.to_dict(), "discrepancies": [d.to_dict() for d in discrepancies]}
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "csv":
        # One table of nodes has no place for them: the discrepancies go to stderr.
        text = render_csv(result)
        for found in discrepancies:
            print(found.message(args.locale), file=sys.stderr)
    elif args.format == "markdown":
        text = render_markdown(result, locale=args.locale, discrepancies=discrepancies)
    elif args.format == "html":
        text = render_html(result, locale=args.locale, discrepancies=discrepancies)
    else:
        text = render_text(result, locale=args.locale)
        if discrepancies:
            text += render_discrepancies(discrepancies, locale=args.locale)
    return emit(text, args.output, args.locale)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
