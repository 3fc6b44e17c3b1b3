"""What a draft says about itself: per criterion, what was read and what needs a person.

A :class:`DraftReport` lists every criterion drafted (its code, the decree's line,
the rule read or ``manual``, and each thing to check, with the decree's words), every
row that could not be placed in the tree, and what checking the drafted file found.
:meth:`DraftReport.text` words it in Vietnamese or English; nothing here prints.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from attrs import frozen

from ..i18n import Message, format_number, language, msg
from ..language.model import Ruleset
from ..reports.check import Finding, Severity
from .table import Unplaced

__all__ = ["Draft", "DraftReport", "DraftedNode"]


@frozen(kw_only=True)
class DraftedNode:
    """One criterion of the draft: what was read from the decree, and what a person must check."""

    code: str
    written: str
    line: int
    name: str
    max: Decimal | None
    #: The scoring kind of a leaf; ``None`` for a parent.
    kind: str | None
    #: The decree's scoring text for this row, as read (empty when it has none).
    quoted: str
    read: Message | None = None
    needs: tuple[Message, ...] = ()

    @property
    def reviewed(self) -> bool:
        """Whether the criterion needs a person: a manual leaf, or anything to check."""
        return self.kind == "manual" or bool(self.needs)


@frozen(kw_only=True)
class DraftReport:
    """Everything a draft read, recognised, could not place, and what its check found."""

    id: str
    #: The decree's file, when the table was read from one.
    file: str | None
    #: How many rows of the table were read (headers and rows not placed included).
    rows: int
    nodes: tuple[DraftedNode, ...]
    unplaced: tuple[Unplaced, ...] = ()
    findings: tuple[Finding, ...] = ()
    #: Things about the whole rule set (its total, its title) that need a person.
    needs: tuple[Message, ...] = ()

    @property
    def kinds(self) -> dict[str, int]:
        """How many leaves of each kind were drafted, most first."""
        counted = Counter(node.kind for node in self.nodes if node.kind is not None)
        return dict(counted.most_common())

    @property
    def errors(self) -> tuple[Finding, ...]:
        """What stops the drafted file from loading."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def to_review(self) -> tuple[DraftedNode, ...]:
        """The criteria a person has to read."""
        return tuple(node for node in self.nodes if node.reviewed)

    def text(self, locale: str | None = "vi") -> str:
        """The report as plain text, in the language of ``locale``."""
        kinds = ", ".join(f"{count} {kind}" for kind, count in self.kinds.items())
        lines = [
            msg(
                "Draft of {id}: {rows} rows read, {nodes} criteria placed, {unplaced} rows not "
                "placed; leaves: {kinds}; {review} criteria to review",
                id=self.id,
                rows=self.rows,
                nodes=len(self.nodes),
                unplaced=len(self.unplaced),
                kinds=kinds or "0",
                review=len(self.to_review),
            ).text(locale)
        ]
        lines.extend(f"  ! {need.text(locale)}" for need in self.needs)
        lines.append("")
        lines.append(msg("Criteria (line in the decree: what was read)").text(locale))
        for node in self.nodes:
            maximum = "?" if node.max is None else format_number(node.max, language(locale))
            read = node.read.text(locale) if node.read is not None else ""
            head = f"  {node.code} ({node.line}) {node.name} [{maximum}]"
            lines.append(f"{head}: {read}" if read else head)
            for need in node.needs:
                lines.append(f"      ! {need.text(locale)}")
            if node.reviewed and node.quoted:
                lines.append(f"      « {' '.join(node.quoted.split())} »")
        if self.unplaced:
            lines.append("")
            lines.append(msg("Rows not placed in the tree").text(locale))
            for row in self.unplaced:
                lines.append(f"  {row.line}: {row.why.text(locale)}: « {row.text} »")
        lines.append("")
        if self.findings:
            lines.append(msg("Check of the drafted file").text(locale))
            for finding in self.findings:
                where = finding.where.text(locale)
                said = finding.message(locale)
                shown = f"{where}: {said}" if where else said
                lines.append(f"  {finding.severity.value}: {shown}")
        else:
            lines.append(msg("The drafted file loads and its check finds nothing.").text(locale))
        return "\n".join(lines) + "\n"


@frozen(kw_only=True)
class Draft:
    """A drafted rule file (``toml``), the rule set it loads to (if it does), and its report."""

    toml: str
    report: DraftReport
    ruleset: Ruleset | None = None

    @property
    def loads(self) -> bool:
        """Whether the drafted file loads as it is."""
        return self.ruleset is not None
