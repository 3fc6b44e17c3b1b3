"""A change in words: what it did, worded for each language where it is shown."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from attrs import frozen

from ..i18n import N_, Message, format_number, gettext, language, msg
from ._diff_kinds import ChangeKind
from ._diff_plain import JsonValue

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
