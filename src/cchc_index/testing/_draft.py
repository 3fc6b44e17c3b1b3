"""One rule set being drawn: its inputs, expressions, rules and criteria tree.

:class:`_Draft` declares inputs as rules need them, so every name a rule or
formula reads is declared, and draws the tree top-down, splitting each node's
maximum among its children in whole cents.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import hypothesis.strategies as st

from ..numbers import format_plain
from ._bands import bands
from ._drawing import _cents, _chance, _decimal_between, _pick, _split, _toml_number

_NUMERIC = ("count", "number", "ratio", "percent")
_NAMES = (
    "Công tác chỉ đạo điều hành",
    "Ban hành kế hoạch CCHC",
    "Tỷ lệ hồ sơ giải quyết đúng hạn",
    "Sáng kiến CCHC",
    "Tuyên truyền CCHC",
    "Kỷ luật lãnh đạo",
    "Dịch vụ công trực tuyến toàn trình",
    "Thu ngân sách so với dự toán",
    "Kiểm tra CCHC",
    "Đào tạo, bồi dưỡng công chức",
)
_OFFICES = ("Phòng Nội vụ", "Phòng Tư pháp", "Văn phòng HĐND&UBND", "Bộ phận một cửa")
_LEVEL_NAMES = (
    "xuất sắc",
    "tốt",
    "khá",
    "hoàn thành",
    "không hoàn thành",
    "trung bình",
    "yếu",
    "A",
    "B",
    "C",
)
# Identifier stems for inputs; NFC Vietnamese letters are valid Python identifiers.
_STEMS = ("x", "ho_so", "hồ_sơ", "tỷ_lệ", "so_luong", "n")
_COMPARE = ("<", "<=", ">", ">=", "==", "!=")
_SHAPES = (
    "+",
    "-",
    "*",
    "scale",
    "div",
    "div3",
    "min",
    "max",
    "abs",
    "round",
    "clamp",
    "if",
    "neg",
)
_TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12).filter(str.strip)
_T = TypeVar("_T")


class _Draft:
    """One rule set being drawn: the raw tables, and the inputs declared so far."""

    def __init__(
        self,
        draw: st.DrawFn,
        *,
        year: int,
        kinds: tuple[str, ...],
        not_applicable: str | None,
        with_dues: bool,
    ) -> None:
        self.draw = draw
        self.year = year
        self.kinds = kinds
        self.policy = not_applicable
        self.with_dues = with_dues
        self.inputs: dict[str, dict[str, Any]] = {}
        self.criteria: dict[str, dict[str, Any]] = {}

    def pick(self, choices: Sequence[_T]) -> _T:
        return _pick(self.draw, choices)

    def chance(self, one_in: int) -> bool:
        return _chance(self.draw, one_in)

    # -- inputs --------------------------------------------------------------------

    def input(self, kind: str) -> str:
        """A declared input of type ``kind``: often one already declared, else a new one."""
        draw = self.draw
        same = [n for n, spec in self.inputs.items() if spec["type"] == kind]
        if same and not self.chance(3):
            return self.pick(same)
        name = f"{self.pick(_STEMS)}_{len(self.inputs) + 1}"
        spec: dict[str, Any] = {"type": kind, "label": self.pick(_NAMES)}
        if self.chance(2):
            spec["unit"] = self.pick(("hồ sơ", "%", "triệu đồng", "người"))
        if kind == "count" and self.chance(4):
            spec["max"] = draw(st.integers(1, 10_000))
        elif kind == "number" and self.chance(2):
            low = draw(_decimal_between(Decimal(-1000), Decimal(1000)))
            spec["min"] = _toml_number(low)
            if self.chance(2):
                spec["max"] = _toml_number(draw(_decimal_between(low, low + 5000)))
        elif kind == "level":
            count = draw(st.integers(1, 5))
            first = draw(st.integers(0, len(_LEVEL_NAMES) - 1))
            spec["levels"] = [_LEVEL_NAMES[(first + i) % len(_LEVEL_NAMES)] for i in range(count)]
        self.inputs[name] = spec
        return name

    def domain(self, name: str) -> tuple[Decimal, Decimal]:
        """A range of values the input takes, for drawing band bounds and zero points."""
        spec = self.inputs[name]
        low, high = {
            "count": (Decimal(0), Decimal(1000)),
            "number": (Decimal(-1000), Decimal(1000)),
            "ratio": (Decimal(0), Decimal(1)),
            "percent": (Decimal(0), Decimal(100)),
            "bool": (Decimal(0), Decimal(1)),
        }[spec["type"]]
        low = Decimal(spec.get("min", low))
        high = Decimal(spec.get("max", high))
        return low, max(high, low + 1)  # a range of one value has no zero and full points

    # -- expressions ---------------------------------------------------------------

    def literal(self) -> str:
        return format_plain(_cents(self.draw(st.integers(0, 10_000))))

    def numeric(self, depth: int) -> str:
        """A numeric expression over declared inputs (division only through ``div``)."""
        draw = self.draw
        if depth <= 0 or draw(st.integers(0, 2)) == 0:  # an atom a third of the time
            return self.literal() if self.chance(4) else self.input(self.pick(_NUMERIC))
        shape = self.pick(_SHAPES)
        a = self.numeric(depth - 1)
        if shape in ("+", "-", "*"):
            return f"({a} {shape} {self.numeric(depth - 1)})"
        if shape == "scale":
            return f"({a} * {self.literal()})"
        if shape == "div":
            return f"div({a}, {self.numeric(depth - 1)})"
        if shape == "div3":
            return f"div({a}, {self.numeric(depth - 1)}, {self.literal()})"
        if shape in ("min", "max"):
            return f"{shape}({a}, {self.numeric(depth - 1)})"
        if shape == "abs":
            return f"abs({a})"
        if shape == "round":
            return f"round({a}, {draw(st.integers(0, 4))})"
        if shape == "clamp":
            low = _cents(draw(st.integers(-1000, 1000)))
            high = low + _cents(draw(st.integers(0, 1000)))
            return f"clamp({a}, {format_plain(low)}, {format_plain(high)})"
        if shape == "if":
            return f"({a} if {self.condition(depth - 1)} else {self.numeric(depth - 1)})"
        return f"(-{a})"

    def condition(self, depth: int) -> str:
        """A yes/no expression: comparisons joined by ``and``/``or``/``not``."""
        compare = f"{self.numeric(depth)} {self.pick(_COMPARE)} {self.numeric(depth)}"
        joint = self.pick(("", "", "and", "or", "not"))
        if not joint or depth <= 0:
            return compare
        if joint == "not":
            return f"not ({compare})"
        return f"({compare}) {joint} ({self.condition(depth - 1)})"

    # -- rules ---------------------------------------------------------------------

    def source(self, rule: dict[str, Any], types: tuple[str, ...]) -> tuple[Decimal, Decimal]:
        """Set the rule's ``input`` or ``metric``; return a range of values it takes."""
        if self.chance(4):
            rule["metric"] = self.numeric(2)
            return Decimal(-10), Decimal(1000)
        rule["input"] = name = self.input(self.pick(types))
        return self.domain(name)

    def rule(self, kind: str, top: int) -> dict[str, Any]:
        """A valid rule of ``kind`` for a leaf whose max is ``top`` cents."""
        draw = self.draw
        maximum = _cents(top)
        rule: dict[str, Any] = {"kind": kind}
        if kind == "check":
            if self.chance(4):
                rule["metric"] = self.condition(1)
            else:
                rule["input"] = self.input("bool")
            if self.chance(2):
                rule["expect"] = draw(st.booleans())
            if self.chance(4):
                rule["points"] = _toml_number(maximum)
        elif kind == "bands":
            low, high = self.source(rule, _NUMERIC)
            rule["bands"] = draw(bands(maximum, low, high))
        elif kind == "linear":
            low, high = self.source(rule, _NUMERIC)
            zero, full = draw(
                st.lists(_decimal_between(low, high), min_size=2, max_size=2, unique=True)
            )
            rule["zero"], rule["full"] = _toml_number(zero), _toml_number(full)
            if self.chance(4):
                rule["points"] = _toml_number(maximum)
        elif kind == "per_item":
            self.source(rule, ("count", "number"))
            rule["per_item"] = _toml_number(_cents(draw(st.integers(1, 500))))
            if top > 0 and self.chance(4):
                rule["cap"] = _toml_number(maximum)
        elif kind == "levels":
            rule["input"] = name = self.input("level")
            levels: list[str] = self.inputs[name]["levels"]
            shares = draw(
                st.lists(
                    _decimal_between(Decimal(0), Decimal(1), places=3),
                    min_size=len(levels),
                    max_size=len(levels),
                )
            )
            shares[draw(st.integers(0, len(levels) - 1))] = Decimal(1)
            rule["shares"] = {lv: _toml_number(s) for lv, s in zip(levels, shares, strict=True)}
        elif kind == "deduct":
            self.source(rule, ("count", "bool", "number"))
            rule["per"] = _toml_number(_cents(draw(st.integers(1, 500))))
            if top > 0 and self.chance(4):
                rule["cap"] = _toml_number(_cents(draw(st.integers(1, top))))
        elif kind == "formula":
            rule["formula"] = self.numeric(3)
        elif kind == "relative":
            self.source(rule, _NUMERIC)
            rule["compare"] = self.pick(("mean", "median", "rank"))
            if rule["compare"] == "rank":
                rule["top"] = draw(st.integers(1, 5))
            if self.chance(3):
                rule["lower_is_better"] = True
        return rule

    # -- the tree ------------------------------------------------------------------

    def due(self) -> date | str:
        draw = self.draw
        month = draw(st.integers(1, 12))
        day = draw(st.integers(1, calendar.monthrange(2000, month)[1]))  # 29/02 is allowed
        shape = self.pick(("date", "day-month", "dd/mm/yyyy"))
        if shape == "day-month":
            return f"{day}/{month}" if self.chance(2) else f"{day:02d}/{month:02d}"
        day = min(day, calendar.monthrange(self.year, month)[1])
        if shape == "date":
            return date(self.year, month, day)
        return f"{day:02d}/{month:02d}/{self.year}"

    def node(self, code: str, top: int, depth: int, max_depth: int, max_children: int) -> None:
        """Draw the node ``code`` worth ``top`` cents, and its subtree."""
        draw = self.draw
        raw: dict[str, Any] = {
            "name": draw(_TEXT) if self.chance(8) else self.pick(_NAMES),
            "max": _toml_number(_cents(top)),
        }
        if self.chance(4):
            raw["name_en"] = "Criterion " + code
        if self.chance(2):
            raw["responsible"] = self.pick(_OFFICES)
        if self.chance(4):
            raw["assessor"] = self.pick(("self", "province"))
        if self.chance(6):
            raw["source"] = "Suy ra từ báo cáo, không phải nguyên văn quyết định."
        if self.with_dues and self.chance(2):
            raw["due"] = self.due()
        self.criteria[code] = raw
        if depth < max_depth and self.chance(depth + 1):
            count = draw(st.integers(1, max_children))
            if self.chance(5):
                raw["rescale_scope"] = True
            style = self.pick(("arabic", "arabic", "letter"))
            for i, part in enumerate(_split(draw, top, count), start=1):
                child = f"{code}.{_segment(style, i)}"
                self.node(child, part, depth + 1, max_depth, max_children)
            return
        policy = self.policy or self.pick((None, "full", "rescale"))
        if policy is not None:
            raw["not_applicable"] = policy
        raw["rule"] = self.rule(self.pick(self.kinds), top)
        if self.chance(6):
            raw["not_applicable_when"] = (
                f"{self.input('count')} == 0" if self.chance(2) else self.condition(1)
            )

    def constraints(self) -> dict[str, Any]:
        """A few ``a <= b`` constraints between declared counts."""
        counts = [n for n, spec in self.inputs.items() if spec["type"] == "count"]
        found: dict[str, Any] = {}
        for i in range(1, 3):
            if len(counts) < 2 or not self.chance(2):
                break
            a = self.pick(counts)
            b = self.pick([n for n in counts if n != a])
            expr = f"{a} <= {b}"
            found[f"rang_buoc_{i}"] = expr if self.chance(2) else {"expr": expr, "message": "sai"}
        return found


#: The letters decrees number points with, in order (no f, j, w, z in Vietnamese).
_POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _segment(style: str, number: int) -> str:
    """The ``number``-th code segment of a level numbered in ``style``, as a decree writes it."""
    if style == "roman" and number <= len(_ROMAN):
        return _ROMAN[number - 1]
    if style == "letter" and number <= len(_POINT_LETTERS):
        return _POINT_LETTERS[number - 1]
    return str(number)
