"""From a decree's appendix to a rule file: read the table, recognise each leaf, write, check.

:func:`draft_ruleset` is the whole pipeline: :mod:`~cchc_index.draft.reading` gives rows,
:mod:`~cchc_index.draft.table` places them in the tree, :mod:`~cchc_index.draft.shapes`
recognises each leaf's scoring, :mod:`~cchc_index.draft.writing` writes the TOML, and
the loader and the checks read it back at once.
"""

from __future__ import annotations

import os
import re
from typing import Final

from ..errors import CchcIndexError, Location, Problem, RulesetError
from ..i18n import Message, msg
from ..reports.check import Finding, Severity, lint
from ..rulefiles._places import ID_PATTERN
from ..rulefiles.loader import loads_ruleset
from .reading import read_sheet
from .report import Draft, DraftReport
from .table import one_line, place
from .writing import RuleFile

__all__ = ["draft_ruleset"]

_TITLE: Final = re.compile(r"(?:bộ\s+)?(?:chỉ số|tiêu chí)", re.IGNORECASE)


def draft_ruleset(
    source: str | os.PathLike[str],
    *,
    id: str,
    title: str | None = None,
    keep_decree_figures: bool = False,
    file: str | None = None,
) -> Draft:
    """Draft a rule file from the scoring table of a decision's appendix.

    ``source`` is the table's text (Markdown, or cells flattened with ``|``) or the
    path of a ``.docx``, ``.txt`` or ``.md`` file. ``id`` is the rule set's
    ``<province>/<year>/<level>``. The title is the appendix's own (a line naming the
    index above the table) unless ``title`` is given.

    Sums the decree gets wrong and maxima its own scoring cannot reach are written
    as printed; with ``keep_decree_figures`` they are acknowledged with the decree's
    figures (``acknowledge = { sum = "…" }``), so the file loads; without, the draft's
    report lists them and the file does not load until a person decides.

    ``file`` is where the rule file will be written, named in the check's messages.
    """
    if not isinstance(id, str) or not ID_PATTERN.fullmatch(id):
        raise RulesetError(
            Problem(
                where=Location(key="id"),
                what=msg(
                    "the rule set's id {id!r} is not <province>/<year>/<level> "
                    "(lower-case ASCII with hyphens: dak-nong/2022/huyen)",
                    id=id,
                ),
            )
        )
    sheet = read_sheet(source)
    placed = place(sheet)
    if not placed.entries:
        raise RulesetError(
            Problem(
                where=Location(file=sheet.file),
                what=msg(
                    "no criterion found: the text holds no table of codes, names and maxima "
                    "({rows} rows read)",
                    rows=len(sheet.rows),
                ),
            )
        )
    writer = RuleFile(placed, keep=keep_decree_figures)
    head_needs: list[Message] = []
    shown_title = title or next((line for line in sheet.preamble if _TITLE.search(line)), None)
    if shown_title is None:
        shown_title = f"Chỉ số CCHC {id}"
        head_needs.append(msg("no title found above the table: the title is a placeholder"))
    lines = writer.head(id, one_line(shown_title.lstrip("#")), sheet.preamble, head_needs)
    lines.extend(writer.body())
    text = "\n".join(lines) + "\n"
    findings: list[Finding] = []
    ruleset = None
    try:
        ruleset = loads_ruleset(text, file=file)
    except CchcIndexError as exc:
        findings.extend(
            Finding(severity=Severity.ERROR, where=p.where, what=p.what) for p in exc.problems
        )
    else:
        findings.extend(lint(ruleset))
    report = DraftReport(
        id=id,
        file=sheet.file,
        rows=len(sheet.rows),
        nodes=tuple(writer.nodes),
        unplaced=placed.unplaced,
        findings=tuple(findings),
        needs=tuple(head_needs),
    )
    return Draft(toml=text, report=report, ruleset=ruleset)
