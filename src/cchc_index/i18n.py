"""Translation: every message people read goes through the gettext catalogs of ``vi`` and ``en``.

Messages are written in English in the code and kept as data (:class:`Message`: a
template and its parameters) until they are shown; only then is the template looked
up in the catalog of the reader's language and filled in. So an error raised while
loading can be printed in Vietnamese by the command line and in English by a web
service, from the same object.

Marking, for extraction by Babel (``nox -s i18n``):

* ``msg("unknown input {name!r}", name=name)``: a message with parameters;
* ``N_("achieved")``: a constant translated later with :func:`gettext`;
* ``npgettext``/``pgettext`` when the same English word needs two translations.

The catalogs live in ``cchc_index/locale/<lang>/LC_MESSAGES/cchc_index.po`` with
their compiled ``.mo`` beside them; the ``.mo`` files ship in the wheel and are read
with the standard library's ``gettext`` module.
"""

from __future__ import annotations

import decimal
import functools
import gettext as _gettext
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Protocol, runtime_checkable

from attrs import field, frozen

from ._echo import STR_LIMIT, echo_repr, echo_str

__all__ = [
    "DEFAULT_LOCALE",
    "LOCALES",
    "N_",
    "Joined",
    "Message",
    "Named",
    "Said",
    "Shown",
    "echo",
    "gettext",
    "language",
    "msg",
    "ngettext",
    "pgettext",
    "refuse_locales_with",
]

DOMAIN: Final = "cchc_index"
#: The languages with a catalog; any other locale is refused by :func:`language`.
LOCALES: Final = ("vi", "en")
#: The language shown when none is asked for.
DEFAULT_LOCALE: Final = "vi"
LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"


def language(locale: str | None) -> str:
    """The catalog language of a locale: ``vi`` for ``vi``/``vi_VN``/``vi-VN``, ``en`` for ``en*``.

    ``None`` means the default, Vietnamese. A locale without a catalog raises
    :class:`~cchc_index.errors.LocaleError` rather than silently falling back.
    """
    if locale is None:
        return DEFAULT_LOCALE
    lang = str(locale).replace("-", "_").split("_", 1)[0].lower()
    if lang not in LOCALES:
        raise _refusal(locale)
    return lang


def _plain_refusal(locale: object) -> Exception:
    return ValueError(f"no messages in {locale!r}: use 'vi' or 'en'")


#: What :func:`language` raises for a locale without a catalog. The library's errors are
#: said through this module, so it cannot import them: :mod:`cchc_index.errors` puts its
#: :class:`~cchc_index.errors.LocaleError` here (:func:`refuse_locales_with`) as it is
#: imported, and the package imports it before any of its modules can be used.
_refusal: Callable[[object], Exception] = _plain_refusal


def refuse_locales_with(refusal: Callable[[object], Exception]) -> None:
    """Have :func:`language` raise ``refusal(locale)`` for a locale without a catalog."""
    global _refusal
    _refusal = refusal


@functools.cache
def _catalog(lang: str) -> _gettext.NullTranslations:
    # English is the language of the code: without its catalog, messages show as
    # written. Without the Vietnamese one they would silently show in English, so
    # that fails loudly.
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=lang == "en")


def gettext(text: str, locale: str | None = None) -> str:
    """``text`` (English, as marked in the code) in the language of ``locale``."""
    return _catalog(language(locale)).gettext(text) if text else text


def pgettext(context: str, text: str, locale: str | None = None) -> str:
    """Like :func:`gettext` for a word whose translation depends on ``context``."""
    return _catalog(language(locale)).pgettext(context, text)


def ngettext(singular: str, plural: str, n: int, locale: str | None = None) -> str:
    """The singular or plural form for ``n``, in the language of ``locale``."""
    return _catalog(language(locale)).ngettext(singular, plural, n)


