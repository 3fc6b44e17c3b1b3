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

import os
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ..errors import ExpressionError, InputError, ProblemLog, suggest
from ..i18n import msg
from ..kinds.manual import Manual
from ..language.expressions import Namespace, reference_in_force
from ..language.model import Assessor, Ruleset
from ..language.trace import InputValue
from ..numbers import NumberError, format_plain, parse_number, to_decimal
from ..rulefiles._text_keys import refuse_odd_keys
from ._data_checks import CALLABLE, SLOW, checks, points_given, read_quickly
from ._data_files import load_raw
from ._data_values import ValueReader
from ._unit_data import REPORT_KEYS, TOP_KEYS
from ._unit_data import Statements as Statements
from ._unit_data import UnitData as UnitData

__all__ = ["UnitData", "load_raw", "read_unit"]

_NODE_KEYS = ("points", "not_applicable", "estimate", "note")
_KNOWN_TOP_KEYS = frozenset(TOP_KEYS)
_KNOWN_NODE_KEYS = frozenset(_NODE_KEYS)
#: Values that are never tables: checked first, as asking ``Mapping`` is slower.
_SCALARS = (bool, int, Decimal, str, float, date)


def _is_table(value: object) -> bool:
    """``isinstance(value, Mapping)``, answered at once for the usual plain values."""
    return type(value) is dict or (not isinstance(value, _SCALARS) and isinstance(value, Mapping))


def read_unit(
    ruleset: Ruleset, data: Mapping[str, Any] | str | os.PathLike[str], *, file: str | None = None
) -> UnitData:
    """Check ``data`` against ``ruleset``; raise :class:`InputError` listing every problem.

    ``file`` names the file a mapping was read from, for the problems' locations.
    """
    if type(data) is dict or isinstance(data, Mapping):  # a dict, the usual data, asked first
        # The usual unit is read in one pass that also sees every key is text; only
        # data it leaves to the reader is searched for keys that are not, first.
        found = _quickly(ruleset, data, file)
        if found is not None:
            return found
        refuse_odd_keys(data, InputError, file, unread=REPORT_KEYS)
        return _Reader(ruleset, data, file).read()
    raw, path = load_raw(data)
    return read_loaded(ruleset, raw, file or path)


def read_loaded(ruleset: Ruleset, raw: Mapping[str, Any], file: str | None) -> UnitData:
    """:func:`read_unit` of a mapping :func:`load_raw` gave, whose keys are known to be text.

    Its keys are not searched again: that pass over every nested table costs as much
    as the usual unit's checks.
    """
    return _quickly(ruleset, raw, file) or _Reader(ruleset, raw, file).read()


def _quickly(ruleset: Ruleset, raw: Mapping[str, Any], file: str | None) -> UnitData | None:
    """:func:`read_quickly`, or ``None`` for data it cannot read at all.

    Finding a key among the names the rule set knows asks the key's own ``==``, which a
    caller's object may make raise: the reader's long way, which asks no key anything
    but its type, then says what is wrong with it.
    """
    try:
        return read_quickly(ruleset, raw, file)
    except Exception:  # see above
        return None


