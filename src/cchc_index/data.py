"""A unit's data: read from a mapping or a TOML/JSON file, checked against the rule set.

A data file looks like this::

    unit = "Huyện Đắk Song"
    as_of = 2023-09-20              # optional; evaluate(as_of=...) wins

    [inputs]
    files_resolved = 17604
    files_on_time = 15739
    institution_progress = { value = 0.75, estimate = true }

    [criteria."7.4"]
    not_applicable = true           # this leaf does not apply to the unit
    [criteria."1.5"]
    points = 1                      # a manual criterion's points

Every problem (wrong type, out of bounds, a broken constraint, an unknown name
with a suggestion) is collected and raised together as one :class:`InputError`.
Data that breaks a declaration is an error, never a score of 0.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import field, frozen

from .errors import ExpressionError, InputError, ProblemLog, suggest, suggest_vi
from .expressions import Namespace
from .kinds.manual import Manual
from .loader import parse_toml, read_toml
from .model import InputSpec, InputType, Ruleset
from .numbers import format_plain, parse_number, to_decimal
from .trace import InputValue

__all__ = ["UnitData", "read_unit"]

_TOP_KEYS = (
    "unit",
    "ruleset",
    "as_of",
    "period",
    "locale",
    "inputs",
    "criteria",
    "reported",
    "expected",
)
_NODE_KEYS = ("points", "not_applicable", "estimate", "note")
_TRUE = {"true", "yes", "có", "co", "x"}
_FALSE = {"false", "no", "không", "khong"}
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@frozen(kw_only=True)
class UnitData:
    """One unit's checked data: typed input values and per-criterion statements."""

    inputs: Mapping[str, InputValue] = field(factory=dict)
    estimated: frozenset[str] = frozenset()
    points: Mapping[str, Decimal] = field(factory=dict)
    not_applicable: frozenset[str] = frozenset()
    estimated_nodes: frozenset[str] = frozenset()
    unit: str | None = None
    as_of: date | None = None
    period: int | None = None
    reported: Mapping[str, Any] | None = None
    source: str | None = None


def load_raw(
    data: Mapping[str, Any] | str | os.PathLike[str],
) -> tuple[Mapping[str, Any], str | None]:
    """The raw mapping behind ``data`` (a mapping, or a TOML/JSON file path) and its file name."""
    if isinstance(data, Mapping):
        return data, None
    if not isinstance(data, str | os.PathLike):
        log = ProblemLog()
        log.add(
            f"data must be a mapping or the path of a TOML/JSON file, not {type(data).__name__}",
            f"dữ liệu phải là mapping hoặc đường dẫn tệp TOML/JSON, không phải "
            f"{type(data).__name__}",
        )
        log.raise_if_any(InputError)
    path = Path(data)
    if path.suffix.lower() == ".json":
        return _read_json(path), str(path)
    return read_toml(path, error=InputError), str(path)


