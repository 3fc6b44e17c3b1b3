"""Words and number formats of the workbooks, written in English and translated where shown.

Translation happens here only, where text is shown, through the gettext catalogs
(:mod:`cchc_index.i18n`); the markers that reading back relies on are never
translated.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..errors import InputError, Location, Problem
from ..i18n import N_, gettext, msg, pgettext
from ..numbers import format_plain

#: Words shown in the workbook (English; translated by :func:`word`). The column of
#: units of measure, ``unit``, is not here: :func:`word` gives it with its context.
WORDS: dict[str, str] = {
    "form": N_("Assessment"),
    "info": N_("About"),
    "units": N_("Units"),
    "code": N_("Code"),
    "name": N_("Criterion / figure"),
    "max": N_("Max points"),
    "responsible": N_("Responsible office"),
    "due": N_("Due"),
    "allowed": N_("Allowed values"),
    "not_applicable": N_("Not applicable (x)"),
    "estimate": N_("Estimate (x)"),
    "note": N_("Note"),
    "meta:unit": N_("Unit assessed"),
    "meta:as_of": N_("As of"),
    "meta:period": N_("Year assessed"),
    "hint:as_of": N_("dd/mm/yyyy; blank: the year's end"),
    "hint:period": N_("blank: {year}"),
    "other": N_("Other figures"),
    "count": N_("whole number ≥ 0"),
    "number": N_("number"),
    "range": N_("{low} … {high}"),
    # Yes/no cells take the Vietnamese words whatever the language (see _book._TRUE).
    "bool": N_("yes / no (có / không)"),
    "date": N_("date dd/mm/yyyy"),
    "points": N_("points 0 … {max}"),
    "invalid": N_("Invalid value"),
}
#: Known assessment layers; any other id is shown as it is.
LAYERS: dict[str, str] = {
    "self": N_("Self-assessment"),
    "appraisal": N_("Appraisal"),
    "province": N_("Province's assessment"),
}
_ROUND = re.compile(r"appraisal_?([0-9]+)")
#: The info sheet: hidden key and label (translated where shown).
INFO_ROWS = (
    ("ruleset", N_("Rule set id")),
    ("title", N_("Title")),
    ("basis", N_("Legal basis")),
    ("level", N_("Level")),
    ("year", N_("Year")),
    ("max", N_("Total maximum")),
    ("layers", N_("Assessment layers")),
    ("generator", N_("Made by")),
)
#: How to fill in the template, one numbered line each (translated where shown).
INSTRUCTIONS = (
    N_(
        "Fill in the yellow cells only. Do not edit the Code column; do not insert, delete, "
        "merge or sort rows."
    ),
    N_(
        'Numbers the Vietnamese way when typed as text: "20.845" is twenty thousand eight '
        'hundred and forty-five, "89,4" is eighty-nine point four. "12.5" is refused.'
    ),
    N_('Yes/no: pick "có" (yes) or "không" (no); x also means yes. Dates: dd/mm/yyyy.'),
    N_(
        'Column "Not applicable": x when the criterion does not arise or was not assigned. '
        'Column "Estimate": x when the figure is an estimate.'
    ),
    N_("Leave a cell blank while the figure is not known: not yet due or missing, by deadline."),
    N_("Use Unicode text only, never TCVN3 (.VnTime) or VNI fonts."),
)


def word(key: str, lang: str, **values: object) -> str:
    """A word of the workbook in ``lang`` (``vi`` or ``en``)."""
    if key == "unit":
        # The unit of measure ("Đơn vị tính"); a bare "Unit" elsewhere is the unit assessed.
        return pgettext("unit of measure", "Unit", lang)
    return msg(WORDS[key], **values).text(lang)


def language(locale: object) -> str:
    """``vi`` or ``en``; anything else is an :class:`~cchc_index.InputError`."""
    if locale in ("vi", "en"):
        return str(locale)
    raise InputError(
        Problem(
            where=Location(key="locale"),
            what=msg('locale must be "vi" or "en", not {locale!r}', locale=locale),
        )
    )


def layer_label(layer: str, lang: str) -> str:
    """A layer's heading: ``Tự đánh giá`` for ``self``, ``Thẩm định lần 2`` for ``appraisal_2``."""
    if layer in LAYERS:
        return gettext(LAYERS[layer], lang)
    if match := _ROUND.fullmatch(layer):
        return msg("Appraisal, round {round}", round=match[1]).text(lang)
    return layer


def number_format(value: Decimal) -> str:
    """An Excel number format showing exactly ``value``'s digits, grouped: ``#,##0.0#``-like.

    Excel draws the separators the reader's way (``64,7`` in Vietnamese). A format
    with optional places (``#,##0.##``) would show ``12.`` for 12, so the places
    are those of the value itself.
    """
    places = len(format_plain(value).partition(".")[2])
    return "#,##0" + ("." + "0" * places if places else "")


#: Headings and words of the results workbook, by key (English; translated by
#: :func:`result_word`).
RESULT_WORDS: dict[str, str] = {
    "results": N_("Results"),
    "summary": N_("Summary"),
    "discrepancies": N_("Discrepancies"),
    "code": N_("Code"),
    "name": N_("Criterion"),
    "points": N_("Points"),
    "max": N_("Max"),
    "pending": N_("Pending"),
    "lost": N_("Lost"),
    "status": N_("Status"),
    "estimated": N_("Estimate"),
    "responsible": N_("Responsible office"),
    "due": N_("Due"),
    "unit": N_("Unit"),
    "index": N_("Index (%)"),
    "potential": N_("Potential"),
    "as_of": N_("As of"),
    "total": N_("Total"),
    "reported": N_("Reported"),
    "computed": N_("Computed"),
    "difference": N_("Difference"),
    "message": N_("What is wrong"),
    "changes": N_("Changes by layer"),
    "layer": N_("Layer"),
    "before": N_("Before"),
    "after": N_("After"),
    "yes": N_("est."),
}


def result_word(key: str, lang: str) -> str:
    """A heading or word of the results workbook in ``lang``."""
    return gettext(RESULT_WORDS[key], lang)