class _Reader:
    def __init__(self, ruleset: Ruleset, raw: Mapping[str, Any], file: str | None) -> None:
        self.ruleset = ruleset
        self.raw = raw
        self.file = file
        self.log = ProblemLog(file=file)
        locale = raw.get("locale", "vi")
        self.values = ValueReader(self.log, locale if locale in ("vi", "en") else "vi")
        self.province_only = ruleset.province_inputs
        self.checks = checks(ruleset)

    def read(self) -> UnitData:
        for key in self.raw:
            if key not in _KNOWN_TOP_KEYS:
                self.log.add(
                    msg(
                        "unknown key {key!r} in the data{hint}",
                        key=key,
                        hint=suggest(key, TOP_KEYS),
                    ),
                    key=key,
                )
        if self.raw.get("locale", "vi") not in ("vi", "en"):
            self.log.add(
                msg('\'locale\' must be "vi" or "en"'),
                key="locale",
            )
        declared = self.raw.get("ruleset")
        # Data written for a rule set also fits the rule sets that extend it.
        if declared is not None and declared not in (self.ruleset.id, *self.ruleset.lineage):
            self.log.add(
                msg(
                    "the data is for rule set {declared!r}, not {id!r}",
                    declared=declared,
                    id=self.ruleset.id,
                ),
                key="ruleset",
            )
        layers = self.layers()
        unit = self.raw.get("unit")
        if unit is not None and not isinstance(unit, str):
            self.log.add(msg("'unit' must be text"), key="unit")
            unit = None
        as_of = self.values.date(self.raw.get("as_of"), key="as_of")
        period = self.raw.get("period")
        if period is not None and (
            not isinstance(period, int) or isinstance(period, bool) or not 1990 <= period <= 2200
        ):
            self.log.add(
                msg("'period' must be a year such as 2023, not {period!r}", period=period),
                key="period",
            )
            period = None
        reported = self.raw.get("reported")
        if reported is not None and not isinstance(reported, Mapping):
            self.log.add(msg("'reported' must be a table"), key="reported")
            reported = None
        self.log.raise_if_any(InputError)
        return UnitData(
            layers=tuple(layers),
            unit=unit,
            as_of=as_of,
            period=period,
            reported=reported,
            source=self.file,
        )

    def _table(self, raw: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
        value = raw.get(key, {})
        if not isinstance(value, Mapping):
            self.log.add(msg("{where} must be a table", where=where), key=key)
            return {}
        return value

    # -- layers ----------------------------------------------------------------------

    def layers(self) -> list[Statements]:
        """The layers the data gives, in the rule set's order; top-level tables are the first."""
        declared = self.ruleset.layers
        given = self._table(self.raw, "layers", "'layers'")
        for name in given:
            if name not in declared:
                self.log.add(
                    msg(
                        "unknown assessment layer {name!r}{hint}; the rule set declares {list}",
                        name=name,
                        hint=suggest(name, declared),
                        list=list(declared),
                    ),
                    key=f"layers.{name}",
                )
        tables: dict[str, Mapping[str, Any]] = {}
        if "inputs" in self.raw or "criteria" in self.raw or not given:
            if declared[0] in given:
                self.log.add(
                    msg(
                        "layer {declared!r} is given twice: at the top and under [layers]",
                        declared=declared[0],
                    ),
                    key=f"layers.{declared[0]}",
                )
            tables[declared[0]] = self.raw
        for name in declared:
            table = given.get(name)
            if table is None:
                continue
            if not isinstance(table, Mapping):
                self.log.add(
                    msg("layer {name!r} must be a table", name=name),
                    key=f"layers.{name}",
                )
                continue
            for key in table:
                if key not in ("inputs", "criteria"):
                    self.log.add(
                        msg(
                            "unknown key {key!r} in layer {name!r}: a layer has inputs and "
                            "criteria",
                            key=key,
                            name=name,
                        ),
                        key=f"layers.{name}.{key}",
                    )
            tables[name] = table
        layers: list[Statements] = []
        for name in declared:
            if name in tables:
                layers.append(self.layer(name, tables[name], first=name == declared[0]))
                self.constraints(layers[-1].over(layers[-2]) if len(layers) > 1 else layers[-1])
        return layers

    def layer(self, name: str, table: Mapping[str, Any], *, first: bool) -> Statements:
        inputs, estimated = self.inputs(self._table(table, "inputs", "'inputs'"))
        points, not_applicable, estimated_nodes = self.criteria(
            self._table(table, "criteria", "'criteria'")
        )
        # In layered data the unit's own layer may not speak for the province; flat data
        # is simply everything known, whoever gave it.
        if first and "layers" in self.raw and len(self.ruleset.layers) > 1:
            self.province_statements(name, inputs, points)
        return Statements(
            layer=name,
            inputs=inputs,
            estimated=frozenset(estimated),
            points=points,
            not_applicable=not_applicable,
            estimated_nodes=estimated_nodes,
        )

    def province_statements(
        self, name: str, inputs: Mapping[str, InputValue], points: Mapping[str, Decimal]
    ) -> None:
        """The unit's own layer may not score what only the province assesses."""
        for input_name in inputs:
            if input_name in self.province_only:
                self.log.add(
                    msg(
                        "input {input_name!r} feeds criteria the province assesses only: "
                        "give it in a later layer, not in {name!r}",
                        input_name=input_name,
                        name=name,
                    ),
                    input=input_name,
                )
        for code in points:
            if self.ruleset.assessor_of(code) is Assessor.PROVINCE:
                self.log.add(
                    msg(
                        "criterion {code!r} is assessed by the province: give its points in "
                        "a later layer, not in {name!r}",
                        code=code,
                        name=name,
                    ),
                    node=code,
                    key="points",
                )

    # -- inputs ----------------------------------------------------------------------

    def inputs(self, table: Mapping[str, Any]) -> tuple[dict[str, InputValue], set[str]]:
        values: dict[str, InputValue] = {}
        estimated: set[str] = set()
        specs = self.ruleset.inputs
        quick = self.checks.inputs
        for name, raw in table.items():
            check = quick.get(name)
            if check is not None:
                value = check(raw)
                if value is not SLOW:  # a usual value: checked at once
                    values[name] = value
                    continue
            if name not in specs:
                self.log.add(
                    msg("unknown input {name!r}{hint}", name=name, hint=suggest(name, specs)),
                    input=name,
                )
                continue
            value = raw
            if _is_table(raw):
                unknown = [k for k in raw if k not in ("value", "estimate")]
                if (
                    unknown
                    or "value" not in raw
                    or not isinstance(raw.get("estimate", False), bool)
                ):
                    self.log.add(
                        msg("write a value as {{ value = ..., estimate = true }}"),
                        input=name,
                    )
                    continue
                value = raw["value"]
                if raw.get("estimate", False):
                    estimated.add(name)
            checked = self.values.value(specs[name], value)
            if checked is not None:
                values[name] = checked
        # In the order the rule set declares them, as the one pass gives them.
        return {name: values[name] for name in specs if name in values}, estimated

    def constraints(self, known: Statements) -> None:
        """Check the constraints on everything known once a layer is laid down.

        All are asked at once, by the rule set's generated function; when one does not
        hold, or fails, each is asked again the usual way, which says what is wrong.
        """
        values = known.inputs
        holds_all = self.checks.holds
        if holds_all is not None and not reference_in_force():
            try:
                if holds_all(values, CALLABLE):
                    return
            except Exception:  # said below, constraint by constraint
                pass
        namespace: Namespace | None = None
        for constraint in self.ruleset.constraints:
            if not constraint.expression.names <= values.keys():
                continue
            namespace = namespace or Namespace(values)
            try:
                holds = constraint.expression.evaluate(namespace)
            except ExpressionError as exc:  # a division by zero, say: where it is written
                for problem in exc.problems:
                    self.log.add(
                        msg("constraint {name!r}: {what}", name=constraint.name, what=problem.what),
                        file=constraint.file or self.ruleset.source,
                        line=constraint.line,
                        key=constraint.name,
                    )
                continue
            if holds is True:
                continue
            shown = ", ".join(
                f"{n} = {_show(values[n])}" for n in sorted(constraint.expression.names)
            )
            extra = f" ({constraint.message})" if constraint.message else ""
            self.log.add(
                msg(
                    "constraint {name!r} is broken: {text} does not hold for {shown}{extra}",
                    name=constraint.name,
                    text=constraint.expression.text,
                    shown=shown,
                    extra=extra,
                ),
                input=", ".join(sorted(constraint.expression.names)),
            )

    # -- per-criterion statements -----------------------------------------------------------

    def criteria(
        self, table: Mapping[str, Any]
    ) -> tuple[dict[str, Decimal], dict[str, bool], dict[str, bool]]:
        points: dict[str, Decimal] = {}
        not_applicable: dict[str, bool] = {}
        estimated: dict[str, bool] = {}
        nodes = self.ruleset.criteria
        checked = self.checks
        for code, raw in table.items():
            quick = points_given(checked, code, raw)
            if quick is not None:  # a manual leaf's points, as usual: checked at once
                points[code] = quick
                continue
            where: dict[str, Any] = {"node": code}
            if code not in nodes:
                self.log.add(
                    msg(
                        "the rule set has no criterion {code!r}{hint}",
                        code=code,
                        hint=suggest(code, nodes),
                    ),
                    **where,
                )
                continue
            node = nodes[code]
            if not _is_table(raw):
                self.log.add(
                    msg("write a criterion's data as a table (points, not_applicable, estimate)"),
                    **where,
                )
                continue
            for key in raw:
                if key not in _KNOWN_NODE_KEYS:
                    self.log.add(
                        msg("unknown key {key!r}{hint}", key=key, hint=suggest(key, _NODE_KEYS)),
                        key=key,
                        **where,
                    )
            if not node.is_leaf and ("points" in raw or "not_applicable" in raw):
                self.log.add(
                    msg("points and not_applicable are given for leaf criteria only"),
                    **where,
                )
                continue
            for flag in ("not_applicable", "estimate"):
                if not isinstance(raw.get(flag, False), bool):
                    self.log.add(
                        msg("{flag!r} must be true or false", flag=flag),
                        key=flag,
                        **where,
                    )
            if isinstance(raw.get("not_applicable"), bool):
                not_applicable[code] = raw["not_applicable"]
            if isinstance(raw.get("estimate"), bool):
                estimated[code] = raw["estimate"]
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
                msg(
                    "criterion {code!r} is scored by its {kind!r} rule: give its inputs, "
                    "not points",
                    code=code,
                    kind=type(node.rule).name if node.rule else "",
                ),
                **where,
            )
            return None
        try:
            points = (
                parse_number(value, self.values.locale)
                if isinstance(value, str)
                else to_decimal(value)
            )
        except (TypeError, ValueError) as exc:
            wrong = msg("{value!r} is not a number", value=value)
            self.log.add(
                exc.refusal(value, wrong) if isinstance(exc, NumberError) else wrong, **where
            )
            return None
        if not 0 <= points <= node.max:
            self.log.add(
                msg(
                    "{points} points is outside 0 … {max}",
                    points=format_plain(points),
                    max=format_plain(node.max),
                ),
                **where,
            )
            return None
        return points


def _show(value: InputValue) -> str:
    return format_plain(value) if isinstance(value, Decimal) else str(value)
