"""Recognising the common ways decrees word a criterion's scoring, and the rule each one is.

Each recogniser reads the scoring text (cách chấm) of one leaf and returns a
:class:`Shape` when the text is its shape, using only the figures the text gives:

- all or nothing, ``Đạt: 2 điểm; không đạt: 0 điểm`` → ``check`` on a yes/no input;
- bands, ``Từ 90% trở lên: 2 điểm; từ 70% đến dưới 90%: 1 điểm; dưới 70%: 0 điểm``
  → ``bands`` on a percent input;
- proportional, ``Tỷ lệ × điểm tối đa`` or ``Đạt từ 80% trở lên sẽ đạt điểm tối đa.
  Dưới 80% tính theo công thức: Tỷ lệ × Điểm tối đa / 80%`` → ``linear``;
- per item, ``Mỗi sáng kiến được 0,5 điểm, tối đa 1 điểm`` → ``per_item`` on a count;
- deductions, ``Mỗi văn bản ban hành chậm trừ 0,25 điểm`` → ``deduct`` on a count.

Anything else is ``manual``, with the reason a person has to read it. The table of
recognisers (:data:`RECOGNISERS`) is tried in order; the first that knows the text wins.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

from attrs import frozen

from ..i18n import Message, msg
from ..numbers import plain

__all__ = ["RECOGNISERS", "InputDraft", "Shape", "input_name", "recognise"]


@frozen(kw_only=True)
class InputDraft:
    """An input the drafted rule reads: a plain identifier, its type and a Vietnamese label."""

    name: str
    type: str
    label: str
    unit: str | None = None


@frozen(kw_only=True)
class Shape:
    """How a leaf is scored: its rule table, the input it reads, the most it can give."""

    kind: str
    rule: dict[str, Any]
    read: Message
    input: InputDraft | None = None
    best: Decimal | None = None
    review: Message | None = None


_NUM: Final = r"([0-9]+(?:[.,][0-9]+)?)"
_POINTS: Final = re.compile(rf"{_NUM}\s*điểm|(điểm tối đa)|(không\s+(?:được\s+)?(?:tính\s+)?điểm)")
_PERCENT: Final = rf"{_NUM}\s*%"
_NEGATION: Final = re.compile(r"^(?:[-+•]\s*)?(?:nếu\s+)?(?:không|chưa)\b")
_CLAUSES: Final = re.compile(r"[;\n]|\.\s+(?=[^0-9])|(?<![0-9%])\s-\s|^-\s")
_TIMES: Final = r"(?:×|\*|\s[xX]\s)"


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _flat(text: str) -> str:
    return " ".join(text.split()).lower()


def _clauses(text: str, *, lower: bool = True) -> list[str]:
    parts = (p.strip(" ,.:-+•") for p in _CLAUSES.split(text.lower() if lower else text))
    return [" ".join(p.split()) for p in parts if p.strip(" ,.:-+•")]


def _points(clause: str, maximum: Decimal) -> Decimal | None:
    """The points a clause awards, or ``None`` when it names none."""
    found = _POINTS.search(clause)
    if found is None:
        return None
    if found.group(2):
        return maximum
    if found.group(3):
        return Decimal(0)
    return _number(found.group(1))


def input_name(code: str, suffix: str) -> str:
    """A plain ASCII name for a leaf's input: ``I.1.đ`` and ``rate`` give ``c_i_1_dd_rate``."""
    segments = [s.lower().replace("đ", "dd") for s in code.split(".")]
    return "_".join(("c", *segments, suffix))


def _rate(text: str, name: str) -> str:
    """What the rate is of, in the text's words (``Tỷ lệ hồ sơ … × điểm tối đa``), else the name."""
    found = _RATE_WORDS.search(" ".join(text.split()))
    words = found.group(1).strip(" %(") if found else ""
    if len(words.split()) <= 2:  # only "tỷ lệ": the name says more
        return _label(name)
    return words[0].upper() + words[1:]


def _label(name: str) -> str:
    return name.strip().rstrip(".:;,") or name


# -- the recognisers --------------------------------------------------------------------

_LINEAR: Final = re.compile(
    rf"t[ỷỉ]\s*lệ[^;]*?{_TIMES}\s*(?:(điểm tối đa)|{_NUM}\s*(?:điểm)?)"
    rf"(?:\s*(?:/|:|chia(?: cho)?)\s*{_PERCENT})?"
)
_RATE_WORDS: Final = re.compile(rf"(t[ỷỉ]\s*lệ\b[^;×*]*?)\s*%?\s*{_TIMES}", re.IGNORECASE)
_FULL_FROM: Final = re.compile(rf"(?:từ\s*)?{_PERCENT}\s*trở lên[^;.]*?điểm tối đa")


