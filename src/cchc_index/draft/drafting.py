"""From a decree's appendix to a rule file: read the table, recognise each leaf, write, check.

:func:`draft_ruleset` is the whole pipeline: :mod:`~cchc_index.draft.reading` gives rows,
:mod:`~cchc_index.draft.table` places them in the tree, :mod:`~cchc_index.draft.shapes`
recognises each leaf's scoring, :mod:`~cchc_index.draft.writing` writes the TOML, and
the loader and the checks read it back at once.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any, Final

from ..check import Finding, Severity, lint
from ..codes import code_sort_key, parent_code
from ..errors import CchcIndexError, Location, Problem, RulesetError
from ..i18n import Message, msg
from ..loader import ID_PATTERN, loads_ruleset
from ..numbers import format_plain
from .reading import read_sheet
from .report import Draft, DraftedNode, DraftReport
from .shapes import InputDraft, recognise
from .table import Entry, Placed, one_line, place
from .writing import REVIEW, toml_table

__all__ = ["draft_ruleset"]

_DECISION: Final = re.compile(r"(\d+/(?:\d{4}/)?QĐ-[A-ZĐ]+)")
_DATE: Final = re.compile(
    r"ngày\s+(\d{1,2})\s*(?:/|-|tháng)\s*(\d{1,2})\s*(?:/|-|năm)\s*(\d{4})", re.IGNORECASE
)
_TITLE: Final = re.compile(r"(?:bộ\s+)?(?:chỉ số|tiêu chí)", re.IGNORECASE)


def draft_ruleset(
    source: str | os.PathLike[str],
    *,
    id: str,
    title: str | None = None,
    keep_decree_figures: bool = False,
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
    writer = _Writer(placed, keep=keep_decree_figures)
    head_needs: list[Message] = []
    shown_title = title or next((line for line in sheet.preamble if _TITLE.search(line)), None)
    if shown_title is None:
        shown_title = f"Chỉ số CCHC {id}"
        head_needs.append(msg("no title found above the table: the title is a placeholder"))
    lines = writer.head(id, one_line(shown_title.lstrip("#")), sheet.preamble, head_needs)
    lines.extend(writer.body())
    text = "\n".join(lines) + "\n"
    file = os.fspath(source) if isinstance(source, os.PathLike) or sheet.file else None
    findings: list[Finding] = []
    ruleset = None
    try:
        ruleset = loads_ruleset(text, file=None)
    except CchcIndexError as exc:
        findings.extend(
            Finding(severity=Severity.ERROR, where=p.where, what=p.what) for p in exc.problems
        )
    else:
        findings.extend(lint(ruleset))
    report = DraftReport(
        id=id,
        file=file,
        rows=len(sheet.rows),
        nodes=tuple(writer.nodes),
        unplaced=placed.unplaced,
        findings=tuple(findings),
        needs=tuple(head_needs),
    )
    return Draft(toml=text, report=report, ruleset=ruleset)


class _Writer:
    """Writes the rule file's tables while noting, node by node, what was read and what not."""

    def __init__(self, placed: Placed, *, keep: bool) -> None:
        self.placed = placed
        self.keep = keep
        self.entries = {e.code: e for e in placed.entries}
        self.children: dict[str, list[str]] = {e.code: [] for e in placed.entries}
        for entry in placed.entries:
            parent = parent_code(entry.code)
            if parent is not None:
                self.children[parent].append(entry.code)
        self.maxima: dict[str, Decimal | None] = {}
        self.nodes: list[DraftedNode] = []
        self.inputs: dict[str, InputDraft] = {}

    def maximum(self, code: str) -> Decimal | None:
        """The node's printed maximum; for a parent printed without one, its children's sum."""
        if code not in self.maxima:
            entry = self.entries[code]
            value = entry.max
            if value is None and self.children[code]:
                below = [self.maximum(c) for c in self.children[code]]
                value = (
                    None if None in below else sum((b for b in below if b is not None), Decimal(0))
                )
            self.maxima[code] = value
        return self.maxima[code]

    def head(
        self,
        id: str,
        title: str,
        preamble: tuple[str, ...],
        needs: list[Message],
    ) -> list[str]:
        province, year, level = id.split("/")
        del province
        tops = [e.code for e in self.placed.entries if parent_code(e.code) is None]
        added = sum((self.maximum(c) or Decimal(0) for c in tops), Decimal(0))
        total = self.placed.total
        if total is None:
            total = added
            needs.append(
                msg(
                    "the table has no total row: the total {total} is the fields' sum",
                    total=format_plain(added),
                )
            )
        head: dict[str, Any] = {
            "id": id,
            "title": title,
            "level": level,
            "year": int(year),
            "max": total,
            "basis": _basis(preamble),
        }
        if total != added:
            note = (
                f"QĐ in tổng {format_plain(total)} điểm; các lĩnh vực "
                f"{', '.join(tops)} cộng lại {format_plain(added)} điểm"
            )
            what = msg(
                "the fields add up to {added} but the total row says {total}",
                added=format_plain(added),
                total=format_plain(total),
            )
            needs.append(what)
            if self.keep:
                head["acknowledge"] = {"sum": note}
        lines = [
            f"# {id}: drafted by cchc-index draft from the decision's appendix.",
            "# Read every criterion whose source starts with «Cần xem lại / To review».",
            "",
        ]
        lines.extend(toml_table("[ruleset]", head))
        return lines

    def body(self) -> list[str]:
        criteria: list[str] = []
        for entry in sorted(self.placed.entries, key=lambda e: code_sort_key(e.code)):
            criteria.append("")
            criteria.extend(self.node(entry))
        lines: list[str] = []
        for spec in self.inputs.values():
            lines.append("")
            table = {"type": spec.type, "label": spec.label, "unit": spec.unit}
            lines.extend(toml_table(f"[inputs.{spec.name}]", table))
        return lines + criteria

    def node(self, entry: Entry) -> Iterator[str]:
        needs = list(entry.notes)
        children = self.children[entry.code]
        maximum = self.maximum(entry.code)
        table: dict[str, Any] = {"name": entry.name, "max": maximum}
        quoted = f"Quyết định, dòng {entry.line}: «{entry.scoring}»" if entry.scoring else None
        if not entry.name:
            needs.append(msg("the table gives it no name"))
        kind: str | None = None
        read: Message | None = None
        if children:
            table["source"] = quoted
            if entry.max is None and maximum is not None:
                needs.append(
                    msg(
                        "no maximum printed: its children's sum {sum} is written",
                        sum=format_plain(maximum),
                    )
                )
            below = [self.maximum(c) for c in children]
            if maximum is not None and None not in below:
                added = sum((b for b in below if b is not None), Decimal(0))
                if added != maximum:
                    needs.append(
                        msg(
                            "its criteria add up to {added} but the decree prints {max}",
                            added=format_plain(added),
                            max=format_plain(maximum),
                        )
                    )
                    if self.keep:
                        table["acknowledge"] = {
                            "sum": f"QĐ in {format_plain(maximum)} điểm; các tiêu chí "
                            f"{', '.join(children)} cộng lại {format_plain(added)} điểm"
                        }
        elif maximum is None:
            kind = "manual"
            read = msg("no maximum printed: written as open, worth 0")
            needs.append(msg("the decree prints no maximum for it"))
            table["max"] = Decimal(0)
            table["acknowledge"] = {"open": "QĐ không ghi điểm tối đa cho tiêu chí này"}
            table["source"] = quoted
            table["rule"] = {"kind": "manual"}
        else:
            shape = recognise(entry.code, entry.name, entry.scoring, maximum)
            if shape.best is not None and shape.best > maximum:
                needs.append(
                    msg(
                        "its text gives up to {best} points, more than its maximum {max}: "
                        "scored by hand",
                        best=format_plain(shape.best),
                        max=format_plain(maximum),
                    )
                )
                shape = recognise(entry.code, entry.name, "", maximum)
            kind, read = shape.kind, shape.read
            if shape.review is not None:
                needs.append(shape.review)
            if shape.best is not None and shape.best < maximum:
                needs.append(
                    msg(
                        "its text gives at most {best} of its maximum {max} points",
                        best=format_plain(shape.best),
                        max=format_plain(maximum),
                    )
                )
                if self.keep:
                    table["acknowledge"] = {
                        "unreachable": f"QĐ in {format_plain(maximum)} điểm; cách chấm cho "
                        f"nhiều nhất {format_plain(shape.best)} điểm"
                    }
            if shape.input is not None:
                self.inputs[shape.input.name] = shape.input
            if kind == "manual" or needs:
                reasons = "; ".join(n.text("vi") for n in needs) or (
                    shape.review.text("vi") if shape.review else ""
                )
                english = "; ".join(n.text("en") for n in needs) or (
                    shape.review.text("en") if shape.review else ""
                )
                head = f"{REVIEW}: {reasons} / {english}"
                table["source"] = f"{head}\n{quoted}" if quoted else head
            else:
                table["source"] = quoted
            table["rule"] = shape.rule
        self.nodes.append(
            DraftedNode(
                code=entry.code,
                written=entry.written,
                line=entry.line,
                name=entry.name,
                max=maximum,
                kind=kind,
                quoted=entry.scoring,
                read=read,
                needs=tuple(needs),
            )
        )
        yield from toml_table(f'[criteria."{entry.code}"]', table)


def _basis(preamble: tuple[str, ...]) -> dict[str, Any] | None:
    """The decision's number and date, when a line above the table gives them."""
    for line in preamble:
        number = _DECISION.search(line)
        if number is None:
            continue
        basis: dict[str, Any] = {"decision": number.group(1)}
        when = _DATE.search(line[number.end() :])
        if when is not None:
            with contextlib.suppress(ValueError):  # a date that is no day: left out
                basis["date"] = date(int(when.group(3)), int(when.group(2)), int(when.group(1)))
        return basis
    return None
