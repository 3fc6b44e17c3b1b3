"""Reading rule files: TOML text → raw mapping → validated, frozen :class:`Ruleset`.

Loading never evaluates a unit. Every problem in a file is collected and raised
together as one :class:`RulesetError`, each problem naming the file, the line
where it can be found, and the criterion code or input name.
"""

from __future__ import annotations

import keyword
import pickle
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from attrs import evolve

from ..errors import ExpressionError, Location, ProblemLog, RulesetError
from ..i18n import msg
from ..language._rule_keys import (
    BASIS_KEYS,
    CONSTRAINT_KEYS,
    INPUT_KEYS,
    ROUNDING_KEYS,
    RULESET_KEYS,
    TOP_KEYS,
)
from ..language.expressions import FUNCTIONS, compile_expression
from ..language.model import (
    Basis,
    Constraint,
    InputSpec,
    InputType,
    Ruleset,
)
from ..numbers import ROUNDING_MODES, Rounding, format_plain
from ._criteria_tree import CriteriaReader
from ._grades import compile_grades
from ._inheritance import Layer, merge, resolve_chain
from ._line_index import LineIndex
from ._places import ID_PATTERN, RULESET_FILE, find_ruleset
from ._table_reader import TableReader
from ._text_keys import refuse_odd_keys
from ._toml_read import parse_toml, read_text, read_toml

__all__ = ["load_file", "loads_ruleset", "parse_ruleset", "read_header"]

_TOP_KEYS = tuple(TOP_KEYS)
_RULESET_KEYS = tuple(RULESET_KEYS)
_INPUT_KEYS = tuple(INPUT_KEYS)


def load_file(path: Path) -> Ruleset:
    """Load and validate one rule file (a folder means its ``ruleset.toml``)."""
    return _load(_read_layer(path))


def _read_layer(path: Path) -> Layer:
    if path.is_dir():
        path = path / RULESET_FILE
    text = read_text(path)
    raw, lines = _parsed(text, str(path))
    return Layer(raw, lines, str(path), path.parent)


#: Rule-file texts recently parsed: the parsed mapping (pickled, so that each load gets
#: its own copy to read) and the line index. Loading the same rule set again, as tools
#: and tests do, then costs the validation only.
_PARSED: dict[str, tuple[bytes, LineIndex]] = {}
_PARSED_SIZE = 16


def _parsed(text: str, file: str) -> tuple[dict[str, Any], LineIndex]:
    """``parse_toml(text)`` and ``LineIndex(text)``, worked out once per distinct text."""
    known = _PARSED.get(text)
    if known is not None:
        raw: dict[str, Any] = pickle.loads(known[0])
        return raw, known[1]
    raw = parse_toml(text, file=file)  # a file that does not parse raises: nothing kept
    lines = LineIndex(text)
    if len(_PARSED) >= _PARSED_SIZE:
        _PARSED.clear()
    _PARSED[text] = (pickle.dumps(raw, protocol=pickle.HIGHEST_PROTOCOL), lines)
    return raw, lines


def _load(layer: Layer) -> Ruleset:
    """Resolve what ``layer`` extends, merge the chain, and validate the result."""
    chain = resolve_chain(layer, read=_read_layer, find=find_ruleset)
    log = ProblemLog(file=layer.file)
    raw, locator = merge(chain, log)
    ruleset = _Builder(raw, locator=locator, log=log).build()
    if len(chain) > 1:
        ancestors = (layer.origin.ruleset for layer in chain[:-1])
        ruleset = evolve(ruleset, lineage=tuple(a for a in ancestors if a))
    return ruleset


def read_header(path: Path) -> dict[str, str]:
    """A rule file's title and legal basis as text, without validating the rest."""
    table = read_toml(path).get("ruleset")
    if not isinstance(table, Mapping):
        return {}
    header = {"title": str(table.get("title", ""))}
    basis = table.get("basis")
    if isinstance(basis, Mapping):
        parts = [basis.get("decision"), basis.get("date"), basis.get("issuer")]
        header["basis"] = ", ".join(
            p.strftime("%d/%m/%Y") if isinstance(p, date) else str(p) for p in parts if p
        )
    elif isinstance(basis, str):
        header["basis"] = basis
    return header