def _linear(code: str, name: str, text: str, maximum: Decimal) -> Shape | None:
    flat = _flat(text)
    found = _LINEAR.search(flat)
    if found is None:
        return None
    points = maximum if found.group(1) else _number(found.group(2))
    full = _number(found.group(3)) if found.group(3) else Decimal(100)
    stated = _FULL_FROM.search(flat)
    review = None
    if stated is not None and _number(stated.group(1)) != full:
        review = msg(
            "the text gives full points from {stated} % but divides by {full} %",
            stated=plain(_number(stated.group(1))),
            full=plain(full),
        )
    if full <= 0:
        return None
    rule: dict[str, Any] = {"kind": "linear", "input": input_name(code, "rate")}
    rule.update(zero=Decimal(0), full=full)
    if points != maximum:
        rule["points"] = points
    return Shape(
        kind="linear",
        rule=rule,
        read=msg(
            "proportional: the rate × {points} / {full} %, full points from {full} %",
            points=plain(points),
            full=plain(full),
        ),
        input=InputDraft(name=rule["input"], type="percent", label=_rate(text, name), unit="%"),
        best=points,
        review=review,
    )


_AT_LEAST: Final = re.compile(rf"(?:từ|bằng|đạt)?\s*{_PERCENT}\s*trở lên")
_AT_MOST: Final = re.compile(rf"(?:từ\s*)?{_PERCENT}\s*trở xuống")
_BETWEEN: Final = re.compile(rf"từ\s*{_PERCENT}\s*(?:đến|-|–)\s*(dưới\s*)?{_PERCENT}")
_ABOVE: Final = re.compile(rf"(?:trên|lớn hơn)\s*{_PERCENT}")
_BELOW: Final = re.compile(rf"(?:dưới|nhỏ hơn|thấp hơn)\s*{_PERCENT}")
_ALL: Final = re.compile(r"(?:đạt\s*)?100\s*%")

_Bound = tuple[Decimal | None, bool, Decimal | None, bool]  # low, inclusive, high, inclusive


#: Bounds written as signs: ``70% ≤ tỷ lệ < 90%``, ``≥ 90%``, ``< 70%``.
_SIGNS: Final = re.compile(rf"{_PERCENT}\s*(≤|<=|<)\s*[^;:≤<]*?\s*(≤|<=|<)\s*{_PERCENT}")
_SIGN: Final = re.compile(rf"(≥|>=|>|≤|<=|<)\s*{_PERCENT}")


def _signs(clause: str) -> _Bound | None:
    found = _SIGNS.search(clause)
    if found:
        low, high = _number(found.group(1)), _number(found.group(4))
        return (low, found.group(2) != "<", high, found.group(3) != "<")
    found = _SIGN.search(clause)
    if found is None:
        return None
    sign, value = found.group(1), _number(found.group(2))
    if sign in ("≥", ">="):
        return (value, True, None, False)
    if sign == ">":
        return (value, False, None, False)
    return (None, False, value, sign != "<")


def _range(clause: str) -> _Bound | None:
    signed = _signs(clause)
    if signed is not None:
        return signed
    found = _BETWEEN.search(clause)
    if found:
        return (_number(found.group(1)), True, _number(found.group(3)), not found.group(2))
    found = _AT_LEAST.search(clause)
    if found:
        return (_number(found.group(1)), True, None, False)
    found = _AT_MOST.search(clause)
    if found:
        return (None, False, _number(found.group(1)), True)
    found = _ABOVE.search(clause)
    if found:
        return (_number(found.group(1)), False, None, False)
    found = _BELOW.search(clause)
    if found:
        return (None, False, _number(found.group(1)), False)
    if _ALL.search(clause):
        return (Decimal(100), True, None, False)
    return None


def _bands(code: str, name: str, text: str, maximum: Decimal) -> Shape | None:
    if "%" not in text:
        return None
    steps: list[tuple[_Bound, Decimal]] = []
    for clause in _clauses(text):
        bound = _range(clause)
        points = _points(clause, maximum)
        if bound is None and points is None:
            continue
        if bound is None or points is None:
            return None  # a clause that is not a band: not this shape
        steps.append((bound, points))
    if len(steps) < 2:
        return None
    steps.sort(key=lambda s: (s[0][0] is not None, s[0][0] or Decimal(0)))
    for ((_, _, high, high_in), _), ((low, low_in, _, _), _) in itertools.pairwise(steps):
        if high is None or low is None or high != low or high_in == low_in:
            return _manual(
                msg("its bands do not meet edge to edge: a value would fall in none or two")
            )
    bands = []
    for (low, low_in, high, high_in), points in reversed(steps):
        band: dict[str, Any] = {}
        if low is not None:
            band["at_least" if low_in else "above"] = low
        if high is not None:
            band["at_most" if high_in else "below"] = high
        band["points"] = points
        bands.append(band)
    name_of_input = input_name(code, "rate")
    rule = {"kind": "bands", "input": name_of_input, "bands": bands}
    return Shape(
        kind="bands",
        rule=rule,
        read=msg("bands on a percentage: {count} steps", count=len(bands)),
        input=InputDraft(name=name_of_input, type="percent", label=_label(name), unit="%"),
        best=max(points for _, points in steps),
    )


