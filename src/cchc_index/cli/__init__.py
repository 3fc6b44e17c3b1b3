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
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from .. import __version__
from ..errors import CchcIndexError, InputError, Location, Problem
from ..i18n import DEFAULT_LOCALE, LOCALES, msg
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

__all__ = ["main"]

#: The exit code of a command whose output pipe was closed: 128 + SIGPIPE, as shells say.
BROKEN_PIPE = 141


def _failed(error: CchcIndexError, locale: str) -> int:
    """Print every located problem on stderr; the exit code of a rule-set or data problem."""
    for line in error.messages(locale):
        print(line, file=sys.stderr)
    return 1


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2023-09-20") from None


def _unit(command: argparse.ArgumentParser) -> None:
    """The rule set and the one unit's data that evaluate, report and explain read."""
    command.add_argument(
        "ruleset", help="a rule-set id (dak-nong/2022/huyen) or a rule file/folder"
    )
    command.add_argument(
        "data", help="the unit's data file (.toml, .json, or a filled .xlsx template)"
    )


def _as_of(command: argparse.ArgumentParser, meaning: str) -> None:
    command.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help=meaning)


def _locale(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument(
        "--locale", choices=LOCALES, default=DEFAULT_LOCALE, help=f"language of {what}"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cchc-index",
        description="Score units against Vietnam's administrative reform index rules "
        "(Chỉ số CCHC).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "evaluate",
        help="score one unit's data against a rule set",
        description="Score one unit's data (TOML or JSON) against a rule set and print "
        "the result tree.",
    )
    _unit(run)
    _as_of(run, "the day the score is taken")
    run.add_argument(
        "--format",
        choices=("text", "markdown", "html", "csv", "json", "xlsx"),
        default="text",
        help="output format (html: one self-contained page; xlsx needs -o)",
    )
    run.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead of the screen (required for --format xlsx)",
    )
    _locale(run, "the output")

    mid = commands.add_parser(
        "report",
        help="write the mid-year report of one unit (plan, points, range, next steps)",
        description="Write the parts of a mid-year report (báo cáo sơ kết) that come from "
        "data: I plan progress and key figures, II points per field with every point not "
        "obtained (why, failed or not yet due, responsible office), III the range of the "
        "year's score, IV what to do next, office by office.",
    )
    _unit(mid)
    _as_of(mid, "the day the score is taken")
    mid.add_argument(
        "--format", choices=("markdown", "html", "text"), default="markdown", help="output format"
    )
    mid.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the screen")
    _locale(mid, "the report")

    why = commands.add_parser(
        "explain",
        help="say in words how one criterion's points were reached",
        description="Explain one node of a unit's result: the figures used, each step of "
        "its rule, why points were not obtained, the next band and what it takes.",
    )
    _unit(why)
    why.add_argument("code", help="the criterion's code, such as 3.4.1")
    _as_of(why, "the day the score is taken")
    _locale(why, "the output")

    blank = commands.add_parser(
        "template",
        help="write a rule set's fill-in Excel workbook",
        description="Write the fill-in workbook (.xlsx) of a rule set: one row per criterion "
        "and input, protected, with data validation; read it back with 'evaluate RULESET "
        "FILLED.xlsx'. Needs the excel extra: pip install cchc-index[excel].",
    )
    blank.add_argument("ruleset", help="a rule-set id or a rule file/folder")
    blank.add_argument(
        "-o", "--output", required=True, metavar="FILE.xlsx", help="the workbook to write"
    )
    _locale(blank, "the workbook")
    blank.add_argument(
        "--layers",
        nargs="+",
        metavar="LAYER",
        help="assessment layers, one value column each (default: the rule set's first)",
    )

    check = commands.add_parser(
        "check",
        help="validate rule sets, lint them and run their worked examples",
        description="Validate each rule set, warn about what is legal but probably wrong, "
        "and run every worked example beside it. Exit 0 only when everything passes.",
    )
    check.add_argument("rulesets", nargs="+", metavar="PATH_OR_ID", help="rule-set ids or paths")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    _locale(check, "the output")

    compare = commands.add_parser(
        "diff",
        help="what changed between two rule sets",
        description="List what changed from rule set A (the older) to rule set B: criteria "
        "added, removed, renamed or re-weighted, scoring rules, inputs, constraints and "
        "the header.",
    )
    compare.add_argument("a", help="the older rule set: an id or a rule file/folder")
    compare.add_argument("b", help="the newer rule set: an id or a rule file/folder")
    compare.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    compare.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 1 when the rule sets differ, 0 when they are the same (like git diff)",
    )
    _locale(compare, "the output")

    drafted = commands.add_parser(
        "draft",
        help="draft a rule file from the scoring table of a decision's appendix",
        description="Read the scoring table of a decision's appendix (Word .docx, Markdown "
        "or text with cells separated by |) and write a rule file: the decree's codes, names "
        "and maxima, its scoring text quoted on every criterion, and a rule where the text is "
        "a common shape (manual, to review, otherwise). The report goes to stderr; the exit "
        "code is 1 when the drafted file does not load yet. Word files need the docx extra: "
        'pip install "cchc-index[docx]".',
    )
    drafted.add_argument("decree", help="the appendix: a .docx, .md or .txt file")
    drafted.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="the rule file to write, rules/PROVINCE/YEAR/LEVEL/ruleset.toml: its folders "
        "give the id unless --id does",
    )
    drafted.add_argument(
        "--force", action="store_true", help="overwrite FILE if it exists (an edited draft too)"
    )
    drafted.add_argument("--id", help="the rule set's id, PROVINCE/YEAR/LEVEL")
    drafted.add_argument("--title", help="the rule set's title (default: the appendix's)")
    drafted.add_argument(
        "--keep-decree-figures",
        action="store_true",
        help="acknowledge the decree's sums and maxima that do not add up, keeping them",
    )
    _locale(drafted, "the report")

    order = commands.add_parser(
        "rank",
        help="score every unit and rank them",
        description="Score every unit (unit files as evaluate takes them, folders of them, "
        "CSV sheets or .xlsx workbooks of one unit a row) and rank them, ties sharing a "
        "rank (1, 2, 2, 4).",
    )
    order.add_argument("ruleset", help="a rule-set id or a rule file/folder")
    order.add_argument(
        "units", nargs="+", help="unit files, folders of them, CSV sheets or .xlsx workbooks"
    )
    _as_of(order, "the day scores are taken")
    order.add_argument("--by", choices=("index", "points", "potential"), default="index")
    order.add_argument("--format", choices=("text", "json", "csv"), default="text")
    _locale(order, "the output")
    from .province import add_commands  # overview and impact, in their own module

    add_commands(commands, _batch_output)
    return parser


