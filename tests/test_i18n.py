"""The catalogs: complete, current, compiled, and messages translated only where shown."""

from __future__ import annotations

import gettext as stdlib_gettext
import string
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

import cchc_index
from cchc_index.errors import InputError, LocaleError, Location, Problem, suggest
from cchc_index.i18n import LOCALE_DIR, LOCALES, N_, Message, Named, gettext, language, msg

SOURCE = Path(cchc_index.__file__).parent


def _catalog(lang: str) -> Catalog:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "cchc_index.po").open("rb") as file:
        return read_po(file, locale=lang)


def _forms(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """An id's or a translation's forms: one, or one per plural form."""
    if text is None or isinstance(text, str):
        return (text or "",)
    return tuple(text)


def _key(message: str | Iterable[str]) -> str:
    """A message's id: its text, or the singular of a message with plural forms."""
    return _forms(message)[0]


def _marked() -> set[str]:
    """Every message marked in the package's code, as ``nox -s i18n`` extracts them."""
    keywords = {**DEFAULT_KEYWORDS, "msg": None}
    found = extract_from_dir(str(SOURCE), method_map=[("**.py", "python")], keywords=keywords)
    return {_key(message) for _, _, message, _, _ in found}


def _fields(template: str) -> set[str]:
    """The placeholders of a format string, with their conversion and spec."""
    return {
        f"{name}!{conversion}:{spec}"
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    }


@pytest.fixture(scope="module")
def marked() -> set[str]:
    return _marked()


@pytest.mark.parametrize("lang", LOCALES)
def test_catalog_holds_every_marked_message(lang: str, marked: set[str]) -> None:
    """A message marked in the code but missing from a catalog: run ``nox -s i18n``."""
    ids = {_key(m.id) for m in _catalog(lang) if m.id}
    assert sorted(marked - ids) == []


@pytest.mark.parametrize("lang", LOCALES)
def test_catalog_holds_nothing_stale(lang: str, marked: set[str]) -> None:
    """An entry whose message is gone from the code: run ``nox -s i18n``."""
    ids = {_key(m.id) for m in _catalog(lang) if m.id}
    assert sorted(ids - marked) == []


def test_every_message_has_a_vietnamese_translation() -> None:
    missing = [m.id for m in _catalog("vi") if m.id and (not all(_forms(m.string)) or m.fuzzy)]
    assert missing == []


def test_translations_keep_the_placeholders() -> None:
    """A translation that drops or renames ``{name}`` would fail or lie when shown."""
    wrong = [
        (m.id, form)
        for m in _catalog("vi")
        if m.id
        for form in _forms(m.string)
        if form and _fields(_key(m.id)) != _fields(form)
    ]
    assert wrong == []


@pytest.mark.parametrize("lang", LOCALES)
def test_compiled_catalog_is_current(lang: str) -> None:
    """The shipped ``.mo`` says what the ``.po`` says: run ``nox -s i18n`` after editing."""
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "cchc_index.mo").open("rb") as file:
        compiled = stdlib_gettext.GNUTranslations(file)
    stale = []
    for m in _catalog(lang):
        if isinstance(m.id, tuple | list):  # the first form, whatever the plural rule
            singular, plural = (str(form) for form in m.id)
            shown = compiled.ngettext(singular, plural, 1)
            if shown != (_forms(m.string)[0] or singular):
                stale.append(singular)
        elif m.id:
            msgid = _key(m.id)
            shown = compiled.pgettext(m.context, msgid) if m.context else compiled.gettext(msgid)
            if shown != (_forms(m.string)[0] or msgid):
                stale.append(msgid)
    assert stale == []


def test_messages_are_data_until_shown() -> None:
    said = msg(
        "{count} files late, {share} of them {name!r}", count=3, share=Decimal("0.5"), name="x"
    )
    assert said.text("en") == "3 files late, 0.5 of them 'x'"
    assert said.params["share"] == Decimal("0.5")
    assert str(said) == said.text("en")


def test_decimals_are_shown_the_readers_way_unless_repr() -> None:
    value = Decimal("20845.5")
    assert (
        Message("{v} {v!r} {v:+}", {"v": value}).text("en")
        == "20,845.5 Decimal('20845.5') +20,845.5"
    )
    assert Message("{v}", {"v": value}).text("vi") == "20.845,5"


def test_nested_messages_and_names_are_translated_too() -> None:
    problem = Problem(
        where=Location(node="3.4.1"),
        what=msg(
            "{what}: {status}",
            what=msg("the total"),
            status=Named("Tỷ lệ hồ sơ đúng hạn", "On-time rate"),
        ),
    )
    assert problem.en == "the total: On-time rate"
    assert problem.vi == "tổng điểm: Tỷ lệ hồ sơ đúng hạn"
    assert problem.located("en") == "criterion '3.4.1': the total: On-time rate"
    assert problem.located("vi") == "tiêu chí '3.4.1': tổng điểm: Tỷ lệ hồ sơ đúng hạn"


def test_errors_say_both_languages_and_either_on_request() -> None:
    error = InputError(Problem(where=Location(input="files"), what=msg("the total")))
    assert str(error) == "đầu vào 'files': tổng điểm / the total"
    assert error.messages("en") == ["input 'files': the total"]


def test_suggestions_follow_the_language() -> None:
    hint = suggest("files_ontime", ["files_on_time", "files_late"])
    assert isinstance(hint, Message)
    assert hint.text("en") == " (did you mean 'files_on_time'?)"
    assert hint.text("vi") == " (có phải là 'files_on_time'?)"
    assert suggest("zzz", ["files_on_time"]) == ""


@pytest.mark.parametrize(
    ("locale", "lang"),
    [(None, "vi"), ("vi", "vi"), ("vi_VN", "vi"), ("vi-VN", "vi"), ("en", "en"), ("en_GB", "en")],
)
def test_locales_map_to_their_catalog(locale: str | None, lang: str) -> None:
    assert language(locale) == lang


@pytest.mark.parametrize("locale", ["fr", "zh_CN", "", "xx-YY"])
def test_a_locale_without_a_catalog_is_refused(locale: str) -> None:
    with pytest.raises(LocaleError, match="'vi' or 'en'") as caught:
        gettext(N_("achieved"), locale)
    assert caught.value.problems[0].where.key == "locale"


def test_constants_are_translated_where_shown() -> None:
    word = N_("not yet due")
    assert word == "not yet due"
    assert gettext(word, "vi") == "chưa đến hạn"
    assert gettext(word, "en") == "not yet due"


def test_problems_and_messages_are_hashable_even_with_unhashable_values() -> None:
    """Errors go into sets and dict keys; a dict among a message's values must not stop that."""
    first = Problem(what=msg("{values}", values={"files": Decimal("1.0")}))
    second = Problem(what=msg("{values}", values={"files": Decimal("1.00")}))
    assert first == second
    assert hash(first) == hash(second)
    assert len({first, second, Problem(what=msg("the total"))}) == 2
