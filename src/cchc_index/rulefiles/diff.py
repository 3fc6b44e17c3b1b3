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

from collections.abc import Iterator, Mapping
from typing import Any

from attrs import frozen

from ..codes import code_sort_key
from ..errors import Problem, RulesetError
from ..i18n import N_, Message, Said, language, msg
from ..language.model import Criterion, Ruleset
from ._diff_kinds import HEADER_KEYS as HEADER_KEYS
from ._diff_kinds import SECTIONS as SECTIONS
from ._diff_kinds import ChangeKind
from ._diff_plain import JsonValue as JsonValue
from ._diff_plain import _constraint_dict, _input_dict, node_dict, plain, rule_dict
from ._diff_words import _Described, _phrase

__all__ = ["Change", "ChangeKind", "RulesetDiff", "describe", "diff", "rule_dict"]

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


def describe(change: Change, locale: str | None = "vi") -> str:
    """What changed, without saying of what (``re-weighted: 4 → 5``): for listings by code."""
    lang = language(locale)
    return _phrase(change.kind, change.code, change.old, change.new, lang).text(lang)


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
