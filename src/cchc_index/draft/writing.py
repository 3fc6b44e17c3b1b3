"""Writing a drafted rule set as a rule file: the decree's tree, its figures, its words.

The file is written as text, not through the model, because a draft may not load
yet: a decree whose criteria do not add up to the printed maximum is written with its
own figures, and the check says so. Every leaf quotes the decree's scoring text in
``source``; a leaf whose text is none of the common shapes is ``manual`` and its source
starts with ``Cần xem lại / To review``.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final

from ..codes import code_sort_key, parent_code, roman_value
from ..i18n import Message, format_number, msg
from ..numbers import plain
from ..rulefiles._toml_write import toml_pairs
from .report import DraftedNode
from .shapes import InputDraft, recognise
from .table import Entry, Placed

__all__ = ["REVIEW", "RuleFile", "toml_table"]

#: How the source of a criterion a person has to read begins.
REVIEW: Final = "Cần xem lại / To review"

_DATE: Final = re.compile(
    r"ngày\s+(\d{1,2})\s*(?:/|-|tháng)\s*(\d{1,2})\s*(?:/|-|năm)\s*(\d{4})", re.IGNORECASE
)
_DECISION: Final = re.compile(r"(\d+/(?:\d{4}/)?QĐ-[A-ZĐ]+)")


def toml_table(header: str, pairs: Mapping[str, Any]) -> Iterable[str]:
    """A table's header line and its ``key = value`` lines, ``None`` values left out."""
    yield header
    yield from toml_pairs(pairs, multiline=True)


class RuleFile:
    """The drafted rule file's lines, noting node by node what was read and what was not.

    :meth:`head` gives the ``[ruleset]`` table, :meth:`body` the inputs and criteria;
    :attr:`nodes` then holds a :class:`~cchc_index.draft.DraftedNode` per criterion.
    """

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
        _, year, level = id.split("/")
        tops = [e.code for e in self.placed.entries if parent_code(e.code) is None]
        added = sum((self.maximum(c) or Decimal(0) for c in tops), Decimal(0))
        total = self.placed.total
        if total is None:
            total = added
            needs.append(
                msg(
                    "the table has no total row: the total {total} is the fields' sum",
                    total=plain(added),
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
        needs.extend(_jumps(tops))
        if total != added:
            note = (
                f"QĐ in tổng {_vi(total)} điểm; các lĩnh vực "
                f"{', '.join(tops)} cộng lại {_vi(added)} điểm"
            )
            what = msg(
                "the fields add up to {added} but the total row says {total}",
                added=plain(added),
                total=plain(total),
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
        table: dict[str, Any] = {
            "name": entry.name,
            "max": maximum,
            "responsible": entry.responsible,
        }
        quoted = f"Quyết định, dòng {entry.line}: «{entry.scoring}»" if entry.scoring else None
        if not entry.name:
            needs.append(msg("the table gives it no name"))
        kind: str | None = None
        read: Message | None = None
        if children:
            needs.extend(_jumps(children))
            if entry.max is None and maximum is not None:
                needs.append(
                    msg(
                        "no maximum printed: its children's sum {sum} is written",
                        sum=plain(maximum),
                    )
                )
            below = [self.maximum(c) for c in children]
            if maximum is not None and None not in below:
                added = sum((b for b in below if b is not None), Decimal(0))
                if added != maximum:
                    needs.append(
                        msg(
                            "its criteria add up to {added} but the decree prints {max}",
                            added=plain(added),
                            max=plain(maximum),
                        )
                    )
                    if self.keep:
                        table["acknowledge"] = {
                            "sum": f"QĐ in {_vi(maximum)} điểm; các tiêu chí "
                            f"{', '.join(children)} cộng lại {_vi(added)} điểm"
                        }
        elif maximum is None:
            kind = "manual"
            read = msg("no maximum printed: written as open, worth 0")
            needs.append(msg("the decree prints no maximum for it"))
            table["max"] = Decimal(0)
            table["acknowledge"] = {"open": "QĐ không ghi điểm tối đa cho tiêu chí này"}
            table["rule"] = {"kind": "manual"}
        else:
            shape = recognise(entry.code, entry.name, entry.scoring, maximum)
            if shape.best is not None and shape.best > maximum:
                needs.append(
                    msg(
                        "its text gives up to {best} points, more than its maximum {max}: "
                        "scored by hand",
                        best=plain(shape.best),
                        max=plain(maximum),
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
                        best=plain(shape.best),
                        max=plain(maximum),
                    )
                )
                if self.keep:
                    table["acknowledge"] = {
                        "unreachable": f"QĐ in {_vi(maximum)} điểm; cách chấm cho "
                        f"nhiều nhất {_vi(shape.best)} điểm"
                    }
            if shape.input is not None:
                self.inputs[shape.input.name] = shape.input
            table["rule"] = shape.rule
        table["source"] = _reviewed(needs, quoted) if needs else quoted
        order = ("name", "max", "responsible", "source", "acknowledge", "rule")  # as rule files do
        table = {key: table[key] for key in order if key in table}
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


#: Points in the order decrees letter them (Vietnamese has no f, j, w, z).
_POINT_ORDER: Final = "abcdđeghiklmnopqrstuvxy"


def _jumps(codes: list[str]) -> Iterator[Message]:
    """A remark for each place where siblings' numbering skips one: a row may be lost."""
    ranks: list[int | None] = []
    for code in codes:
        last = code.rpartition(".")[2]
        if last.isdigit():
            ranks.append(int(last))
        elif last in _POINT_ORDER:
            ranks.append(_POINT_ORDER.index(last))
        elif last.isupper():
            ranks.append(roman_value(last))
        else:
            ranks.append(None)  # a letter outside the Vietnamese order: no order to check
    for (before, here), (after, there) in itertools.pairwise(zip(codes, ranks, strict=True)):
        if here is not None and there is not None and there != here + 1:
            yield msg(
                "the numbering jumps from {before!r} to {after!r}: a row may be missing",
                before=before,
                after=after,
            )


def _vi(value: Decimal) -> str:
    """A figure as a Vietnamese note in the rule file writes it: ``0,5``."""
    return format_number(value, "vi")


def _reviewed(needs: list[Message], quoted: str | None) -> str:
    """A source that says first, in both languages, what a person has to look at."""
    vi = "; ".join(need.text("vi") for need in needs)
    en = "; ".join(need.text("en") for need in needs)
    head = f"{REVIEW}: {vi} / {en}"
    return f"{head}\n{quoted}" if quoted else head


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
