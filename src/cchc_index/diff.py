"""What changed between two rule sets (a province's 2022 and 2023 rules, a parent and a child).

:func:`diff` compares two validated :class:`~cchc_index.Ruleset` objects and returns a
:class:`RulesetDiff`: one :class:`Change` per difference, as plain JSON-safe data
(Decimals as text, rules as dicts), each with a message in English and Vietnamese.

What is compared:

* the header: ``title``, ``title_en``, ``basis``, ``level``, ``year``, ``max`` and
  ``rounding`` (not the id, which names the two sides, nor the file);
* criteria, matched by code: added, removed, renamed (``name`` or ``name_en``),
  re-weighted (``max``), rule, responsible office, due date, assessor and
  not-applicable policy. A node that moved to another code is reported as removed
  at the old code and added at the new one; an added or removed subtree gives one
  change per node. The ``source`` note, line numbers and origins are provenance,
  not rules, and are not compared;
* inputs and constraints, matched by name: added, removed, changed.

Rules are compared in a plain form (:func:`rule_dict`) built from the rule class's
attrs fields, so a kind a province registers itself is compared like the built-in
ones. Numbers are compared by value: ``4.0`` and ``4`` are the same maximum.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeAlias

import attrs
from attrs import frozen

from .codes import code_sort_key
from .errors import Problem, RulesetError
from .expressions import Expression
from .i18n import N_, Message, Said, gettext, language, msg
from .kinds import Rule, Source
from .kinds.bands import Band
from .model import Constraint, Criterion, InputSpec, MonthDay, Ruleset
from .numbers import format_number, format_plain

__all__ = ["Change", "ChangeKind", "RulesetDiff", "describe", "diff", "rule_dict"]

#: A JSON-safe value: what :attr:`Change.old` and :attr:`Change.new` hold.
JsonValue: TypeAlias = "str | int | bool | list[JsonValue] | dict[str, JsonValue] | None"


class ChangeKind(StrEnum):
    """What one :class:`Change` is about; the value is its name in JSON."""

    ADDED = "added"  #: a criterion only the new rule set has
    REMOVED = "removed"  #: a criterion only the old rule set has
    RENAMED = "renamed"  #: ``name`` or ``name_en`` differs
    REWEIGHTED = "reweighted"  #: ``max`` differs (điểm tối đa)
    RULE_CHANGED = "rule_changed"  #: the scoring rule differs (or a leaf became a parent)
    RESPONSIBLE_CHANGED = "responsible_changed"  #: the office in charge (đơn vị chủ trì)
    DUE_CHANGED = "due_changed"  #: the deadline (thời hạn)
    ASSESSOR_CHANGED = "assessor_changed"  #: ``self`` or ``province``
    NOT_APPLICABLE_CHANGED = "not_applicable_changed"  #: ``full`` or ``rescale``
    #: ``not_applicable_when``: the condition over the data that says a leaf is not scored
    NOT_APPLICABLE_WHEN_CHANGED = "not_applicable_when_changed"
    RESCALE_SCOPE_CHANGED = "rescale_scope_changed"  #: ``rescale_scope`` on a parent
    INPUT_ADDED = "input_added"
    INPUT_REMOVED = "input_removed"
    INPUT_CHANGED = "input_changed"
    CONSTRAINT_ADDED = "constraint_added"
    CONSTRAINT_REMOVED = "constraint_removed"
    CONSTRAINT_CHANGED = "constraint_changed"
    RULESET_CHANGED = "ruleset_changed"  #: a header field; the change's code is the key

    @property
    def section(self) -> str:
        """What the change's code names: ``ruleset``, ``criteria``, ``inputs``, ``constraints``."""
        if self is ChangeKind.RULESET_CHANGED:
            return "ruleset"
        if self.value.startswith("input_"):
            return "inputs"
        if self.value.startswith("constraint_"):
            return "constraints"
        return "criteria"


#: The order of sections in a diff: header first, then the tree, then declarations.
SECTIONS = ("ruleset", "criteria", "inputs", "constraints")
#: The header keys compared, in the order they are reported.
HEADER_KEYS = ("title", "title_en", "basis", "level", "year", "max", "rounding")
_KIND_ORDER = {kind: i for i, kind in enumerate(ChangeKind)}


