"""Reading the ``[criteria]`` tables: codes, nodes, scoring rules, and the tree they form."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from attrs import evolve

from ._keys import CRITERION_KEYS
from ._reader import TableReader
from .errors import suggest
from .i18n import msg
from .kinds import KINDS, Rule, RuleSpec
from .model import (
    CODE_PATTERN,
    Adjust,
    Assessor,
    Criterion,
    InputSpec,
    MonthDay,
    NotApplicable,
    code_sort_key,
    parent_code,
)
from .numbers import format_plain

_CRITERION_KEYS = tuple(CRITERION_KEYS)
_Choice = TypeVar("_Choice", Assessor, NotApplicable)
_DAY_MONTH = re.compile(r"(\d{1,2})/(\d{1,2})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class CriteriaReader(TableReader):
    """Builds the criteria of a rule file and links them into a tree."""

    def criteria(
        self, table: Mapping[str, Any], inputs: Mapping[str, InputSpec]
    ) -> dict[str, Criterion]:
        nodes: dict[str, Criterion] = {}
        codes = [c for c in table if self.code_ok(c)]
        parents = {parent_code(c) for c in codes}
        for code in sorted(codes, key=code_sort_key):
            node = self.criterion(code, table[code], inputs, is_leaf=code not in parents)
            if node is not None:
                nodes[code] = node
        return nodes

    def code_ok(self, code: str) -> bool:
        if CODE_PATTERN.fullmatch(code):
            return True
        self.problem(
            msg(
                "{code!r} is not a criterion code: use numbers joined by dots, such "
                'as "3", "3.4", "3.4.1" (no leading zeros)',
                code=code,
            ),
            "criteria",
            code,
            node=code,
        )
        return False

    def criterion(
        self, code: str, raw: Any, inputs: Mapping[str, InputSpec], *, is_leaf: bool
    ) -> Criterion | None:
        path = ("criteria", code)
        where = {"node": code}
        line = self.locator.locate(*path)[1]
        if not isinstance(raw, Mapping):
            self.problem(msg("a criterion must be a table"), *path, **where)
            return None
        self.unknown_keys(raw, _CRITERION_KEYS, "criterion", path, **where)
        name = self.text(raw, "name", path, required=True, **where)
        maximum = self.number(raw, "max", path, **where)
        if "max" not in raw or (maximum is not None and maximum < 0):
            self.problem(
                msg("'max' (the criterion's maximum points) must be a number of at least 0"),
                *path,
                "max",
                key="max",
                **where,
            )
            maximum = None
        assessor = self.choice(raw, "assessor", Assessor, Assessor.SELF, path, **where)
        policy = self.choice(
            raw, "not_applicable", NotApplicable, NotApplicable.FULL, path, **where
        )
        due = self.due(raw.get("due"), path, **where)
        adjust = self.adjust(code, raw.get("adjust"), path, **where)
        rule = self.rule(code, raw.get("rule"), maximum, inputs, is_leaf=is_leaf)
        if name is None or maximum is None or assessor is None or policy is None:
            return None
        if is_leaf and rule is None:
            return None
        return Criterion(
            code=code,
            name=name,
            name_en=self.text(raw, "name_en", path, required=False, **where),
            max=maximum,
            responsible=self.text(raw, "responsible", path, required=False, **where),
            due=due,
            assessor=assessor,
            source=self.text(raw, "source", path, required=False, **where),
            not_applicable=policy,
            rule=rule,
            origins=self.locator.origins(*path),
            adjust=adjust,
            line=line,
        )

    def choice(
        self,
        raw: Mapping[str, Any],
        key: str,
        enum: type[_Choice],
        default: _Choice,
        path: tuple[str, ...],
        **where: Any,
    ) -> _Choice | None:
        value = raw.get(key, default.value)
        allowed = [m.value for m in enum]
        if value not in allowed:
            self.problem(
                msg(
                    "{key!r} must be one of {allowed}, not {value!r}",
                    key=key,
                    allowed=allowed,
                    value=value,
                ),
                *path,
                key,
                key=key,
                **where,
            )
            return None
        return enum(value)

    def adjust(self, code: str, value: Any, path: tuple[str, ...], **where: Any) -> Adjust | None:
        if value is None:
            return None
        allowed = [a.value for a in Adjust]
        if value not in allowed:
            self.problem(
                msg(
                    "'adjust' must be one of {allowed}, not {value!r}", allowed=allowed, value=value
                ),
                *path,
                "adjust",
                key="adjust",
                **where,
            )
            return None
        if parent_code(code) is not None:
            self.problem(
                msg("only a top-level criterion can be a bonus or a penalty"),
                *path,
                "adjust",
                key="adjust",
                **where,
            )
            return None
        return Adjust(value)

    def due(self, value: Any, path: tuple[str, ...], **where: Any) -> date | MonthDay | None:
        if value is None:
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            text = value.strip()
            try:
                if match := _DAY_MONTH_YEAR.fullmatch(text):
                    day, month, year = (int(g) for g in match.groups())
                    return date(year, month, day)
                if match := _DAY_MONTH.fullmatch(text):
                    day, month = (int(g) for g in match.groups())
                    date(2000, month, day)  # a leap year: accepts 29/02, refuses 31/04
                    return MonthDay(month, day)
            except ValueError:
                pass
        self.problem(
            msg(
                "'due' must be a date (2023-11-30, \"30/11/2023\") or a day and month "
                '("30/11"), not {value!r}',
                value=value,
            ),
            *path,
            "due",
            key="due",
            **where,
        )
        return None

    def rule(
        self,
        code: str,
        raw: Any,
        maximum: Decimal | None,
        inputs: Mapping[str, InputSpec],
        *,
        is_leaf: bool,
    ) -> Rule | None:
        path = ("criteria", code, "rule")
        if raw is None:
            if is_leaf:
                self.problem(
                    msg("a leaf criterion needs a scoring 'rule' (kind = check, bands, linear, …)"),
                    *path,
                    node=code,
                )
            return None
        if not is_leaf:
            self.problem(
                msg("a criterion with sub-criteria is scored by their sum: remove its 'rule'"),
                *path,
                node=code,
                key="rule",
            )
            return None
        if not isinstance(raw, Mapping):
            self.problem(
                msg("'rule' must be a table with a 'kind'"),
                *path,
                node=code,
                key="rule",
            )
            return None
        kind = raw.get("kind")
        if kind not in KINDS:
            self.problem(
                msg(
                    "unknown rule kind {kind!r}{hint}; known: {names}",
                    kind=kind,
                    hint=suggest(str(kind), KINDS),
                    names=", ".join(sorted(KINDS)),
                ),
                *path,
                "kind",
                node=code,
                key="kind",
            )
            return None
        if maximum is None:
            return None
        file, line = self.locator.locate(*path)
        spec = RuleSpec(
            raw, code=code, max=maximum, inputs=inputs, log=self.log, file=file, line=line
        )
        rule = KINDS[kind].parse(spec)
        if rule is None:
            return None
        best = rule.best(maximum)
        if best is not None and best < maximum:
            self.problem(
                msg(
                    "no value reaches the max {maximum}: the most this rule gives is {best}",
                    maximum=format_plain(maximum),
                    best=format_plain(best),
                ),
                *path,
                node=code,
                key="rule",
            )
            return None
        return rule

    def link(self, nodes: dict[str, Criterion], total: Decimal | None) -> None:
        """Link children to parents and check that maxima add up at every level."""
        children: dict[str | None, list[str]] = {}
        for code in nodes:
            parent = parent_code(code)
            if (
                parent is not None
                and parent not in nodes
                and parent in self.raw.get("criteria", {})
            ):
                continue  # the parent is broken and already reported
            if parent is not None and parent not in nodes:
                self.problem(
                    msg(
                        'criterion {code!r} has no parent {parent!r}: add [criteria."{parent}"]',
                        code=code,
                        parent=parent,
                    ),
                    "criteria",
                    code,
                    node=code,
                )
                continue
            children.setdefault(parent, []).append(code)
        for parent, kids in children.items():
            if parent is not None:
                nodes[parent] = evolve(nodes[parent], children=tuple(kids))
            if parent is None:
                kids = [k for k in kids if nodes[k].adjust is None]
            expected = total if parent is None else nodes[parent].max
            if expected is None:
                continue
            added = sum((nodes[k].max for k in kids), Decimal(0))
            if added != expected:
                shown = " + ".join(f"{k} ({format_plain(nodes[k].max)})" for k in kids)
                owner = (
                    msg("the rule set's max")
                    if parent is None
                    else msg("the max of {code!r}", code=parent)
                )
                self.problem(
                    msg(
                        "children add up to {added} ({parts}) but {owner} is {expected}",
                        added=format_plain(added),
                        parts=shown,
                        owner=owner,
                        expected=format_plain(expected),
                    ),
                    *(("ruleset", "max") if parent is None else ("criteria", parent, "max")),
                    node=parent,
                )
        if self.raw.get("criteria") == {}:
            self.problem(msg("the rule set has no criteria"))