def _batch_output(command: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    """The options of a command that scores a batch and writes one document."""
    _as_of(command, "the day scores are taken")
    command.add_argument("--format", choices=formats, default="text")
    command.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    _locale(command, "the output")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        code = _run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit as an ignored exception
    except BrokenPipeError:
        _quiet_stdout()
        return BROKEN_PIPE
    return code


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at devnull, so Python's own flush at exit is quiet.

    What the Python documentation recommends for SIGPIPE (``signal`` module, "Note on
    SIGPIPE").
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (a test's)
        pass


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


def _emit(text: str, output: str | None, locale: str) -> int:
    """Print ``text``, or write it to the file ``output`` (UTF-8); a file that cannot be written
    exits 1 with the reason."""
    if output is None:
        print(text, end="")
        return 0
    try:
        with open(output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    except OSError as exc:
        problem = CchcIndexError(
            Problem(
                where=Location(file=output),
                what=msg("cannot write the file ({reason})", reason=exc.strerror or str(exc)),
            )
        )
        return _failed(problem, locale)
    return 0


def _report(args: argparse.Namespace) -> int:
    """Write a unit's mid-year report."""
    try:
        ruleset = load_ruleset(args.ruleset)
        built = report(ruleset, _data(args.data, ruleset), as_of=args.as_of)
    except CchcIndexError as exc:
        return _failed(exc, args.locale)
    render = {
        "html": render_report_html,
        "text": render_report_text,
    }.get(args.format, render_report_markdown)
    return _emit(render(built, locale=args.locale), args.output, args.locale)


def _explain(args: argparse.Namespace) -> int:
    """Say in words how one node's points were reached."""
    try:
        ruleset = load_ruleset(args.ruleset)
        result = evaluate(ruleset, _data(args.data, ruleset), as_of=args.as_of)
        explained = explain(result, args.code)
    except CchcIndexError as exc:
        return _failed(exc, args.locale)
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
        return _failed(exc, args.locale)
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
        return _failed(CchcIndexError(exists), args.locale)
    try:
        drafted = draft_ruleset(
            args.decree,
            id=rule_id,
            title=args.title,
            keep_decree_figures=args.keep_decree_figures,
            file=args.output,
        )
    except CchcIndexError as exc:
        return _failed(exc, args.locale)
    print(drafted.report.text(args.locale), end="", file=sys.stderr)
    with contextlib.suppress(OSError):  # a folder that cannot be made: _emit says why
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    written = _emit(drafted.toml, args.output, args.locale)
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
    """Every unit the paths name (see :func:`cli_province.collect_units`); none is refused.

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
        return _failed(exc, args.locale)
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
        return _failed(exc, args.locale)
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
        return _failed(exc, args.locale)
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
    return _emit(text, args.output, args.locale)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