def loads_ruleset(text: str, *, file: str | None = None) -> Ruleset:
    """Load a rule set from TOML text (what :func:`load_ruleset` does for a file)."""
    if not isinstance(text, str):
        log = ProblemLog(file=file)
        log.add(
            msg("rule-set text must be a string, not {type}", type=type(text).__name__),
        )
        log.raise_if_any(RulesetError)
    folder = Path(file).parent if file else Path.cwd()
    return _load(Layer(parse_toml(text, file=file), LineIndex(text), file, folder))


def parse_ruleset(raw: Mapping[str, Any], *, file: str | None = None) -> Ruleset:
    """Validate a raw mapping (as read from TOML) into a :class:`Ruleset`, all problems at once.

    An ``extends`` in it is resolved against the current folder or the catalog.
    """
    if not isinstance(raw, Mapping):
        log = ProblemLog(file=file)
        log.add(msg("a rule set must be a table"))
        log.raise_if_any(RulesetError)
    refuse_odd_keys(raw, RulesetError, file)
    folder = Path(file).parent if file else Path.cwd()
    return _load(Layer(raw, LineIndex(""), file, folder))


class _Builder(TableReader):
    """Checks one raw rule set, table by table, logging every problem it meets."""

    def build(self) -> Ruleset:
        if not isinstance(self.raw, Mapping):
            self.problem(msg("a rule file must be a TOML table"))
            self.log.raise_if_any(RulesetError)
        self.unknown_keys(self.raw, _TOP_KEYS, "top-level", ())
        head = self.table(self.raw.get("ruleset"), "ruleset", required=True)
        meta = self.ruleset_table(head)
        inputs = self.inputs(self.table(self.raw.get("inputs"), "inputs"))
        constraints = self.constraints(
            self.table(self.raw.get("constraints"), "constraints"), inputs
        )
        tree = CriteriaReader(self.raw, locator=self.locator, log=self.log)
        criteria = tree.criteria(
            self.table(self.raw.get("criteria"), "criteria", required=True), inputs
        )
        tree.link(criteria, meta.get("max"), meta.get("acknowledged", ()))
        grades = (
            compile_grades(head["grades"], criteria, self.log, self._location, inputs)
            if "grades" in head
            else ()
        )
        self.log.raise_if_any(RulesetError)
        return Ruleset(
            id=meta["id"],
            title=meta["title"],
            title_en=meta.get("title_en"),
            basis=meta.get("basis"),
            level=meta["level"],
            year=meta["year"],
            max=meta["max"],
            rounding=meta.get("rounding") or Rounding(),
            layers=meta.get("layers") or ("self", "appraisal"),
            grades=grades,
            offices=meta["offices"],
            acknowledged=meta.get("acknowledged", ()),
            inputs=inputs,
            constraints=constraints,
            criteria=criteria,
            source=self.file,
        )

    def _location(self, *path: str) -> Location:
        file, line = self.locator.locate(*path)
        return Location(file=file, line=line)

    # -- [ruleset] ---------------------------------------------------------------------

    def ruleset_table(self, head: Mapping[str, Any]) -> dict[str, Any]:
        path = ("ruleset",)
        self.unknown_keys(head, _RULESET_KEYS, "[ruleset]", path)
        meta: dict[str, Any] = {}
        ruleset_id = self.text(head, "id", path, required=True)
        if ruleset_id is not None and not ID_PATTERN.fullmatch(ruleset_id):
            self.problem(
                msg(
                    "id {ruleset_id!r} must read <province>/<year>/<level>, e.g. "
                    "dak-nong/2022/huyen",
                    ruleset_id=ruleset_id,
                ),
                *path,
                "id",
                key="id",
            )
        meta["id"] = ruleset_id
        meta["title"] = self.text(head, "title", path, required=True)
        meta["title_en"] = self.text(head, "title_en", path, required=False)
        meta["level"] = self.text(head, "level", path, required=True)
        year = head.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2200:
            self.problem(
                msg("'year' must be a year such as 2022, not {year!r}", year=year),
                *path,
                "year",
                key="year",
            )
        meta["year"] = year
        if ruleset_id and ID_PATTERN.fullmatch(ruleset_id) and isinstance(year, int):
            _, id_year, id_level = ruleset_id.split("/")
            if int(id_year) != year or (meta["level"] and id_level != meta["level"]):
                self.problem(
                    msg(
                        "id {ruleset_id!r} does not match year {year} and level {level!r}",
                        ruleset_id=ruleset_id,
                        year=year,
                        level=meta["level"],
                    ),
                    *path,
                    "id",
                    key="id",
                )
        total = self.number(head, "max", path)
        if "max" not in head or (total is not None and total <= 0):
            self.problem(
                msg("'max' (the rule set's total points, e.g. 100) must be a number above 0"),
                *path,
                "max",
                key="max",
            )
            total = None
        meta["max"] = total
        if "basis" in head:
            meta["basis"] = self.basis(head["basis"])
        if "rounding" in head:
            meta["rounding"] = self.rounding(head["rounding"])
        if "layers" in head:
            meta["layers"] = self.layers(head["layers"])
        meta["offices"] = self.boolean(head, "offices", path, default=True)
        if "acknowledge" in head:
            meta["acknowledged"] = self.acknowledged(head["acknowledge"], path)
        return meta

    def basis(self, value: Any) -> Basis | None:
        path = ("ruleset", "basis")
        if isinstance(value, str) and value.strip():
            return Basis(decision=value.strip())
        if not isinstance(value, Mapping):
            self.problem(
                msg(
                    "'basis' must be text or a table {{ decision = ..., date = ..., issuer = ... }}"
                ),
                *path,
                key="basis",
            )
            return None
        self.unknown_keys(value, tuple(BASIS_KEYS), "basis", path)
        decision = self.text(value, "decision", path, required=True)
        issuer = self.text(value, "issuer", path, required=False)
        when = value.get("date")
        if when is not None and (not isinstance(when, date) or isinstance(when, datetime)):
            self.problem(
                msg("basis 'date' must be a date like 2022-10-18, not {when!r}", when=when),
                *path,
                "date",
                key="date",
            )
            when = None
        return None if decision is None else Basis(decision=decision, date=when, issuer=issuer)

    def layers(self, value: Any) -> tuple[str, ...] | None:
        names = value if isinstance(value, list) else None
        if (
            not names
            or not all(isinstance(n, str) and n.isidentifier() for n in names)
            or len(set(names)) != len(names)
        ):
            self.problem(
                msg('layers must be a list of distinct names, such as ["self", "appraisal"]'),
                "ruleset",
                "layers",
                key="layers",
            )
            return None
        return tuple(names)

    def rounding(self, value: Any) -> Rounding | None:
        path = ("ruleset", "rounding")
        if not isinstance(value, Mapping):
            self.problem(
                msg("'rounding' must be a table {{ places = 2, mode = \"half_up\" }}"),
                *path,
                key="rounding",
            )
            return None
        self.unknown_keys(value, tuple(ROUNDING_KEYS), "rounding", path)
        places = value.get("places", 2)
        mode = value.get("mode", "half_up")
        ok = True
        if not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 10:
            self.problem(
                msg(
                    "rounding 'places' must be a whole number from 0 to 10, not {places!r}",
                    places=places,
                ),
                *path,
                "places",
                key="places",
            )
            ok = False
        if not isinstance(mode, str) or mode not in ROUNDING_MODES:
            self.problem(
                msg(
                    "rounding 'mode' must be one of {list}, not {mode!r}",
                    list=list(ROUNDING_MODES),
                    mode=mode,
                ),
                *path,
                "mode",
                key="mode",
            )
            ok = False
        return Rounding(places=places, mode=mode) if ok else None

    # -- [inputs] and [constraints] -----------------------------------------------------

    def inputs(self, table: Mapping[str, Any]) -> dict[str, InputSpec]:
        specs: dict[str, InputSpec] = {}
        for name, raw in table.items():
            spec = self.input(name, raw)
            if spec is not None:
                specs[name] = spec
        return specs

    def input(self, name: str, raw: Any) -> InputSpec | None:
        path = ("inputs", name)
        where = {"input": name}
        if not name.isidentifier() or keyword.iskeyword(name) or name in FUNCTIONS:
            self.problem(
                msg(
                    "input name {name!r} must be a plain identifier (letters, digits, "
                    "_), not a keyword or function name",
                    name=name,
                ),
                *path,
                **where,
            )
            return None
        if not isinstance(raw, Mapping):
            self.problem(msg("an input must be a table"), *path, **where)
            return None
        self.unknown_keys(raw, _INPUT_KEYS, "input", path, **where)
        kind = raw.get("type")
        if kind not in InputType.__members__.values():
            self.problem(
                msg(
                    "'type' must be one of {value}, not {kind!r}",
                    value=[t.value for t in InputType],
                    kind=kind,
                ),
                *path,
                "type",
                key="type",
                **where,
            )
            return None
        input_type = InputType(str(kind))
        label = self.text(raw, "label", path, required=True, **where)
        low, high = self.number(raw, "min", path, **where), self.number(raw, "max", path, **where)
        if (low is not None or high is not None) and not input_type.numeric:
            self.problem(
                msg("'min'/'max' apply to numeric inputs, not to type {kind}", kind=kind),
                *path,
                key="min",
                **where,
            )
        if low is not None and high is not None and low > high:
            self.problem(
                msg(
                    "'min' {low} is above 'max' {high}",
                    low=format_plain(low),
                    high=format_plain(high),
                ),
                *path,
                "min",
                key="min",
                **where,
            )
        levels: tuple[str, ...] = ()
        if input_type is InputType.LEVEL:
            raw_levels = raw.get("levels")
            if (
                not isinstance(raw_levels, list)
                or not raw_levels
                or not all(isinstance(v, str) and v.strip() for v in raw_levels)
                or len(set(raw_levels)) != len(raw_levels)
            ):
                self.problem(
                    msg("a level input needs 'levels': a list of distinct names"),
                    *path,
                    "levels",
                    key="levels",
                    **where,
                )
                return None
            levels = tuple(raw_levels)
        elif "levels" in raw:
            self.problem(
                msg("'levels' applies to inputs of type level only"),
                *path,
                "levels",
                key="levels",
                **where,
            )
        if label is None:
            return None
        return InputSpec(
            name=name,
            type=input_type,
            label=label,
            label_en=self.text(raw, "label_en", path, required=False, **where),
            unit=self.text(raw, "unit", path, required=False, **where),
            min=low,
            max=high,
            levels=levels,
            note=self.text(raw, "note", path, required=False, **where),
        )

    def constraints(
        self, table: Mapping[str, Any], inputs: Mapping[str, InputSpec]
    ) -> tuple[Constraint, ...]:
        found: list[Constraint] = []
        for name, raw in table.items():
            path = ("constraints", name)
            line = self.locator.locate(*path)[1]
            if isinstance(raw, str):
                raw = {"expr": raw}
            if not isinstance(raw, Mapping):
                self.problem(
                    msg(
                        "a constraint must be an expression or a table {{ expr = ..., "
                        "message = ... }}"
                    ),
                    *path,
                    key=name,
                )
                continue
            self.unknown_keys(raw, tuple(CONSTRAINT_KEYS), "constraint", path)
            where = self.locator.locate(*path, "expr")
            try:
                expression = compile_expression(
                    raw.get("expr"),
                    inputs,
                    where=Location(file=where[0], line=where[1], key=name),
                )
            except ExpressionError as exc:
                self.log.extend(exc.problems, expression=True)
                continue
            message = self.text(raw, "message", path, required=False)
            found.append(
                Constraint(
                    name=name, expression=expression, message=message, line=line, file=where[0]
                )
            )
        return tuple(found)