def N_(text: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Mark ``text`` for the catalogs without translating it yet."""
    return text


class _Localised:
    """A Decimal shown the reader's way (``0,5`` in vi) unless asked for its ``!r``."""

    __slots__ = ("lang", "value")

    def __init__(self, value: Decimal, lang: str) -> None:
        self.value = value
        self.lang = lang

    def __format__(self, spec: str) -> str:
        if spec == "+":  # a signed difference: +1, −0,5 (a true minus sign, as typeset)
            sign = "+" if self.value > 0 else "−" if self.value < 0 else ""
            return sign + format_number(abs(self.value), self.lang)
        if spec:
            return format(self.value, spec)
        return format_number(self.value, self.lang)

    def __str__(self) -> str:
        return self.__format__("")

    def __repr__(self) -> str:
        if not self.value.is_finite():  # "Infinity", not Decimal('Infinity')
            return str(self.value)
        text = repr(self.value)
        return text if len(text) <= STR_LIMIT else _Echo(self.value, self.lang).__repr__()


class _Echo:
    """A value quoted in a message, cut to a readable length with its full length said.

    ``{value!r}`` gives a short ``repr`` (:func:`~cchc_index._echo.echo_repr`), ``{value}``
    its text (:func:`~cchc_index._echo.echo_str`); neither fails, whatever the value.
    """

    __slots__ = ("lang", "value")

    def __init__(self, value: object, lang: str) -> None:
        self.value = value
        self.lang = lang

    def _with_length(self, shown: tuple[str, int | None]) -> str:
        text, length = shown
        if length is None:
            return text
        if isinstance(self.value, int | Decimal):
            size = ngettext("{n} digit", "{n} digits", length, self.lang)
        else:
            size = ngettext("{n} character", "{n} characters", length, self.lang)
        return f"{text} ({size.format(n=format_number(Decimal(length), self.lang))})"

    def __format__(self, spec: str) -> str:
        if spec:
            return format(self.value, spec)
        return self._with_length(echo_str(self.value))

    def __str__(self) -> str:
        return self.__format__("")

    def __repr__(self) -> str:
        return self._with_length(echo_repr(self.value))


@frozen
class _Echoed:
    """A value to quote in a message as its short ``repr`` (see :func:`echo`)."""

    value: object

    def text(self, locale: str | None = None) -> str:
        return repr(_Echo(self.value, language(locale)))


def echo(value: object) -> Shown:
    """``value`` as a message parameter shown as its ``repr``, cut to a readable length.

    Every parameter of a :class:`Message` is cut the same way when shown; this is for
    a parameter whose template writes ``{shown}`` rather than ``{shown!r}``.
    """
    return _Echoed(value)


@frozen(unsafe_hash=False)
class Message:
    """A message kept as data: an English ``template`` (a format string) and its parameters.

    Parameters that are messages themselves are translated too; Decimal parameters
    are written the reader's way (``0,5`` in Vietnamese, ``0.5`` in English) unless
    the template asks for their ``!r``.
    """

    template: str
    params: Mapping[str, Any] = field(factory=dict)

    def __hash__(self) -> int:
        # Values may be unhashable (a dict of the figures an expression saw), and
        # equal values may differ in form (1.0 and 1.00): hash what equality fixes.
        return hash((self.template, tuple(sorted(self.params))))

    def text(self, locale: str | None = None) -> str:
        """The message in the language of ``locale`` (default Vietnamese)."""
        lang = language(locale)
        template = gettext(self.template, lang)
        if not self.params:
            return template.replace("{{", "{").replace("}}", "}")
        return template.format_map({key: _shown(value, lang) for key, value in self.params.items()})

    def __str__(self) -> str:
        return self.text("en")


@frozen
class Named:
    """A name given by a rule set (not by the code): its Vietnamese text and, if any, English."""

    vi: str
    en: str | None = None

    def text(self, locale: str | None = None) -> str:
        """The English name for ``en`` when there is one, else the Vietnamese."""
        return self.en if self.en and language(locale) == "en" else self.vi

    def __str__(self) -> str:
        return self.vi


@runtime_checkable
class Shown(Protocol):
    """Anything worded only when shown: a :class:`Message`, a :class:`Named`, or the like."""

    def text(self, locale: str | None = None) -> str:
        """The words in the language of ``locale``."""
        ...


@frozen
class Joined:
    """Several shown values in a row, each worded in the reader's language (``a, b``)."""

    items: tuple[object, ...]
    separator: str = ", "

    def text(self, locale: str | None = None) -> str:
        """Each item in the language of ``locale``, joined."""
        lang = language(locale)
        return self.separator.join(str(_shown(item, lang)) for item in self.items)


class Said:
    """A record that says something (a problem, a change, a discrepancy): its ``what``.

    ``what`` is a :class:`Message`, worded where it is shown; ``vi`` and ``en`` give
    it in each language, ``message(locale)`` in the one asked for.
    """

    __slots__ = ()
    what: Message

    def message(self, locale: str | None = "vi") -> str:
        """What the record says, in the language of ``locale`` (``vi`` or ``en``)."""
        return self.what.text(locale)

    @property
    def vi(self) -> str:
        """What the record says, in Vietnamese."""
        return self.what.text("vi")

    @property
    def en(self) -> str:
        """What the record says, in English."""
        return self.what.text("en")


def _shown(value: object, lang: str) -> object:
    if isinstance(value, Shown):
        return value.text(lang)
    if isinstance(value, Decimal):
        return _Localised(value, lang)
    if isinstance(value, ArithmeticError):  # a failed calculation, said in words
        return arithmetic_words(value).text(lang)
    return _Echo(value, lang)


def msg(template: str, /, **params: Any) -> Message:
    """A :class:`Message` to be translated where it is shown (and marked for extraction)."""
    return Message(template, params)


# -- numbers, dates and failed calculations, the reader's way ---------------------------


def format_number(value: Decimal, locale: str = "vi") -> str:
    """A number the locale's way: ``64,7`` and ``20.845`` in vi, ``64.7`` and ``20,845`` in en.

    >>> format_number(Decimal("20845")), format_number(Decimal("64.7"), "en")
    ('20.845', '64.7')
    """
    # Babel is imported when something is first shown: scoring never needs it.
    from babel.numbers import format_decimal

    language = "en" if locale.startswith("en") else "vi"
    # Babel quantizes to the pattern's 12 places in the current context: a large figure
    # needs the precision of its own digits plus those places.
    digits = len(value.as_tuple().digits) if value.is_finite() else 0
    with decimal.localcontext() as context:
        context.prec = max(context.prec, digits + 14)
        return format_decimal(value, format="#,##0.############", locale=language)


def format_day(value: date, locale: str = "vi") -> str:
    """A date the locale's way: ``20/9/2023`` in vi, ``20 Sep 2023`` in en."""
    from babel.dates import format_date

    language = "en" if locale.startswith("en") else "vi"
    return format_date(value, format="d MMM y" if language == "en" else "d/M/y", locale=language)


def arithmetic_words(exc: ArithmeticError) -> Message:
    """What went wrong in a calculation, in words (not ``[<class 'decimal.Overflow'>]``)."""
    if isinstance(exc, ZeroDivisionError | decimal.DivisionByZero):  # DivisionUndefined too
        return msg("a division by zero")
    if isinstance(exc, decimal.Overflow):
        return msg("a number too large to compute")
    if isinstance(exc, decimal.InvalidOperation):
        return msg("a calculation with no number as its result (such as a comparison with NaN)")
    return msg("a calculation that failed ({name})", name=type(exc).__name__)