_PER_ITEM: Final = re.compile(
    rf"mỗi\s+(.+?)\s+(?:được\s+)?(?:cộng\s+)?(?:thêm\s+)?(?:được\s+)?{_NUM}\s*điểm"
)
_DEDUCT: Final = re.compile(rf"mỗi\s+(.+?)\s*,?\s+(?:thì\s+)?(?:bị\s+)?trừ\s+{_NUM}\s*điểm")
_DEDUCT_AFTER: Final = re.compile(
    rf"trừ\s+{_NUM}\s*điểm\s*(?:/|cho|đối với)\s*(?:mỗi|01|1|một)\s+([^;,.]+)"
)
_CAP: Final = re.compile(rf"(?:tối đa|không quá)\s*(?:trừ\s*)?(?:là\s*)?{_NUM}\s*điểm")


def _item(text: str) -> str:
    item = text.strip(" ,.:;")
    return f"Số {item}"


def _deduct(code: str, name: str, text: str, maximum: Decimal) -> Shape | None:
    del name
    flat = _flat(text)
    found = _DEDUCT.search(flat)
    if found is not None:
        item, per = found.group(1), _number(found.group(2))
    else:
        after = _DEDUCT_AFTER.search(flat)
        if after is None:
            return None
        per, item = _number(after.group(1)), after.group(2)
    if per <= 0:
        return None
    rule: dict[str, Any] = {"kind": "deduct", "input": input_name(code, "count"), "per": per}
    cap = _CAP.search(flat)
    if cap is not None and _number(cap.group(1)) < maximum:
        rule["cap"] = _number(cap.group(1))
    return Shape(
        kind="deduct",
        rule=rule,
        read=msg("deduction: {per} off for each, down to 0 points", per=plain(per)),
        input=InputDraft(name=rule["input"], type="count", label=_item(item)),
        best=maximum,
    )


def _per_item(code: str, name: str, text: str, maximum: Decimal) -> Shape | None:
    del name
    flat = _flat(text)
    found = _PER_ITEM.search(flat)
    if found is None or "trừ" in found.group(0):
        return None
    per = _number(found.group(2))
    if per <= 0:
        return None
    rule: dict[str, Any] = {"kind": "per_item", "input": input_name(code, "count"), "per_item": per}
    cap = _CAP.search(flat)
    best = maximum
    if cap is not None:
        best = _number(cap.group(1))
        if best != maximum:
            rule["cap"] = best
    return Shape(
        kind="per_item",
        rule=rule,
        read=msg(
            "per item: {per} each, at most {cap} points",
            per=plain(per),
            cap=plain(best),
        ),
        input=InputDraft(name=rule["input"], type="count", label=_item(found.group(1))),
        best=best,
    )


def _check(code: str, name: str, text: str, maximum: Decimal) -> Shape | None:
    if "%" in text:
        return None
    written = _clauses(text, lower=False)
    scored = [
        (shown, p)
        for clause, shown in zip(_clauses(text), written, strict=True)
        if (p := _points(clause, maximum)) is not None
    ]
    if len(scored) != 2:
        return None
    (yes, points), (_, nothing) = sorted(scored, key=lambda s: s[1], reverse=True)
    if nothing != 0 or points <= 0:
        return None
    rule: dict[str, Any] = {"kind": "check", "input": input_name(code, "done")}
    if points != maximum:
        rule["points"] = points
    condition = _CONDITION.split(yes, maxsplit=1)[0].strip(" :,.-")
    label = _label(name)
    if condition and condition.lower() not in label.lower():
        label = f"{label}: {condition[0].lower()}{condition[1:]}"
    return Shape(
        kind="check",
        rule=rule,
        read=msg("all or nothing: {points} or 0 points", points=plain(points)),
        input=InputDraft(name=rule["input"], type="bool", label=label),
        best=points,
    )


#: Where a clause's condition ends and its points begin: ``Ban hành đúng hạn: 1 điểm``.
_CONDITION: Final = re.compile(
    rf"\s*[:,]?\s*(?:thì\s+)?(?:được\s+|đạt\s+)?(?:{_NUM}\s*điểm|điểm tối đa)", re.IGNORECASE
)


def _manual(review: Message) -> Shape:
    return Shape(
        kind="manual", rule={"kind": "manual"}, read=msg("points given by hand"), review=review
    )


Recogniser = Callable[[str, str, str, Decimal], Shape | None]
#: The shapes tried in order: a proportional text also names a threshold, and a
#: deduction also says "mỗi", so those come before bands and per-item.
RECOGNISERS: Final[tuple[tuple[str, Recogniser], ...]] = (
    ("linear", _linear),
    ("bands", _bands),
    ("deduct", _deduct),
    ("per_item", _per_item),
    ("check", _check),
)


def recognise(code: str, name: str, text: str, maximum: Decimal) -> Shape:
    """The scoring rule the text ``text`` of leaf ``code`` words, or ``manual`` to review."""
    if not text.strip():
        return _manual(msg("the table gives no scoring text"))
    for kind, recogniser in RECOGNISERS:
        shape = recogniser(code, name, text, maximum)
        if shape is None:
            continue
        if kind == "deduct" and _per_item(code, name, text, maximum) is not None:
            return _manual(msg("its text both adds points per item and deducts them"))
        return shape
    return _manual(msg("its scoring text is none of the common shapes"))