@frozen(kw_only=True)
class Change(Said):
    """One difference between two rule sets.

    ``code`` is a criterion code, an input or constraint name, or a header key
    (``year``), as :attr:`ChangeKind.section` says. ``old`` and ``new`` are the two
    sides in JSON-safe form (``None`` where a side has nothing): text for numbers
    and names, dicts for nodes, rules, inputs and constraints. ``what`` says what
    changed, translated where shown (``en`` and ``vi`` give it in each language),
    like :class:`cchc_index.Problem`.
    """

    kind: ChangeKind
    code: str
    old: JsonValue = None
    new: JsonValue = None
    what: Message

    def to_dict(self) -> dict[str, JsonValue]:
        """The change as JSON-safe data."""
        return {
            "kind": self.kind.value,
            "code": self.code,
            "old": self.old,
            "new": self.new,
            "en": self.en,
            "vi": self.vi,
        }

    def __str__(self) -> str:
        return f"{self.vi} / {self.en}"


@frozen(kw_only=True)
class RulesetDiff:
    """Every change from rule set ``a`` to rule set ``b``, in order.

    The order is: header fields, then criteria in decree order (``1.9`` before
    ``1.10``), then inputs and constraints by name; changes of one code follow the
    order of :class:`ChangeKind`. A diff is true when anything changed.
    """

    a: str
    b: str
    changes: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def to_dict(self) -> dict[str, JsonValue]:
        """The diff as JSON-safe data: both ids and every change."""
        return {"a": self.a, "b": self.b, "changes": [c.to_dict() for c in self.changes]}


def diff(a: Ruleset, b: Ruleset) -> RulesetDiff:
    """What changed from rule set ``a`` (the older one) to ``b``.

    >>> diff(cc.load_ruleset("dak-nong/2022/huyen"), cc.load_ruleset("dak-nong/2023/huyen"))
    ... # doctest: +SKIP
    RulesetDiff(a='dak-nong/2022/huyen', b='dak-nong/2023/huyen', changes=(...))
    """
    for side, value in (("a", a), ("b", b)):
        if not isinstance(value, Ruleset):
            name = type(value).__name__
            raise RulesetError(
                Problem(
                    what=msg(
                        "diff() compares two rule sets; {side} is a {name}", side=side, name=name
                    ),
                )
            )
    found = [
        *_header(a, b),
        *_criteria(a.criteria, b.criteria),
        *_named(
            {n: _input_dict(s) for n, s in a.inputs.items()},
            {n: _input_dict(s) for n, s in b.inputs.items()},
            ChangeKind.INPUT_ADDED,
            ChangeKind.INPUT_REMOVED,
            ChangeKind.INPUT_CHANGED,
        ),
        *_named(
            {c.name: _constraint_dict(c) for c in a.constraints},
            {c.name: _constraint_dict(c) for c in b.constraints},
            ChangeKind.CONSTRAINT_ADDED,
            ChangeKind.CONSTRAINT_REMOVED,
            ChangeKind.CONSTRAINT_CHANGED,
        ),
    ]
    found.sort(key=_order)
    return RulesetDiff(a=a.id, b=b.id, changes=tuple(found))


def _order(change: Change) -> tuple[Any, ...]:
    section = change.kind.section
    if section == "ruleset":
        where: Any = HEADER_KEYS.index(change.code)
    elif section == "criteria":
        where = code_sort_key(change.code)
    else:
        where = change.code
    return SECTIONS.index(section), where, _KIND_ORDER[change.kind]


#: A change's message by section: what changed (its code), then how (``change``).
_SUBJECTS = {
    "ruleset": N_("rule set: {code} {change}"),
    "criteria": N_("criterion {code} {change}"),
    "inputs": N_("input {code} {change}"),
    "constraints": N_("constraint {code} {change}"),
}


def _change(kind: ChangeKind, code: str, old: JsonValue, new: JsonValue) -> Change:
    described = _Described(kind, code, old, new)
    return Change(
        kind=kind,
        code=code,
        old=old,
        new=new,
        what=msg(_SUBJECTS[kind.section], code=code, change=described),
    )


# -- comparison -----------------------------------------------------------------------


def _header(a: Ruleset, b: Ruleset) -> Iterator[Change]:
    for key in HEADER_KEYS:
        old, new = plain(getattr(a, key)), plain(getattr(b, key))
        if old != new:
            yield _change(ChangeKind.RULESET_CHANGED, key, old, new)


#: The criterion attributes compared one by one, and the kind of change each gives.
_NODE_FIELDS: tuple[tuple[str, ChangeKind], ...] = (
    ("max", ChangeKind.REWEIGHTED),
    ("rule", ChangeKind.RULE_CHANGED),
    ("responsible", ChangeKind.RESPONSIBLE_CHANGED),
    ("due", ChangeKind.DUE_CHANGED),
    ("assessor", ChangeKind.ASSESSOR_CHANGED),
    ("not_applicable", ChangeKind.NOT_APPLICABLE_CHANGED),
    ("not_applicable_when", ChangeKind.NOT_APPLICABLE_WHEN_CHANGED),
    ("rescale_scope", ChangeKind.RESCALE_SCOPE_CHANGED),
)


