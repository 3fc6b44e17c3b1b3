"""What every scoring kind shares: the rule base class, its parse and score contexts."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar

from attrs import frozen

from ..errors import ExpressionError, Location, Problem, ProblemLog, suggest
from ..i18n import N_, Message, msg
from ..language._rule_keys import TEXT, Key
from ..language.expressions import Expression, Namespace, Value, compile_expression
from ..language.model import InputSpec, InputType
from ..language.trace import InputValue, RawStep, Step, Used, make_steps
from ..numbers import NumberError, to_decimal

__all__ = ["SOURCE_KEYS", "Key", "Rule", "RuleSpec", "Score", "ScoringContext", "Source"]

#: The two ways most rules read their value (:meth:`RuleSpec.source`): exactly one is given.
SOURCE_KEYS: Mapping[str, Key] = {
    "input": Key(
        vi="Tên một đầu vào đã khai báo: online_rate.",
        en="The name of a declared input: online_rate.",
        schema=TEXT,
        one_of="source",
    ),
    "metric": Key(
        vi='Biểu thức trên các đầu vào: "div(files_on_time, files_resolved)".',
        en='An expression over the inputs: "div(files_on_time, files_resolved)".',
        schema=TEXT,
        one_of="source",
    ),
}


@frozen
class Score:
    """A rule's raw outcome: points before clamping and rounding, and the steps taken."""

    points: Decimal
    steps: tuple[Step, ...] = ()


#: A rule's raw outcome as the built-in kinds record it while scoring: the points before
#: clamping and rounding, and the steps taken as plain tuples (:data:`RawStep`), which
#: become :class:`Step` objects only when a trace is read.
RawScore = tuple[Decimal, tuple[RawStep, ...]]


def as_score(raw: RawScore) -> Score:
    """The :class:`Score` of a recorded outcome."""
    return Score(raw[0], make_steps(raw[1]))


class ScoringContext:
    """What a rule sees when it scores one leaf for one unit."""

    __slots__ = ("code", "estimated", "group", "manual", "max", "namespace", "specs", "values")

    def __init__(
        self,
        *,
        code: str,
        max: Decimal,
        values: Mapping[str, InputValue],
        specs: Mapping[str, InputSpec],
        namespace: Namespace,
        estimated: Collection[str] = (),
        manual: Decimal | None = None,
        group: Decimal | Sequence[Decimal] | None = None,
    ) -> None:
        self.code = code
        self.max = max
        self.values = values
        self.specs = specs
        self.namespace = namespace
        self.estimated = estimated
        self.manual = manual
        self.group = group

    def used(self, names: Collection[str]) -> tuple[Used, ...]:
        """The trace record of the inputs ``names``, in name order."""
        return tuple(
            Used(n, self.specs[n].type.value, self.values[n], n in self.estimated)
            for n in sorted(names)
            if n in self.values
        )


@frozen
class Source:
    """Where a rule takes its value: one declared input, or a metric expression over inputs."""

    input: str | None = None
    expression: Expression | None = None

    @property
    def names(self) -> frozenset[str]:
        """The inputs this source reads."""
        if self.expression is not None:
            return self.expression.names
        return frozenset() if self.input is None else frozenset({self.input})

    @property
    def text(self) -> str:
        """The input name or the expression text, for traces."""
        return self.expression.text if self.expression is not None else str(self.input)

    def value(self, ctx: ScoringContext) -> Value:
        """The source's value for the unit being scored."""
        if self.expression is not None:
            return self.expression.evaluate(ctx.namespace, node=ctx.code)
        assert self.input is not None
        return ctx.values[self.input]

    def number(self, ctx: ScoringContext) -> Decimal:
        """The source's value as a number; a metric of the wrong type is an expression error."""
        value = self.value(ctx)
        if type(value) is Decimal or type(value) is int:  # the usual values, asked first
            return Decimal(value)
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise ExpressionError(
                Problem(
                    where=Location(node=ctx.code),
                    what=msg(
                        "{text!r} gave {value!r}, which is not a number",
                        text=self.text,
                        value=value,
                    ),
                )
            )
        return Decimal(value)


