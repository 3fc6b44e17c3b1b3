"""Hypothesis strategies: random valid rule sets, and unit data for any rule set.

For tools built on :mod:`cchc_index` that want property tests. This is the only
module of the package that imports :mod:`hypothesis`; install it with the
``test`` extra (``pip install "cchc-index[test]"``).

* :func:`raw_rulesets` draws raw mappings shaped like a rule file read from TOML
  (``[ruleset]``, ``[inputs]``, ``[constraints]``, ``[criteria]``) that are valid by
  construction: maxima add up exactly, bands meet without gap or overlap, every
  declared level has a share, formulas use declared inputs and ``div()``.
* :func:`rulesets` draws the same, passed through
  :func:`cchc_index.loader.parse_ruleset`.
* :func:`data_for` draws unit data for a given rule set: values within their
  bounds and constraints, some inputs missing, some estimates, manual points,
  ``not_applicable`` leaves and an ``as_of`` date in the period; or, with
  ``invalid=True``, data that :func:`cchc_index.evaluate` must refuse with
  :class:`cchc_index.InputError`.

A downstream tool checks its own rules and renderer like this::

    import pytest
    from hypothesis import given, strategies as st

    import cchc_index as cc
    from cchc_index.testing import data_for, rulesets

    MY_RULES = cc.load_ruleset("dak-nong/2022/huyen")

    @given(data_for(MY_RULES))
    def test_report_renders_any_unit(data):
        result = cc.evaluate(MY_RULES, data)
        assert my_report(result)            # never raises, whatever the unit reports

    @given(data_for(MY_RULES, invalid=True))
    def test_bad_data_is_refused(data):
        with pytest.raises(cc.InputError):
            cc.evaluate(MY_RULES, data)

    @given(rulesets(kinds=["bands", "linear"], max_depth=2).flatmap(
        lambda rs: st.tuples(st.just(rs), data_for(rs))))
    def test_my_report_renders_any_rules(pair):
        ruleset, data = pair
        assert my_report(cc.evaluate(ruleset, data))

Failing examples show the drawn values; draw from :func:`raw_rulesets` and load
with :func:`cchc_index.loader.parse_ruleset` yourself to see a failing rule set as
the mapping a rule file would hold.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import hypothesis.strategies as st
from hypothesis.errors import InvalidArgument

from .errors import ExpressionError
from .expressions import Namespace
from .loader import parse_ruleset
from .model import InputSpec, InputType, Ruleset
from .numbers import LARGEST, PLACES, ROUNDING_MODES, format_plain
from .trace import InputValue

__all__ = ["DRAWN_KINDS", "bands", "data_for", "raw_rulesets", "rulesets"]

#: The scoring kinds :func:`rulesets` can draw. A ``relative`` leaf evaluated alone
#: waits for its group (pending); through ``evaluate_many`` it is scored.
DRAWN_KINDS = (
    "check",
    "bands",
    "linear",
    "per_item",
    "levels",
    "deduct",
    "formula",
    "manual",
    "relative",
)

_NUMERIC = ("count", "number", "ratio", "percent")
_PROVINCES = ("mau", "dak-nong", "lam-dong", "ha-noi", "can-tho", "thua-thien-hue")
_LEVELS = ("xa", "huyen", "tinh", "so-nganh")
_TITLES = (
    "Bộ tiêu chí đánh giá Chỉ số CCHC",
    "Bộ chỉ số cải cách hành chính cấp xã",
    "Chỉ số CCHC các sở, ban, ngành",
)
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
_LE_CONSTRAINT = re.compile(r"\s*(\w+)\s*<=\s*(\w+)\s*")
_TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12).filter(str.strip)
_T = TypeVar("_T")


def _pick(draw: st.DrawFn, choices: Sequence[_T]) -> _T:
    """One of ``choices``, shrinking towards the first (cheaper than an ad hoc sampled_from)."""
    return choices[draw(st.integers(0, len(choices) - 1))]


def _chance(draw: st.DrawFn, one_in: int) -> bool:
    """True about once in ``one_in`` draws; shrinks to False."""
    return draw(st.integers(0, one_in - 1)) == one_in - 1


def _cents(n: int) -> Decimal:
    """``n`` hundredths as an exact Decimal (``150`` → ``1.5``)."""
    return Decimal(n) / 100


def _toml_number(value: Decimal) -> Decimal | int:
    """The value as TOML would give it: an int when whole, else a Decimal."""
    return int(value) if value == value.to_integral_value() else value


def _split(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    """``parts`` non-negative whole numbers (cents) adding up to ``total`` exactly."""
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    edges = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(edges)]


def _decimal_between(low: Decimal, high: Decimal, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Decimals with at most ``places`` places in ``[low, high]``."""
    scale = 10**places
    lo = int((low * scale).to_integral_value(rounding="ROUND_CEILING"))
    hi = int((high * scale).to_integral_value(rounding="ROUND_FLOOR"))
    if lo > hi:  # no such number in a very narrow range: take its low end
        return st.just(low)
    return st.integers(lo, hi).map(lambda n: Decimal(n) / scale)


