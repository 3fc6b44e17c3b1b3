"""The ``cchc-index`` command's arguments: every subcommand and its options."""

from __future__ import annotations

import argparse
from datetime import date

from .. import __version__
from ..i18n import DEFAULT_LOCALE, LOCALES
from .province import add_commands

__all__ = ["parser"]


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


def parser() -> argparse.ArgumentParser:
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
    add_commands(commands, _batch_output)  # overview and impact, in their own module
    return parser


def _batch_output(command: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    """The options of a command that scores a batch and writes one document."""
    _as_of(command, "the day scores are taken")
    command.add_argument("--format", choices=formats, default="text")
    command.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    _locale(command, "the output")