def _criteria(a: Mapping[str, Criterion], b: Mapping[str, Criterion]) -> Iterator[Change]:
    for code, old in a.items():
        if code not in b:
            yield _change(ChangeKind.REMOVED, code, node_dict(old), None)
    for code, new in b.items():
        if code not in a:
            yield _change(ChangeKind.ADDED, code, None, node_dict(new))
            continue
        before, after = node_dict(a[code]), node_dict(new)
        names = ("name", "name_en")
        if any(before[n] != after[n] for n in names):
            yield _change(
                ChangeKind.RENAMED,
                code,
                {n: before[n] for n in names},
                {n: after[n] for n in names},
            )
        for key, kind in _NODE_FIELDS:
            if before[key] != after[key]:
                yield _change(kind, code, before[key], after[key])


def _named(
    a: Mapping[str, dict[str, JsonValue]],
    b: Mapping[str, dict[str, JsonValue]],
    added: ChangeKind,
    removed: ChangeKind,
    changed: ChangeKind,
) -> Iterator[Change]:
    for name, old in a.items():
        if name not in b:
            yield _change(removed, name, old, None)
        elif b[name] != old:
            yield _change(changed, name, old, b[name])
    for name, new in b.items():
        if name not in a:
            yield _change(added, name, None, new)


# -- plain forms ----------------------------------------------------------------------


