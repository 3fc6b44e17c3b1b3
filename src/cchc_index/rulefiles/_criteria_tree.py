"""Reading the ``[criteria]`` tables: codes, nodes, scoring rules, and the tree they form."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from attrs import evolve

from ..codes import CODE_PATTERN, code_sort_key, parent_code
from ..errors import ExpressionError, Location, suggest
from ..i18n import msg
from ..kinds import KINDS, Rule, RuleSpec
from ..language._rule_keys import CRITERION_KEYS
from ..language.expressions import Expression, compile_expression
from ..language.model import (
    Acknowledgement,
    Adjust,
    Assessor,
    Criterion,
    Inconsistency,
    InputSpec,
    MonthDay,
    NotApplicable,
)
from ..numbers import format_plain
from ._table_reader import TableReader

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
                "{code!r} is not a criterion code: write its levels joined by dots as the "
                "decree numbers them, Roman numerals for parts (I, II), numbers without a "
                'leading zero for criteria (3, 3.10) and letters for points (a, d, đ, e): "II.3.đ"',
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
        acknowledged = self.acknowledged(raw.get("acknowledge"), path, **where)
        misplaced = Inconsistency.SUM if is_leaf else Inconsistency.UNREACHABLE
        if any(a.issue is misplaced for a in acknowledged):
            self.problem(
                msg(
                    "'acknowledge.{issue}' does not apply here: 'sum' is for a criterion with "
                    "sub-criteria, 'unreachable' for a leaf's rule",
                    issue=misplaced.value,
                ),
                *path,
                "acknowledge",
                key="acknowledge",
                **where,
            )
        if maximum and any(a.issue is Inconsistency.OPEN for a in acknowledged):
            self.problem(
                msg(
                    "'acknowledge.open' says the decree gives no maximum, but 'max' is {max}: "
                    "write max = 0 until the decree gives one, never a guessed figure",
                    max=format_plain(maximum),
                ),
                *path,
                "acknowledge",
                key="acknowledge",
                **where,
            )
        rule = self.rule(
            code, raw.get("rule"), maximum, inputs, is_leaf=is_leaf, acknowledged=acknowledged
        )
        condition = self.condition(code, raw.get("not_applicable_when"), inputs, is_leaf=is_leaf)
        scope = self.boolean(raw, "rescale_scope", path, default=False, **where)
        if scope and is_leaf:
            self.problem(
                msg(
                    "'rescale_scope' belongs on a criterion with sub-criteria: it rescales "
                    "the leaves below it"
                ),
                *path,
                "rescale_scope",
                key="rescale_scope",
                **where,
            )
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
            not_applicable_when=condition,
            rescale_scope=scope and not is_leaf,
            acknowledged=acknowledged,
            origins=self.locator.origins(*path),
            adjust=adjust,
            line=line,
        )

    def condition(
        self, code: str, raw: Any, inputs: Mapping[str, InputSpec], *, is_leaf: bool
    ) -> Expression | None:
        """``not_applicable_when``: the expression over inputs that takes a leaf out."""
        if raw is None:
            return None
        path = ("criteria", code, "not_applicable_when")
        if not is_leaf:
            self.problem(
                msg(
                    "'not_applicable_when' belongs on a leaf criterion; a parent does not "
                    "apply when none of its sub-criteria do"
                ),
                *path,
                node=code,
                key="not_applicable_when",
            )
            return None
        file, line = self.locator.locate(*path)
        try:
            return compile_expression(
                raw,
                inputs,
                where=Location(file=file, line=line, node=code, key="not_applicable_when"),
            )
        except ExpressionError as exc:
            self.log.extend(exc.problems, expression=True)
            return None

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
        acknowledged: tuple[Acknowledgement, ...] = (),
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
        if not isinstance(kind, str) or kind not in KINDS:  # a list is no kind, nor a key
            self.problem(
                msg(
                    "unknown rule kind {kind!r}{hint}; known: {names}",
                    kind=kind,
                    hint=suggest(kind, KINDS),
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
        kept = any(a.issue is Inconsistency.UNREACHABLE for a in acknowledged)
        if best is None:
            return rule
        reaches = best >= maximum
        if not reaches and not kept:
            self.problem(
                msg(
                    "no value reaches the max {maximum}: the most this rule gives is {best} "
                    "(if the decree prints it so, keep it and say so: "
                    'acknowledge = {{ unreachable = "…" }})',
                    maximum=format_plain(maximum),
                    best=format_plain(best),
                ),
                *path,
                node=code,
                key="rule",
            )
            return None
        if reaches and kept:
            self.problem(
                msg(
                    "'acknowledge.unreachable' says no option reaches the max, but the rule "
                    "gives {best}: remove the acknowledgement",
                    best=format_plain(best),
                ),
                "criteria",
                code,
                "acknowledge",
                node=code,
                key="acknowledge",
            )
        return rule

    def link(
        self,
        nodes: dict[str, Criterion],
        total: Decimal | None,
        acknowledged: tuple[Acknowledgement, ...] = (),
    ) -> None:
        """Link children to parents and check that maxima add up at every level.

        ``acknowledged`` holds the rule set's own acknowledgements, for the fields' total.
        """
        children: dict[str | None, list[str]] = {}
        written = self.raw.get("criteria")
        if not isinstance(written, Mapping):  # refused already, as not a table
            written = {}
        # A parent whose child was refused is not also blamed for the sum it then misses.
        refused = {parent_code(c) for c in written if isinstance(c, str) and c not in nodes}
        for code in nodes:
            parent = parent_code(code)
            if parent is not None and parent not in nodes and parent in written:
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
            if expected is None or parent in refused:
                continue
            added = sum((nodes[k].max for k in kids), Decimal(0))
            kept = acknowledged if parent is None else nodes[parent].acknowledged
            self.sums(parent, kids, nodes, added, expected, kept)
        if written == {}:
            self.problem(msg("the rule set has no criteria"))

    def sums(
        self,
        parent: str | None,
        kids: list[str],
        nodes: Mapping[str, Criterion],
        added: Decimal,
        expected: Decimal,
        acknowledged: tuple[Acknowledgement, ...],
    ) -> None:
        """Refuse children that do not add up, unless the decree's mistake is acknowledged."""
        path = ("ruleset",) if parent is None else ("criteria", parent)
        kept = any(a.issue is Inconsistency.SUM for a in acknowledged)
        if added == expected:
            if kept:
                self.problem(
                    msg(
                        "'acknowledge.sum' says the children do not add up, but they do "
                        "({added}): remove the acknowledgement",
                        added=format_plain(added),
                    ),
                    *path,
                    "acknowledge",
                    node=parent,
                    key="acknowledge",
                )
            return
        if kept:
            return
        shown = " + ".join(f"{k} ({format_plain(nodes[k].max)})" for k in kids)
        owner = (
            msg("the rule set's max") if parent is None else msg("the max of {code!r}", code=parent)
        )
        self.problem(
            msg(
                "children add up to {added} ({parts}) but {owner} is {expected} (if the "
                'decree prints it so, keep it and say so: acknowledge = {{ sum = "…" }})',
                added=format_plain(added),
                parts=shown,
                owner=owner,
                expected=format_plain(expected),
            ),
            *path,
            "max",
            node=parent,
        )