class RuleSpec:
    """A rule's raw table with the helpers a kind needs to read and check it.

    Every problem found goes to the shared log with the node's code and line, so a
    file's problems are all reported together.
    """

    def __init__(
        self,
        raw: Mapping[str, Any],
        *,
        code: str,
        max: Decimal,
        inputs: Mapping[str, InputSpec],
        log: ProblemLog,
        file: str | None = None,
        line: int | None = None,
    ) -> None:
        self.raw = raw
        self.file = file
        self.code = code
        self.max = max
        self.inputs = inputs
        self.log = log
        self.line = line

    def problem(self, what: Message, *, key: str | None = None) -> None:
        """Record a problem with this rule."""
        self.log.add(what, node=self.code, file=self.file, line=self.line, key=key)

    def allow(self, *keys: str) -> None:
        """Report every key of the rule table that the kind does not know."""
        known = ("kind", *keys)
        for key in self.raw:
            if key not in known:
                self.problem(
                    msg(
                        "unknown key {key!r} in a {kind!r} rule{hint}",
                        key=key,
                        kind=self.raw.get("kind"),
                        hint=suggest(key, known),
                    ),
                    key=key,
                )

    def decimal(
        self,
        key: str,
        *,
        default: Decimal | None = None,
        required: bool = True,
        positive: bool = False,
        at_most_max: bool = False,
        signed: bool = False,
    ) -> Decimal | None:
        """A number under ``key``, checked; ``None`` after reporting a problem."""
        if key not in self.raw:
            if default is None and required:
                self.problem(msg("missing key {key!r}", key=key), key=key)
            return default
        return self.number(
            self.raw[key], key=key, positive=positive, at_most_max=at_most_max, signed=signed
        )

    def decimal_in(self, table: Mapping[str, Any], name: str, *, key: str) -> Decimal | None:
        """A required number of points in a sub-table (a band, a level), within the max."""
        if name not in table:
            self.problem(msg("{key}: missing {name!r}", key=key, name=name), key=key)
            return None
        return self.number(table[name], key=f"{key}.{name}", at_most_max=True)

    def number(
        self,
        value: object,
        *,
        key: str,
        positive: bool = False,
        at_most_max: bool = False,
        signed: bool = False,
    ) -> Decimal | None:
        """Check one number of the rule: non-negative unless ``signed``, within max if asked."""
        try:
            number = to_decimal(value)
        except (TypeError, ValueError) as exc:
            wrong = msg("{key!r} must be a number, not {value!r}", key=key, value=value)
            self.problem(
                exc.refusal(value, wrong) if isinstance(exc, NumberError) else wrong, key=key
            )
            return None
        if signed:
            return number
        if number < 0 or (positive and number == 0):
            template = (
                N_("{key!r} must be above 0, not {number}")
                if positive
                else N_("{key!r} must be at least 0, not {number}")
            )
            self.problem(msg(template, key=key, number=number), key=key)
            return None
        if at_most_max and number > self.max:
            self.problem(
                msg(
                    "{key!r} is {number}, more than the criterion's max {max}",
                    key=key,
                    number=number,
                    max=self.max,
                ),
                key=key,
            )
            return None
        return number

    def source(self, *types: InputType) -> Source | None:
        """The rule's ``input`` or ``metric``: exactly one, declared, of an allowed type."""
        has_input, has_metric = "input" in self.raw, "metric" in self.raw
        if has_input == has_metric:
            self.problem(
                msg("give exactly one of 'input' (a declared input) or 'metric' (an expression)"),
            )
            return None
        if has_metric:
            expression = self.expression(self.raw["metric"], key="metric")
            return None if expression is None else Source(expression=expression)
        name = self.raw["input"]
        if not isinstance(name, str) or name not in self.inputs:
            self.problem(
                msg(
                    "input {name!r} is not declared{hint}",
                    name=name,
                    hint=suggest(name, self.inputs),
                ),
                key="input",
            )
            return None
        spec = self.inputs[name]
        if types and spec.type not in types:
            allowed = ", ".join(t.value for t in types)
            self.problem(
                msg(
                    "input {name!r} is of type {value}; this rule needs {allowed}",
                    name=name,
                    value=spec.type.value,
                    allowed=allowed,
                ),
                key="input",
            )
            return None
        return Source(input=name)

    def expression(self, text: object, *, key: str) -> Expression | None:
        """Compile an expression of this rule, reporting a refusal as a problem."""
        where = Location(file=self.file, line=self.line, node=self.code, key=key)
        try:
            return compile_expression(text, self.inputs, where=where)
        except ExpressionError as exc:
            self.log.extend(exc.problems, expression=True)
            return None


class Rule:
    """Base of every scoring kind.

    A kind is a frozen attrs subclass registered with
    :func:`cchc_index.kinds.register`. It provides:

    * ``name``: the ``kind = "..."`` that selects it in a rule file;
    * ``keys``: the keys its rule table may hold besides ``kind``, each a
      :class:`~cchc_index.language._rule_keys.Key` with its meaning and JSON-schema fragment;
      :meth:`parse` refuses others with ``spec.allow(*cls.keys)``, and the editor
      schema (:mod:`cchc_index.rulefiles.schema`) is built from them. A kind that declares no
      ``keys`` gets an open table in the schema;
    * :meth:`parse`: build the rule from its raw table, reporting problems to the spec
      and returning ``None`` when it cannot;
    * :meth:`score`: the raw points for one unit, with the steps taken;
    * :attr:`names`: the inputs it needs (a leaf without them is not due or missing);
    * :meth:`best`: the most points any value can give, for load-time checks.
    """

    name: ClassVar[str]
    #: Whether the rule compares a unit with its group (scored by ``evaluate_many``).
    needs_group: ClassVar[bool] = False
    keys: ClassVar[Mapping[str, Key]] = {}

    @classmethod
    def parse(cls, spec: RuleSpec) -> Rule | None:
        """Build the rule from ``spec``; report problems there and return ``None`` on failure."""
        raise NotImplementedError

    @property
    def names(self) -> frozenset[str]:
        """The inputs this rule reads."""
        raise NotImplementedError

    def ready(self, ctx: ScoringContext) -> bool:
        """Whether the unit's data gives this rule what it needs to score."""
        return all(n in ctx.values for n in self.names)

    def best(self, max: Decimal) -> Decimal | None:
        """The most points this rule can give (``None`` when it cannot be known)."""
        return max

    def score(self, ctx: ScoringContext) -> Score:
        """The raw points for one unit."""
        raise NotImplementedError


class RecordedRule(Rule):
    """Base of the built-in kinds: scoring records its steps as plain tuples.

    :meth:`_record` gives the points and the steps as tuples, which the evaluator
    keeps as they are (cheap to make and to share between units); :meth:`score` is
    the same outcome with :class:`Step` objects, so the two cannot drift apart.
    """

    def score(self, ctx: ScoringContext) -> Score:
        return as_score(self._record(ctx))

    def _record(self, ctx: ScoringContext) -> RawScore:
        """The raw points for one unit, with the steps taken as tuples."""
        raise NotImplementedError