def _day_in(year: int) -> st.SearchStrategy[date]:
    return st.dates(date(year, 1, 1), date(year, 12, 31))


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


def bands(
    maximum: Decimal, low: Decimal, high: Decimal, *, increasing: bool = False
) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Valid ``bands`` lists for a leaf worth ``maximum``, band bounds drawn in ``[low, high]``.

    One to four bands, listed from low to high or from high to low; neighbours meet
    exactly, each meeting point belonging to one side (``at_most``/``above`` or
    ``below``/``at_least``); the outer bands may be closed. Points have at most two
    decimal places and the best band gives ``maximum``. With ``increasing``, points
    never fall as the value rises (the top band is open above).
    """
    top = int((maximum * 100).to_integral_value(rounding="ROUND_FLOOR"))

    @st.composite
    def draw_bands(draw: st.DrawFn) -> list[dict[str, Any]]:
        cuts = sorted(set(draw(st.lists(_decimal_between(low, high), max_size=3))))
        count = len(cuts) + 1
        points = [
            _cents(p) for p in draw(st.lists(st.integers(0, top), min_size=count, max_size=count))
        ]
        if increasing:
            points.sort()
            points[-1] = maximum
        else:
            points[draw(st.integers(0, count - 1))] = maximum
        found: list[dict[str, Any]] = [{"points": _toml_number(p)} for p in points]
        for i, cut in enumerate(cuts):
            value = _toml_number(cut)
            if draw(st.booleans()):
                found[i]["at_most"], found[i + 1]["above"] = value, value
            else:
                found[i]["below"], found[i + 1]["at_least"] = value, value
        first = cuts[0] if cuts else high
        if _chance(draw, 3):
            edge = first - _cents(draw(st.integers(1, 10_000)))
            found[0]["above" if draw(st.booleans()) else "at_least"] = _toml_number(edge)
        if not increasing and _chance(draw, 3):
            last = cuts[-1] if cuts else first
            edge = last + _cents(draw(st.integers(1, 10_000)))
            found[-1]["below" if draw(st.booleans()) else "at_most"] = _toml_number(edge)
        return found[::-1] if draw(st.booleans()) else found

    return draw_bands()


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


@st.composite
def _raw_ruleset(
    draw: st.DrawFn,
    *,
    max_depth: int,
    max_children: int,
    kinds: tuple[str, ...],
    not_applicable: str | None,
    with_dues: bool,
) -> dict[str, Any]:
    year = draw(st.integers(2015, 2035))
    level = _pick(draw, _LEVELS)
    total = 10_000 if not _chance(draw, 3) else draw(st.integers(1, 20_000))
    head: dict[str, Any] = {
        "id": f"{_pick(draw, _PROVINCES)}/{year}/{level}",
        "title": _pick(draw, _TITLES),
        "level": level,
        "year": year,
        "max": _toml_number(_cents(total)),
    }
    if _chance(draw, 2):
        head["title_en"] = "Administrative reform index"
    if _chance(draw, 2):
        head["basis"] = _pick(
            draw,
            (
                "1704/QĐ-UBND",
                {"decision": "1704/QĐ-UBND", "date": date(year - 1, 10, 18)},
                {"decision": "01/QĐ-UBND", "issuer": "UBND tỉnh"},
            ),
        )
    if _chance(draw, 2):
        head["rounding"] = {
            "places": draw(st.integers(0, 4)),
            "mode": _pick(draw, sorted(ROUNDING_MODES)),
        }
    draft = _Draft(draw, year=year, kinds=kinds, not_applicable=not_applicable, with_dues=with_dues)
    fields = draw(st.integers(1, max_children))
    style = _pick(draw, ("arabic", "arabic", "roman"))
    for i, part in enumerate(_split(draw, total, fields), start=1):
        draft.node(_segment(style, i), part, 1, max_depth, max_children)
    if _chance(draw, 4):  # declared and read by no rule: data may still give it
        draft.inputs["ngay_ban_hanh"] = {"type": "date", "label": "Ngày ban hành kế hoạch"}
    raw: dict[str, Any] = {"ruleset": head}
    if draft.inputs:
        raw["inputs"] = draft.inputs
    constraints = draft.constraints()
    if constraints:
        raw["constraints"] = constraints
    raw["criteria"] = draft.criteria
    return raw


def raw_rulesets(
    *,
    max_depth: int = 3,
    max_children: int = 4,
    kinds: Iterable[str] | None = None,
    not_applicable: str | None = None,
    with_dues: bool = True,
) -> st.SearchStrategy[dict[str, Any]]:
    """Raw rule-set mappings, shaped as a rule file read from TOML, valid by construction.

    ``max_depth``: levels of the criteria tree (1: every field is a leaf).
    ``max_children``: most fields, and most children of a node.
    ``kinds``: the scoring kinds leaves may use (default: all of :data:`DRAWN_KINDS`).
    ``not_applicable``: the policy every leaf declares, ``"full"`` or ``"rescale"``;
    ``None`` draws one per leaf (or none, meaning ``full``).
    ``with_dues``: whether nodes may have deadlines (dates, ``"dd/mm"``, ``"dd/mm/yyyy"``).

    Values are what :mod:`tomllib` gives with ``parse_float=Decimal``: ``int``,
    :class:`~decimal.Decimal`, :class:`~datetime.date`, ``str``, lists and dicts.
    Maxima have at most two decimal places; children's add up to their parent's.
    """
    if not isinstance(max_depth, int) or max_depth < 1:
        raise InvalidArgument(f"max_depth must be a whole number of at least 1, not {max_depth!r}")
    if not isinstance(max_children, int) or not 1 <= max_children <= 999:
        raise InvalidArgument(
            f"max_children must be a whole number from 1 to 999, not {max_children!r}"
        )
    chosen = DRAWN_KINDS if kinds is None else tuple(dict.fromkeys(kinds))
    if not chosen or any(k not in DRAWN_KINDS for k in chosen):
        raise InvalidArgument(
            f"kinds must be a non-empty selection of {DRAWN_KINDS}, not {kinds!r}"
        )
    if not_applicable not in (None, "full", "rescale"):
        raise InvalidArgument(
            f"not_applicable must be None, 'full' or 'rescale', not {not_applicable!r}"
        )
    return _raw_ruleset(
        max_depth=max_depth,
        max_children=max_children,
        kinds=chosen,
        not_applicable=not_applicable,
        with_dues=with_dues,
    )


def rulesets(
    *,
    max_depth: int = 3,
    max_children: int = 4,
    kinds: Iterable[str] | None = None,
    not_applicable: str | None = None,
    with_dues: bool = True,
) -> st.SearchStrategy[Ruleset]:
    """Valid :class:`~cchc_index.Ruleset` objects; the options are those of :func:`raw_rulesets`."""
    return raw_rulesets(
        max_depth=max_depth,
        max_children=max_children,
        kinds=kinds,
        not_applicable=not_applicable,
        with_dues=with_dues,
    ).map(parse_ruleset)


# -- unit data --------------------------------------------------------------------------


def _value(spec: InputSpec, year: int) -> st.SearchStrategy[InputValue]:
    """A valid value of a declared input, already of the type the reader converts to."""
    kind = spec.type
    if kind is InputType.BOOL:
        return st.booleans()
    if kind is InputType.DATE:
        return _day_in(year)
    if kind is InputType.LEVEL:
        return st.sampled_from(spec.levels)
    low, high = spec.bounds()
    if kind is InputType.COUNT:
        lo = 0 if low is None else int(low.to_integral_value(rounding="ROUND_CEILING"))
        hi = 10**6 if high is None else int(high.to_integral_value(rounding="ROUND_FLOOR"))
        return st.one_of(st.integers(lo, min(hi, lo + 100)), st.integers(lo, hi))
    if kind is InputType.NUMBER:
        near = _decimal_between(
            Decimal(-(10**6)) if low is None else low,
            Decimal(10**6) if high is None else high,
            places=4,
        )
        if low is None and high is None:  # people's numbers stay below LARGEST (10^15)
            huge = LARGEST - Decimal("0.01")
            return st.one_of(near, _decimal_between(-huge, huge))
        return near
    # Ratios and percents have natural bounds.
    assert low is not None
    assert high is not None
    return _decimal_between(low, high, places=4)


def _localized(value: Decimal, locale: str, *, group: bool) -> str:
    """``value`` written the way ``locale`` writes numbers (``-1.234,5`` in ``vi``)."""
    sep, point = (".", ",") if locale == "vi" else (",", ".")
    text = format_plain(value)
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    if group:
        head = len(whole) % 3 or 3
        whole = sep.join([whole[:head], *(whole[i : i + 3] for i in range(head, len(whole), 3))])
    return sign + whole + (point + fraction if fraction else "")


def _written(spec: InputSpec, value: InputValue, locale: str) -> st.SearchStrategy[Any]:
    """The ways a person can write ``value`` in a data file."""
    ways: list[Any] = [value]
    if isinstance(value, bool):
        yes, no = ("có", "không") if locale == "vi" else ("yes", "no")
        ways.append(yes if value else no)
    elif isinstance(value, date):
        ways += [value.isoformat(), value.strftime("%d/%m/%Y")]
    elif isinstance(value, int | Decimal) and not isinstance(value, bool):
        number = Decimal(value)
        ways += [
            number,
            _localized(number, locale, group=False),
            _localized(number, locale, group=True),
        ]
        if spec.type is InputType.RATIO:
            ways.append(_localized(number * 100, locale, group=False) + "%")
        if spec.type is InputType.PERCENT:
            ways.append(_localized(number, locale, group=True) + " %")
    return st.integers(0, len(ways) - 1).map(ways.__getitem__)


def _respect_constraints(ruleset: Ruleset, values: dict[str, InputValue]) -> None:
    """Bring ``a <= b`` constraints into line, and drop an input of any other broken one."""
    for constraint in ruleset.constraints:
        found = _LE_CONSTRAINT.fullmatch(constraint.expression.text)
        if found:
            a, b = found.groups()
            va, vb = values.get(a), values.get(b)
            if not (isinstance(va, int | Decimal) and isinstance(vb, int | Decimal)) or va <= vb:
                continue
            spec = ruleset.inputs[a]
            low = spec.bounds()[0]
            if (low is None or vb >= low) and (spec.type is not InputType.COUNT or vb == int(vb)):
                values[a] = int(vb) if spec.type is InputType.COUNT else Decimal(vb)
    changed = True
    while changed:
        changed = False
        for constraint in ruleset.constraints:
            names = constraint.expression.names
            if not names <= values.keys():
                continue
            try:
                holds = constraint.expression.evaluate(Namespace(values))
            except ExpressionError:
                holds = False
            if holds is not True:
                del values[sorted(names)[0]]  # the constraint is then not checked
                changed = True


def _manual_points(maximum: Decimal, locale: str) -> st.SearchStrategy[Any]:
    top = int((maximum * 100).to_integral_value(rounding="ROUND_FLOOR"))
    points = st.one_of(st.integers(0, top).map(_cents), st.just(maximum))
    return points.flatmap(
        lambda p: st.sampled_from((p, _toml_number(p), _localized(p, locale, group=False)))
    )


def _is_manual(ruleset: Ruleset, code: str) -> bool:
    rule = ruleset.criteria[code].rule
    return rule is not None and type(rule).name == "manual"


@st.composite
def _valid_data(draw: st.DrawFn, ruleset: Ruleset) -> dict[str, Any]:
    year = ruleset.year
    locale = "en" if _chance(draw, 3) else "vi"
    values: dict[str, InputValue] = {}
    for name, spec in ruleset.inputs.items():
        if not _chance(draw, 6):  # about one in six is missing
            values[name] = draw(_value(spec, year))
    _respect_constraints(ruleset, values)
    inputs: dict[str, Any] = {}
    for name, value in values.items():
        written = draw(_written(ruleset.inputs[name], value, locale))
        if _chance(draw, 6):
            written = {"value": written, "estimate": not _chance(draw, 4)}
        inputs[name] = written
    criteria: dict[str, dict[str, Any]] = {}
    for node in ruleset:
        entry: dict[str, Any] = {}
        if node.is_leaf and _chance(draw, 5):
            entry["not_applicable"] = not _chance(draw, 4)
        if node.is_leaf and _is_manual(ruleset, node.code) and not _chance(draw, 5):
            entry["points"] = draw(_manual_points(node.max, locale))
        if _chance(draw, 10):
            entry["estimate"] = True
        if entry:
            criteria[node.code] = entry
    data: dict[str, Any] = {"unit": _pick(draw, ("Xã Mẫu", "Huyện Đắk Song", "Sở A"))}
    if not _chance(draw, 10):
        day = draw(_day_in(year))
        data["as_of"] = _pick(draw, (day, day.isoformat(), day.strftime("%d/%m/%Y")))
    if _chance(draw, 2):
        data["ruleset"] = ruleset.id
    if _chance(draw, 4):
        data["period"] = year
    if locale != "vi" or _chance(draw, 2):
        data["locale"] = locale
    if len(inputs) > 0 or _chance(draw, 2):
        data["inputs"] = inputs
    if len(criteria) > 0 or _chance(draw, 2):
        data["criteria"] = criteria
    return data


# -- invalid data: each corruption alone makes the data refused ------------------------------

_Corruption = Callable[[st.DrawFn, Ruleset, dict[str, Any]], None]


def _inputs_of(data: dict[str, Any]) -> dict[str, Any]:
    table = data.get("inputs")
    if not isinstance(table, dict):
        table = data["inputs"] = {}
    return table


def _criteria_of(data: dict[str, Any]) -> dict[str, Any]:
    table = data.get("criteria")
    if not isinstance(table, dict):
        table = data["criteria"] = {}
    return table


def _typed(ruleset: Ruleset, *types: InputType) -> list[str]:
    return [n for n, spec in ruleset.inputs.items() if spec.type in types]


def _unknown_input(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    name = draw(st.sampled_from(("chua_khai_bao", "files_x", "ty_le_dung_han", "_")))
    while name in ruleset.inputs:
        name += "_x"
    _inputs_of(data)[name] = draw(st.sampled_from((1, True, "1")))


def _negative_count(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    name = draw(st.sampled_from(_typed(ruleset, InputType.COUNT)))
    _inputs_of(data)[name] = -draw(st.integers(1, 1000))


def _fractional_count(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    name = draw(st.sampled_from(_typed(ruleset, InputType.COUNT)))
    _inputs_of(data)[name] = Decimal(draw(st.integers(0, 100))) + Decimal("0.5")


def _above_natural(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    name = draw(st.sampled_from(_typed(ruleset, InputType.RATIO, InputType.PERCENT)))
    top = Decimal(1) if ruleset.inputs[name].type is InputType.RATIO else Decimal(100)
    _inputs_of(data)[name] = top + _cents(draw(st.integers(1, 10_000)))


def _outside_declared(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    names = [
        n
        for n in _typed(ruleset, *[t for t in InputType if t.numeric])
        if ruleset.inputs[n].min is not None or ruleset.inputs[n].max is not None
    ]
    spec = ruleset.inputs[draw(st.sampled_from(names))]
    if spec.min is not None and (spec.max is None or draw(st.booleans())):
        value = spec.min - _cents(draw(st.integers(1, 10_000)))
    else:
        assert spec.max is not None
        value = spec.max + _cents(draw(st.integers(1, 10_000)))
    _inputs_of(data)[spec.name] = value


def _too_large(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    name = draw(st.sampled_from(_typed(ruleset, InputType.NUMBER, InputType.COUNT)))
    _inputs_of(data)[name] = int(LARGEST) + draw(st.integers(0, 10**20))


def _too_fine(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    numeric = [t for t in InputType if t.numeric]
    spec = ruleset.inputs[draw(st.sampled_from(_typed(ruleset, *numeric)))]
    low, high = spec.bounds()
    base = Decimal(0) if low is None else low
    if high is not None and base >= high:
        base = high - 1
    _inputs_of(data)[spec.name] = base + Decimal(1).scaleb(-PLACES - 1)


def _wrong_type(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    spec = ruleset.inputs[draw(st.sampled_from(sorted(ruleset.inputs)))]
    if spec.type.numeric:
        bad: list[Any] = ["không phải số", True, [1], float("nan"), float("inf"), None, "1,2,3"]
    elif spec.type is InputType.BOOL:
        bad = [2, "có lẽ", Decimal(1), None, [True]]
    elif spec.type is InputType.DATE:
        # No None: the reader takes None for a date as "no value" (for other types, an error).
        bad = ["31/02/2023", "2023-13-01", 20230101, True, "hôm qua"]
    else:
        bad = [1, True, None, "mức không có", [spec.levels[0]]]
    _inputs_of(data)[spec.name] = draw(st.sampled_from([b for b in bad if b not in spec.levels]))


def _unknown_level(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    spec = ruleset.inputs[draw(st.sampled_from(_typed(ruleset, InputType.LEVEL)))]
    value = draw(st.sampled_from((*_LEVEL_NAMES, "Tốt", "xuat sac", "")))
    while value in spec.levels:
        value += "?"
    _inputs_of(data)[spec.name] = value


def _bad_wrapper(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    spec = ruleset.inputs[draw(st.sampled_from(sorted(ruleset.inputs)))]
    value = draw(_value(spec, ruleset.year))
    _inputs_of(data)[spec.name] = draw(
        st.sampled_from(
            (
                {"value": value, "estimate": "yes"},
                {"value": value, "uoc_tinh": True},
                {"estimate": True},
                {},
            )
        )
    )


def _le_pairs(ruleset: Ruleset) -> list[tuple[str, str]]:
    """The numeric ``a <= b`` constraints of ``ruleset``, as ``(a, b)``."""
    pairs: list[tuple[str, str]] = []
    for constraint in ruleset.constraints:
        found = _LE_CONSTRAINT.fullmatch(constraint.expression.text)
        if (
            found
            and found[1] != found[2]
            and all(n in ruleset.inputs and ruleset.inputs[n].type.numeric for n in found.groups())
        ):
            pairs.append((found[1], found[2]))
    return pairs


def _broken_constraint(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    a, b = draw(st.sampled_from(_le_pairs(ruleset)))
    spec_b = ruleset.inputs[b]
    vb = draw(_value(spec_b, ruleset.year))
    assert isinstance(vb, int | Decimal)
    inputs = _inputs_of(data)
    inputs[b] = vb
    inputs[a] = vb + 1


def _manual_out_of_range(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    code = draw(st.sampled_from([c for c in ruleset.criteria if _is_manual(ruleset, c)]))
    node = ruleset.criteria[code]
    over = node.max + _cents(draw(st.integers(1, 10_000)))
    points = draw(st.sampled_from((over, -_cents(draw(st.integers(1, 100))), "nhiều", True)))
    _criteria_of(data)[code] = {"points": points}


def _points_on_scored_node(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    codes = [c for c in ruleset.criteria if not _is_manual(ruleset, c)]
    code = draw(st.sampled_from(codes))
    _criteria_of(data)[code] = {"points": 0}


def _na_on_parent(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    code = draw(st.sampled_from([c for c, n in ruleset.criteria.items() if not n.is_leaf]))
    _criteria_of(data)[code] = {"not_applicable": True}


def _unknown_code(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    code = draw(st.sampled_from(("99", "1.99", "0", "1.1.1.1.1", "a", "1,1")))
    while code in ruleset.criteria:
        code += ".9"
    _criteria_of(data)[code] = {"estimate": True}


def _bad_node_entry(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    code = draw(st.sampled_from(sorted(ruleset.criteria)))
    _criteria_of(data)[code] = draw(
        st.sampled_from(({"not_applicable": "yes"}, {"estimate": 1}, {"diem": 1}, "đạt", 1, [True]))
    )


def _bad_top_level(draw: st.DrawFn, ruleset: Ruleset, data: dict[str, Any]) -> None:
    key, value = draw(
        st.sampled_from(
            (
                ("as_of", "31/02/2023"),
                ("as_of", "2023-13-01"),
                ("as_of", 20230920),
                ("unit", 12),
                ("period", 1800),
                ("period", "2023"),
                ("period", True),
                ("locale", "fr"),
                ("ruleset", "khac/2020/xa"),
                ("inputs", [1, 2]),
                ("criteria", "1.1"),
                ("reported", 65.7),
                ("diem", 1),
                ("input", {}),
            )
        )
    )
    if key == "ruleset" and value == ruleset.id:
        value = "khac/2021/xa"
    data[key] = value


def _corruptions(ruleset: Ruleset) -> list[_Corruption]:
    """Every corruption that applies to ``ruleset`` (some need an input or node of a kind)."""
    found: list[_Corruption] = [_unknown_input, _unknown_code, _bad_node_entry, _bad_top_level]
    types = {spec.type for spec in ruleset.inputs.values()}
    codes = list(ruleset.criteria)
    if InputType.COUNT in types:
        found += [_negative_count, _fractional_count]
    if types & {InputType.RATIO, InputType.PERCENT}:
        found.append(_above_natural)
    if any(
        s.type.numeric and (s.min is not None or s.max is not None) for s in ruleset.inputs.values()
    ):
        found.append(_outside_declared)
    if types & {InputType.NUMBER, InputType.COUNT}:
        found.append(_too_large)
    if any(t.numeric for t in types):
        found.append(_too_fine)
    if ruleset.inputs:
        found += [_wrong_type, _bad_wrapper]
    if InputType.LEVEL in types:
        found.append(_unknown_level)
    if _le_pairs(ruleset):
        found.append(_broken_constraint)
    if any(_is_manual(ruleset, c) for c in codes):
        found.append(_manual_out_of_range)
    if any(not _is_manual(ruleset, c) for c in codes):
        found.append(_points_on_scored_node)
    if any(not n.is_leaf for n in ruleset):
        found.append(_na_on_parent)
    return found


@st.composite
def _layered_data(draw: st.DrawFn, ruleset: Ruleset) -> dict[str, Any]:
    """Valid data split into assessment layers: a later layer re-gives some values.

    The province's own statements (inputs only it gives, points of criteria it
    assesses) move to the later layer, where layered data must hold them; the later
    layer re-gives only inputs no constraint ties to others, so every layer stays valid.
    """
    data = draw(_valid_data(ruleset))
    if len(ruleset.layers) < 2:
        return data
    first, later = ruleset.layers[0], ruleset.layers[1]
    inputs = dict(data.pop("inputs", {}))
    criteria = dict(data.pop("criteria", {}))
    moved_inputs = {n: inputs.pop(n) for n in list(inputs) if n in ruleset.province_inputs}
    moved_points: dict[str, dict[str, Any]] = {}
    for code, entry in list(criteria.items()):
        if "points" in entry and ruleset.assessor_of(code).value == "province":
            moved_points[code] = {"points": entry["points"]}
            rest = {k: v for k, v in entry.items() if k != "points"}
            if rest:
                criteria[code] = rest
            else:
                del criteria[code]
    constrained = {n for c in ruleset.constraints for n in c.expression.names}
    other = draw(_valid_data(ruleset))
    again = other.get("inputs", {})
    free = sorted(n for n in again if n not in constrained and n not in ruleset.province_inputs)
    chosen = draw(st.lists(st.sampled_from(free), unique=True)) if free else []
    if other.get("locale", "vi") != data.get("locale", "vi"):
        chosen = []  # the re-drawn values are written the other locale's way
    moved_inputs.update({n: again[n] for n in chosen})
    data["layers"] = {
        first: {"inputs": inputs, "criteria": criteria},
        later: {"inputs": moved_inputs, "criteria": moved_points},
    }
    return data


@st.composite
def _invalid_data(draw: st.DrawFn, ruleset: Ruleset) -> dict[str, Any]:
    data = draw(_valid_data(ruleset))
    for corrupt in draw(st.lists(st.sampled_from(_corruptions(ruleset)), min_size=1, max_size=3)):
        corrupt(draw, ruleset, data)
    return data


def data_for(
    ruleset: Ruleset, *, invalid: bool = False, layers: bool = False
) -> st.SearchStrategy[dict[str, Any]]:
    """Unit data mappings for ``ruleset``, as a data file read from TOML would give them.

    Valid data (the default) keeps every declaration: values of the right type
    within their bounds (written as numbers, or as text in the data's locale: ``"65,7"``,
    ``"95,5%"``), cross-input constraints kept (an input of a constraint that cannot
    be kept is left out), some inputs missing (``not_due`` or ``missing`` leaves), some
    marked ``{ value = …, estimate = true }``, manual points within the max, some
    leaves ``not_applicable``, and usually an ``as_of`` day within the period.

    With ``invalid=True``, the same data with one to three corruptions that
    :func:`cchc_index.evaluate` must refuse with :class:`cchc_index.InputError`:
    negative or fractional counts, ratios above 1, values outside declared bounds,
    unknown input names or codes, values of the wrong type, unknown levels, broken
    ``a <= b`` constraints, manual points outside ``0 … max``, points given for a
    scored node, malformed keys and dates.

    With ``layers=True``, valid data is split into the rule set's first two
    assessment layers (``[layers.self]``, ``[layers.appraisal]``): the later layer
    holds what only the province gives and re-gives some of the unit's values.
    """
    if not isinstance(ruleset, Ruleset):
        raise InvalidArgument(f"data_for() needs a Ruleset, not {type(ruleset).__name__}")
    if invalid and layers:
        raise InvalidArgument("data_for() draws invalid data without layers")
    if invalid:
        return _invalid_data(ruleset)
    return _layered_data(ruleset) if layers else _valid_data(ruleset)