def plain(value: object) -> JsonValue:
    """Any model value as JSON-safe data, compared by value.

    Decimals become canonical text (``4.0`` → ``"4"``), dates ISO text, enums their
    value, expressions their text; a :class:`~cchc_index.kinds.Source` is
    ``{"input": name}`` or ``{"metric": text}`` and a band ``{"interval": "[0.95, +∞)",
    "points": "4"}``. Other attrs objects become a dict of the fields that take part
    in their equality; anything else unknown becomes its text.
    """
    if isinstance(value, enum.Enum):  # before str and int: StrEnum is a str
        return plain(value.value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format_plain(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, MonthDay):
        return str(value)
    if isinstance(value, Expression):
        return value.text
    if isinstance(value, Source):
        if value.expression is not None:
            return {"metric": value.expression.text}
        return {"input": value.input}
    if isinstance(value, Band):
        return {"interval": str(value), "points": format_plain(value.points)}
    if isinstance(value, Rule):
        return rule_dict(value)
    fields = _attrs_fields(value)
    if fields is not None:
        return fields
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((plain(v) for v in value), key=str)
    return str(value)


def rule_dict(rule: Rule) -> dict[str, JsonValue]:
    """A rule's comparable form: ``{"kind": name, <field>: <plain value>, ...}``.

    Built from the rule class's attrs fields, so any registered kind works without
    code of its own here.
    """
    kind = getattr(type(rule), "name", type(rule).__name__)
    fields = _attrs_fields(rule)
    # A kind that is not an attrs class is compared by its text.
    return {"kind": str(kind), **(fields if fields is not None else {"rule": repr(rule)})}


def _attrs_fields(value: object) -> dict[str, JsonValue] | None:
    """An attrs object's fields that take part in its equality, in plain form."""
    cls = type(value)
    if not attrs.has(cls):
        return None
    return {
        f.name: plain(getattr(value, f.name))
        for f in attrs.fields(cls)
        if f.eq and not f.name.startswith("_")
    }


def node_dict(node: Criterion) -> dict[str, JsonValue]:
    """A criterion's compared attributes (not its ``source`` note, line or origins)."""
    return {
        "name": node.name,
        "name_en": node.name_en,
        "max": plain(node.max),
        "responsible": node.responsible,
        "due": plain(node.due),
        "assessor": plain(node.assessor),
        "not_applicable": plain(node.not_applicable),
        "not_applicable_when": plain(node.not_applicable_when),
        "rescale_scope": node.rescale_scope,
        "rule": None if node.rule is None else rule_dict(node.rule),
    }


def _input_dict(spec: InputSpec) -> dict[str, JsonValue]:
    form = plain(spec)
    assert isinstance(form, dict)
    del form["name"]  # the key it is matched by
    return form


def _constraint_dict(constraint: Constraint) -> dict[str, JsonValue]:
    return {"expr": constraint.expression.text, "message": constraint.message}


# -- words ----------------------------------------------------------------------------

#: How a change with an old and a new value reads (``re-weighted: 4 → 5``), by kind.
_FROM_TO: dict[ChangeKind, str] = {
    ChangeKind.REWEIGHTED: N_("re-weighted: {old} → {new}"),
    ChangeKind.RESPONSIBLE_CHANGED: N_("responsible office changed: {old} → {new}"),
    ChangeKind.DUE_CHANGED: N_("due date changed: {old} → {new}"),
    ChangeKind.ASSESSOR_CHANGED: N_("assessor changed: {old} → {new}"),
    ChangeKind.NOT_APPLICABLE_CHANGED: N_("not-applicable policy changed: {old} → {new}"),
    ChangeKind.NOT_APPLICABLE_WHEN_CHANGED: N_("not applicable when: {old} → {new}"),
    ChangeKind.RESCALE_SCOPE_CHANGED: N_(
        "rescales the not-assigned leaves below it: {old} → {new}"
    ),
    ChangeKind.RULESET_CHANGED: N_("changed: {old} → {new}"),
}
#: A header change for readers of another language than English, who are told what
#: the (English) key means: ``year (năm) thay đổi: 2022 → 2023``.
_HEADER_EXPLAINED = {
    "title": N_("(title) changed: {old} → {new}"),
    "title_en": N_("(English title) changed: {old} → {new}"),
    "basis": N_("(legal basis) changed: {old} → {new}"),
    "level": N_("(administrative level) changed: {old} → {new}"),
    "year": N_("(year) changed: {old} → {new}"),
    "max": N_("(total maximum points) changed: {old} → {new}"),
    "rounding": N_("(rounding) changed: {old} → {new}"),
}
#: Enum values that are words, translated where shown (``self`` is ``tự đánh giá``).
_VALUE_WORDS = {
    "self": N_("self"),
    "province": N_("province"),
    "full": N_("full"),
    "rescale": N_("rescale"),
}
_NONE = N_("none")
_ADDED = (ChangeKind.ADDED, ChangeKind.INPUT_ADDED, ChangeKind.CONSTRAINT_ADDED)
_REMOVED = (ChangeKind.REMOVED, ChangeKind.INPUT_REMOVED, ChangeKind.CONSTRAINT_REMOVED)
_NUMERIC = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@frozen
class _Described:
    """What a change did (``re-weighted: 4 → 5``), put into words when it is shown.

    Wording it takes more than a catalog look-up (numbers and dates written the
    reader's way, the rule set's English names for English readers, header keys
    explained to the others), so :func:`_phrase` words it for each language.
    """

    kind: ChangeKind
    code: str
    old: JsonValue
    new: JsonValue

    def text(self, locale: str | None = None) -> str:
        """What the change did, in the language of ``locale``."""
        lang = language(locale)
        return _phrase(self.kind, self.code, self.old, self.new, lang).text(lang)


def describe(change: Change, locale: str | None = "vi") -> str:
    """What changed, without saying of what (``re-weighted: 4 → 5``): for listings by code."""
    lang = language(locale)
    return _phrase(change.kind, change.code, change.old, change.new, lang).text(lang)


def _phrase(kind: ChangeKind, code: str, old: JsonValue, new: JsonValue, lang: str) -> Message:
    if kind in _ADDED:
        return msg("added: {what}", what=_item(kind, new, lang))
    if kind in _REMOVED:
        return msg("removed: {what}", what=_item(kind, old, lang))
    if kind is ChangeKind.RENAMED:
        return msg("renamed: {what}", what=_names_change(old, new, lang))
    if kind is ChangeKind.RULE_CHANGED:
        # The keys that differ when the kind is kept; both rules whole when it is not.
        if isinstance(old, dict) and isinstance(new, dict) and old.get("kind") == new.get("kind"):
            return msg("rule changed: {what}", what=_fields_change(old, new, lang))
        return msg(
            "rule changed: {old} → {new}", old=_rule_text(old, lang), new=_rule_text(new, lang)
        )
    if kind in (ChangeKind.INPUT_CHANGED, ChangeKind.CONSTRAINT_CHANGED):
        return msg("changed: {what}", what=_fields_change(old, new, lang))
    if kind is ChangeKind.RULESET_CHANGED:
        # The header keys are English words: only other readers need them explained.
        template = _FROM_TO[kind] if lang == "en" else _HEADER_EXPLAINED.get(code, _FROM_TO[kind])
        return msg(template, old=_header_value(code, old, lang), new=_header_value(code, new, lang))
    shown = _due if kind is ChangeKind.DUE_CHANGED else _show
    return msg(_FROM_TO[kind], old=shown(old, lang), new=shown(new, lang))


def _item(kind: ChangeKind, value: JsonValue, lang: str) -> str:
    """An added or removed criterion, input or constraint in a few words."""
    if kind.section == "inputs":
        return _input_text(value, lang)
    if kind.section == "constraints":
        return _constraint_text(value, lang)
    return _node_text(value, lang)


def _show(value: JsonValue, lang: str) -> str:
    """A plain value as people read it: numbers the locale's way, nested tables inline."""
    if value is None:
        return gettext(_NONE, lang)
    if isinstance(value, bool):
        return gettext(N_("yes") if value else N_("no"), lang)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if _NUMERIC.fullmatch(value):
            return format_number(Decimal(value), lang)
        return gettext(_VALUE_WORDS[value], lang) if value in _VALUE_WORDS else value
    if isinstance(value, list):
        return "[" + "; ".join(_show(v, lang) for v in value) + "]"
    if set(value) == {"interval", "points"}:  # a band
        return f"{value['interval']}: {_show(value['points'], lang)}"
    return "{" + ", ".join(f"{k} = {_show(v, lang)}" for k, v in value.items()) + "}"


def _quote(value: JsonValue, lang: str) -> str:
    return gettext(_NONE, lang) if value is None else f"«{value}»"


def _as_dict(value: JsonValue) -> dict[str, JsonValue]:
    return value if isinstance(value, dict) else {}


def _node_text(node: JsonValue, lang: str) -> str:
    form = _as_dict(node)
    name = form.get("name_en") if lang == "en" and form.get("name_en") else form.get("name")
    return msg(
        "{name} (max {max})", name=_quote(name, lang), max=_show(form.get("max"), lang)
    ).text(lang)


def _input_text(spec: JsonValue, lang: str) -> str:
    form = _as_dict(spec)
    label = form.get("label_en") if lang == "en" and form.get("label_en") else form.get("label")
    return f"{form.get('type')}, {_quote(label, lang)}"


def _constraint_text(constraint: JsonValue, lang: str) -> str:
    form = _as_dict(constraint)
    message = form.get("message")
    return f"{form.get('expr')}" + ("" if message is None else f" ({_quote(message, lang)})")


def _names_change(old: JsonValue, new: JsonValue, lang: str) -> str:
    before, after = _as_dict(old), _as_dict(new)
    return "; ".join(
        ("" if key == "name" else "(en) ")
        + f"{_quote(before.get(key), lang)} → {_quote(after.get(key), lang)}"
        for key in ("name", "name_en")
        if before.get(key) != after.get(key)
    )


def _fields_change(old: JsonValue, new: JsonValue, lang: str) -> str:
    """The keys that differ between two tables: ``key: old → new; ...``."""
    before, after = _as_dict(old), _as_dict(new)
    keys = [*before, *(k for k in after if k not in before)]
    return "; ".join(
        f"{key}: {_show(before.get(key), lang)} → {_show(after.get(key), lang)}"
        for key in keys
        if before.get(key) != after.get(key)
    )


def _rule_text(rule: JsonValue, lang: str) -> str:
    if not isinstance(rule, dict):
        return gettext(N_("none (a parent, scored by its children)"), lang)
    rest = ", ".join(
        f"{k} = {_show(v, lang)}" for k, v in rule.items() if k != "kind" and v is not None
    )
    return f"{rule.get('kind')} ({rest})" if rest else str(rule.get("kind"))


def _due(value: JsonValue, lang: str) -> str:
    """A deadline: a dated one day/month/year for Vietnamese readers, ISO for English ones."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value) and lang == "vi":
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    return gettext(N_("none (the period's end)"), lang) if value is None else str(value)


def _header_value(key: str, value: JsonValue, lang: str) -> str:
    if value is None:
        return gettext(_NONE, lang)
    if key in ("title", "title_en"):
        return _quote(value, lang)
    if key == "basis":
        form = _as_dict(value)
        when = form.get("date")
        parts = [
            form.get("decision"),
            date.fromisoformat(when).strftime("%d/%m/%Y") if isinstance(when, str) else None,
            form.get("issuer"),
        ]
        return ", ".join(str(p) for p in parts if p)
    if key == "rounding":
        form = _as_dict(value)
        return msg(
            "places {places}, {mode}", places=form.get("places"), mode=form.get("mode")
        ).text(lang)
    return _show(value, lang)