def _read_json(path: Path) -> Mapping[str, Any]:
    log = ProblemLog(file=str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
        raw = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except OSError as exc:
        log.add(f"cannot read the file ({exc.strerror})", f"không đọc được tệp ({exc.strerror})")
    except UnicodeDecodeError:
        log.add("the file is not UTF-8 text", "tệp không phải văn bản UTF-8")
    except (json.JSONDecodeError, ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        log.add(f"not valid JSON: {exc}", f"không đúng cú pháp JSON: {exc}", line=line)
    else:
        if isinstance(raw, Mapping):
            return raw
        log.add("the data must be a JSON object", "dữ liệu phải là một đối tượng JSON")
    log.raise_if_any(InputError)
    raise AssertionError("unreachable")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def parse_data_text(text: str, *, file: str | None = None) -> Mapping[str, Any]:
    """Parse TOML data text (used where data arrives as text, not a file)."""
    return parse_toml(text, file=file, error=InputError)


def read_unit(ruleset: Ruleset, data: Mapping[str, Any] | str | os.PathLike[str]) -> UnitData:
    """Check ``data`` against ``ruleset``; raise :class:`InputError` listing every problem."""
    raw, file = load_raw(data)
    return _Reader(ruleset, raw, file).read()


class _Reader:
    def __init__(self, ruleset: Ruleset, raw: Mapping[str, Any], file: str | None) -> None:
        self.ruleset = ruleset
        self.raw = raw
        self.file = file
        self.log = ProblemLog(file=file)
        locale = raw.get("locale", "vi")
        self.locale = locale if locale in ("vi", "en") else "vi"

    def read(self) -> UnitData:
        for key in self.raw:
            if key not in _TOP_KEYS:
                self.log.add(
                    f"unknown key {key!r} in the data{suggest(key, _TOP_KEYS)}",
                    f"khóa {key!r} không hợp lệ trong dữ liệu{suggest_vi(key, _TOP_KEYS)}",
                    key=key,
                )
        if self.raw.get("locale", "vi") not in ("vi", "en"):
            self.log.add(
                '\'locale\' must be "vi" or "en"',
                '\'locale\' phải là "vi" hoặc "en"',
                key="locale",
            )
        declared = self.raw.get("ruleset")
        # Data written for a rule set also fits the rule sets that extend it.
        if declared is not None and declared not in (self.ruleset.id, *self.ruleset.lineage):
            self.log.add(
                f"the data is for rule set {declared!r}, not {self.ruleset.id!r}",
                f"dữ liệu dành cho bộ tiêu chí {declared!r}, không phải {self.ruleset.id!r}",
                key="ruleset",
            )
        inputs, estimated = self.inputs(self._table("inputs"))
        self.constraints(inputs)
        points, not_applicable, estimated_nodes = self.criteria(self._table("criteria"))
        unit = self.raw.get("unit")
        if unit is not None and not isinstance(unit, str):
            self.log.add("'unit' must be text", "'unit' phải là văn bản", key="unit")
            unit = None
        as_of = self._date(self.raw.get("as_of"), key="as_of")
        period = self.raw.get("period")
        if period is not None and (
            not isinstance(period, int) or isinstance(period, bool) or not 1990 <= period <= 2200
        ):
            self.log.add(
                f"'period' must be a year such as 2023, not {period!r}",
                f"'period' phải là một năm, ví dụ 2023, không phải {period!r}",
                key="period",
            )
            period = None
        reported = self.raw.get("reported")
        if reported is not None and not isinstance(reported, Mapping):
            self.log.add(
                "'reported' must be a table", "'reported' phải là một bảng", key="reported"
            )
            reported = None
        self.log.raise_if_any(InputError)
        return UnitData(
            inputs=inputs,
            estimated=frozenset(estimated),
            points=points,
            not_applicable=frozenset(not_applicable),
            estimated_nodes=frozenset(estimated_nodes),
            unit=unit,
            as_of=as_of,
            period=period,
            reported=reported,
            source=self.file,
        )

    def _table(self, key: str) -> Mapping[str, Any]:
        value = self.raw.get(key, {})
        if not isinstance(value, Mapping):
            self.log.add(f"{key!r} must be a table", f"{key!r} phải là một bảng", key=key)
            return {}
        return value

    def _date(self, value: Any, **where: Any) -> date | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            text = value.strip()
            try:
                if match := _DMY.fullmatch(text):
                    day, month, year = (int(g) for g in match.groups())
                    return date(year, month, day)
                return date.fromisoformat(text)
            except ValueError:
                pass
        self.log.add(
            f'{value!r} is not a date (write 2023-09-20 or "20/09/2023")',
            f'{value!r} không phải ngày hợp lệ (viết 2023-09-20 hoặc "20/09/2023")',
            **where,
        )
        return None

    # -- inputs ----------------------------------------------------------------------

    def inputs(self, table: Mapping[str, Any]) -> tuple[dict[str, InputValue], set[str]]:
        values: dict[str, InputValue] = {}
        estimated: set[str] = set()
        specs = self.ruleset.inputs
        for name, raw in table.items():
            if name not in specs:
                self.log.add(
                    f"unknown input {name!r}{suggest(name, specs)}",
                    f"đầu vào {name!r} không có trong bộ tiêu chí{suggest_vi(name, specs)}",
                    input=name,
                )
                continue
            value = raw
            if isinstance(raw, Mapping):
                unknown = [k for k in raw if k not in ("value", "estimate")]
                if (
                    unknown
                    or "value" not in raw
                    or not isinstance(raw.get("estimate", False), bool)
                ):
                    self.log.add(
                        "write a value as { value = ..., estimate = true }",
                        "ghi giá trị dạng { value = ..., estimate = true }",
                        input=name,
                    )
                    continue
                value = raw["value"]
                if raw.get("estimate", False):
                    estimated.add(name)
            checked = self.value(specs[name], value)
            if checked is not None:
                values[name] = checked
        return values, estimated

    def value(self, spec: InputSpec, value: Any) -> InputValue | None:
        """One input value converted to its type and checked against its bounds."""
        kind = spec.type
        where: dict[str, Any] = {"input": spec.name}
        shown = repr(value)
        if kind is InputType.BOOL:
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
                return value.strip().lower() in _TRUE
            self.log.add(
                f"{shown} is not yes/no (write true or false)",
                f"{shown} không phải có/không (viết true hoặc false)",
                **where,
            )
            return None
        if kind is InputType.DATE:
            return self._date(value, **where)
        if kind is InputType.LEVEL:
            if isinstance(value, str) and value in spec.levels:
                return value
            self.log.add(
                f"{shown} is not one of the levels {list(spec.levels)}"
                f"{suggest(str(value), spec.levels)}",
                f"{shown} không thuộc các mức {list(spec.levels)}"
                f"{suggest_vi(str(value), spec.levels)}",
                **where,
            )
            return None
        number = self.number(spec, value)
        if number is None:
            return None
        low, high = spec.bounds()
        if (low is not None and number < low) or (high is not None and number > high):
            span = f"{'-∞' if low is None else format_plain(low)} … " + (
                "+∞" if high is None else format_plain(high)
            )
            self.log.add(
                f"{format_plain(number)} is outside the allowed range {span} for a {kind.value}",
                f"{format_plain(number)} nằm ngoài khoảng cho phép {span} (kiểu {kind.value})",
                **where,
            )
            return None
        if kind is InputType.COUNT:
            if number != number.to_integral_value():
                self.log.add(
                    f"{format_plain(number)} is not a whole number; a count is",
                    f"{format_plain(number)} không phải số nguyên; số lượng phải là số nguyên",
                    **where,
                )
                return None
            return int(number)
        return number

    def number(self, spec: InputSpec, value: Any) -> Decimal | None:
        where: dict[str, Any] = {"input": spec.name}
        try:
            if isinstance(value, str):
                text = value.strip()
                scale = Decimal(1)
                if text.endswith("%") and spec.type in (InputType.RATIO, InputType.PERCENT):
                    text = text[:-1].strip()
                    scale = Decimal("0.01") if spec.type is InputType.RATIO else Decimal(1)
                return parse_number(text, self.locale) * scale
            return to_decimal(value)
        except (TypeError, ValueError):
            style = "65,7 or 20.845" if self.locale == "vi" else "65.7 or 20,845"
            self.log.add(
                f"{value!r} is not a number (in {self.locale!r} text, write {style})",
                f"{value!r} không phải là số (kiểu {self.locale!r}: viết {style})",
                **where,
            )
            return None

    def constraints(self, values: Mapping[str, InputValue]) -> None:
        namespace = Namespace(values)
        for constraint in self.ruleset.constraints:
            if not constraint.expression.names <= values.keys():
                continue
            try:
                holds = constraint.expression.evaluate(namespace)
            except ExpressionError as exc:
                self.log.extend(exc.problems)
                continue
            if holds is True:
                continue
            shown = ", ".join(
                f"{n} = {_show(values[n])}" for n in sorted(constraint.expression.names)
            )
            extra = f" ({constraint.message})" if constraint.message else ""
            self.log.add(
                f"constraint {constraint.name!r} is broken: {constraint.expression.text} "
                f"does not hold for {shown}{extra}",
                f"vi phạm ràng buộc {constraint.name!r}: {constraint.expression.text} "
                f"không đúng với {shown}{extra}",
                input=", ".join(sorted(constraint.expression.names)),
            )

    # -- per-criterion statements -----------------------------------------------------------

    def criteria(self, table: Mapping[str, Any]) -> tuple[dict[str, Decimal], set[str], set[str]]:
        points: dict[str, Decimal] = {}
        not_applicable: set[str] = set()
        estimated: set[str] = set()
        nodes = self.ruleset.criteria
        for code, raw in table.items():
            where: dict[str, Any] = {"node": code}
            if code not in nodes:
                self.log.add(
                    f"the rule set has no criterion {code!r}{suggest(code, nodes)}",
                    f"bộ tiêu chí không có tiêu chí {code!r}{suggest_vi(code, nodes)}",
                    **where,
                )
                continue
            node = nodes[code]
            if not isinstance(raw, Mapping):
                self.log.add(
                    "write a criterion's data as a table (points, not_applicable, estimate)",
                    "dữ liệu của tiêu chí phải là bảng (points, not_applicable, estimate)",
                    **where,
                )
                continue
            for key in raw:
                if key not in _NODE_KEYS:
                    self.log.add(
                        f"unknown key {key!r}{suggest(key, _NODE_KEYS)}",
                        f"khóa {key!r} không hợp lệ{suggest_vi(key, _NODE_KEYS)}",
                        key=key,
                        **where,
                    )
            if not node.is_leaf and ("points" in raw or "not_applicable" in raw):
                self.log.add(
                    "points and not_applicable are given for leaf criteria only",
                    "chỉ ghi points và not_applicable cho tiêu chí lá",
                    **where,
                )
                continue
            for flag in ("not_applicable", "estimate"):
                if not isinstance(raw.get(flag, False), bool):
                    self.log.add(
                        f"{flag!r} must be true or false",
                        f"{flag!r} phải là true hoặc false",
                        key=flag,
                        **where,
                    )
            if raw.get("not_applicable") is True:
                not_applicable.add(code)
            if raw.get("estimate") is True:
                estimated.add(code)
            if "points" in raw:
                given = self.manual_points(code, raw["points"])
                if given is not None:
                    points[code] = given
        return points, not_applicable, estimated

    def manual_points(self, code: str, value: Any) -> Decimal | None:
        node = self.ruleset.criteria[code]
        where: dict[str, Any] = {"node": code, "key": "points"}
        if not isinstance(node.rule, Manual):
            self.log.add(
                f"criterion {code!r} is scored by its {type(node.rule).name if node.rule else ''} "
                "rule: give its inputs, not points",
                f"tiêu chí {code!r} được chấm theo quy tắc: hãy nhập đầu vào, không nhập điểm",
                **where,
            )
            return None
        try:
            points = (
                parse_number(value, self.locale) if isinstance(value, str) else to_decimal(value)
            )
        except (TypeError, ValueError):
            self.log.add(f"{value!r} is not a number", f"{value!r} không phải là số", **where)
            return None
        if not 0 <= points <= node.max:
            self.log.add(
                f"{format_plain(points)} points is outside 0 … {format_plain(node.max)}",
                f"{format_plain(points)} điểm nằm ngoài khoảng 0 … {format_plain(node.max)}",
                **where,
            )
            return None
        return points


def _show(value: InputValue) -> str:
    return format_plain(value) if isinstance(value, Decimal) else str(value)
