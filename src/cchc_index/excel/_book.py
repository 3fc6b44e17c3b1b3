"""Workbooks in and out: opening one safely, saving, and reading one cell's value strictly.

Everything that can go wrong in a cell is refused with the cell's reference
(``Chấm điểm!I29``) in ``Location.key``: a formula
Excel never computed, text in a legacy Vietnamese encoding, a number written
the wrong way. Values are converted to what a TOML data file would hold (``int``,
:class:`~decimal.Decimal`, ``bool``, :class:`~datetime.date`, text); bounds and
constraints are left to ``cchc_index.scoring.data.read_unit``, whose problems
:func:`relocate` then points at cells.
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from attrs import evolve

from .. import __version__
from ..errors import InputError, Location, Problem, ProblemLog, suggest
from ..i18n import Message, echo, msg
from ..language.model import InputSpec, InputType, Ruleset
from ..numbers import format_plain, parse_number, plain, to_decimal
from ..scoring.data import read_unit
from ._openpyxl import require_openpyxl

T = TypeVar("T")
# What people type in a yes/no cell, in either language, whatever the workbook's
# language: words recognised on input (a vocabulary, like a parser's keywords), not
# messages shown to anyone, so they stay here as data and out of the catalogs.
_TRUE = frozenset({"có", "co", "x", "yes", "true"})
_FALSE = frozenset({"không", "khong", "no", "false"})
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
#: How much of a library's own error a "not an Excel workbook" message quotes.
_ERROR_SHOWN = 300 - len("not an Excel workbook (.xlsx): ")
#: The last day Excel can show (31/12/9999) as a serial number.
_LAST_SERIAL = 2958465

# -- legacy Vietnamese encodings ---------------------------------------------------------

_VOWELS = "aeiouyAEIOUY"
_TCVN3 = (
    # A letter next to one of the symbols TCVN3 uses for ă â ê ô ơ ư and toned a
    # ("kh«ng", "n­íc", "b»ng"); a closing » after a word is only a quotation mark.
    re.compile(r"[A-Za-z](?:[¡¢£¤¥¦¨©ª«¬\xadµ¶·¸¹¼½¾]|»(?=[A-Za-z]))"),
    # đ and Đ (® and §) open words: "®¹t", "§iÓm", "§¾k".
    re.compile(r"[®§][A-Za-z¡-¾]"),
    # Toned lower-case letters sit on upper-case code points: "HuyÖn", "phÇn", "tØnh".
    re.compile(r"[a-zà-ÿ][À-ÖØ-Þ]"),
    # ... or on Latin-1 letters Vietnamese lacks, after a consonant: "cña", "chøc", "nh÷ng".
    re.compile(r"[bcdfghklmnpqrstvx][äåæçëîïñ÷øûüþÿ]"),
)
_VNI = (
    # Tones typed as a second character after the vowel: "coù", "ñaït", "Huyeän".
    re.compile(rf"[{_VOWELS}ôöÔÖ][ùøûïüëåäÙØÛÏÜËÅÄ]"),
    # Circumflex and breve as a second character: "khoâng" (ô), "eâ" (ê), "aê" (ă).
    re.compile(r"[aeoAEO][âÂ]|[aA][êÊ]"),
    # đ and Đ are ñ and Ñ, at the start of a word: "ñieåm", "Ñaék".
    re.compile(rf"(?<![A-Za-z])[ñÑ][{_VOWELS}öÖôÔ]"),
)


def legacy_encoding(text: str) -> str | None:
    """``"TCVN3"`` or ``"VNI"`` when ``text`` looks typed in that legacy encoding, else ``None``.

    Before Unicode, Vietnamese was typed with fonts (.VnTime for TCVN3/ABC,
    VNI-Times for VNI) that draw Vietnamese letters over Latin-1 code points.
    Copied into a Unicode cell such text becomes mojibake that no parser may
    guess at: "Huyện Đắk Song" reads ``HuyÖn §¾k Song`` in TCVN3 and ``Huyeän Ñaék
    Song`` in VNI. The detector counts patterns that correct Vietnamese never
    forms and each encoding always does:

    * TCVN3 writes ă â ê ô ơ ư đ and many toned vowels as symbols (``¨ © ª « ¬ ®``,
      ``µ ¶ · ¸ ¹``, ``§`` for Đ) inside words, and toned lower-case vowels as
      upper-case Latin-1 letters after a lower-case one (``Ö`` in ``HuyÖn``);
    * VNI writes a tone or hat as a second character after the vowel (``ù ø û õ
      ï`` for the five tones, ``â`` for the hat, ``ê`` for the breve: ``coù``,
      ``khoâng``), and đ as ``ñ`` opening a word.

    Pairs that Unicode Vietnamese does form (``hoà``, ``quê``, ``xuân``, ``tiên``,
    «quotes») are not counted. The encoding with more hits wins; one hit is
    enough, so a German ``Grün`` or a French ``Noël`` would be flagged too, which
    a Vietnamese administrative form can afford.

    >>> legacy_encoding("HuyÖn §¾k Song"), legacy_encoding("Huyeän Ñaék Song")
    ('TCVN3', 'VNI')
    >>> legacy_encoding("Huyện Đắk Song «hoà», quê, xuân") is None
    True
    """
    tcvn3 = sum(len(p.findall(text)) for p in _TCVN3)
    vni = sum(len(p.findall(text)) for p in _VNI)
    if not tcvn3 and not vni:
        return None
    return "TCVN3" if tcvn3 >= vni else "VNI"


# -- values -----------------------------------------------------------------------------


class Refused(Exception):  # noqa: N818 - private signal, never escapes this package
    """A cell value that cannot be read; ``what`` says why, translated where shown."""

    def __init__(self, what: Message) -> None:
        super().__init__(what)
        self.what = what


def convert_flag(value: object, number_format: str = "") -> bool:
    """Yes/no: Excel's TRUE/FALSE, or có/không/x/yes/no/true/false in any case."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.casefold() in _TRUE | _FALSE:
        return value.casefold() in _TRUE
    raise Refused(msg("{value!r} is not yes/no (write có or không)", value=value))


def convert_number(
    value: object, number_format: str = "", kind: InputType = InputType.NUMBER
) -> Decimal:
    """A number: an Excel number, or text written the Vietnamese way (``20.845``, ``89,4``)."""
    if isinstance(value, bool):
        raise Refused(msg("{value} is yes/no, not a number", value=value))
    if isinstance(value, datetime | date):
        raise Refused(
            msg("Excel turned what was typed into a date; type the number again in a text cell"),
        )
    if isinstance(value, int | float):
        try:
            number = to_decimal(value)
        except (TypeError, ValueError):
            raise Refused(
                msg("{value!r} is too large or has too many decimal places", value=value),
            ) from None
        # A cell formatted as % holds 0.894 for 89,4 %.
        return plain(number * 100) if kind is InputType.PERCENT and "%" in number_format else number
    if isinstance(value, str):
        text, scale = value, Decimal(1)
        if text.endswith("%") and kind in (InputType.RATIO, InputType.PERCENT):
            text = text[:-1]
            scale = Decimal("0.01") if kind is InputType.RATIO else scale
        try:
            return plain(parse_number(text, "vi") * scale)
        except ValueError:
            pass
    raise Refused(
        msg("{value!r} is not a number written the Vietnamese way (20.845 or 89,4)", value=value),
    )


def convert_date(value: object, number_format: str = "") -> date:
    """A date: an Excel date, a serial number, or text ``dd/mm/yyyy`` or ``yyyy-mm-dd``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and 1 <= value <= _LAST_SERIAL
    ):
        from openpyxl.utils.datetime import from_excel

        day = from_excel(value)
        return day.date() if isinstance(day, datetime) else day
    if isinstance(value, str):
        try:
            if match := _DMY.fullmatch(value):
                day_, month, year = (int(g) for g in match.groups())
                return date(year, month, day_)
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Refused(msg("{value!r} is not a date (write 20/09/2023)", value=value))


def convert_year(value: object, number_format: str = "") -> int:
    """A year: a whole number, typed or as text."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and value == int(value):
        return int(value)
    raise Refused(msg("{value!r} is not a year such as 2023", value=value))


def convert_text(value: object, number_format: str = "") -> str:
    """Text; a number is kept as it reads (``12``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_plain(to_decimal(value))
    raise Refused(msg("{value!r} is not text", value=value))


def convert_input(spec: InputSpec, value: object, number_format: str = "") -> object:
    """One input's value converted to its type; bounds are checked later by the core."""
    if spec.type is InputType.BOOL:
        return convert_flag(value)
    if spec.type is InputType.DATE:
        return convert_date(value)
    if spec.type is InputType.LEVEL:
        for level in spec.levels:
            if isinstance(value, str) and value.casefold() == level.casefold():
                return level
        shown = str(value)
        raise Refused(
            msg(
                "{value!r} is not one of the levels {levels}{hint}",
                value=value,
                levels=list(spec.levels),
                hint=suggest(shown, spec.levels),
            ),
        )
    number = convert_number(value, number_format, spec.type)
    if spec.type is InputType.COUNT and number == number.to_integral_value():
        return int(number)
    return number


# -- cells ------------------------------------------------------------------------------


class Cells:
    """One sheet's cells: cached values, with uncomputed formulas and legacy text refused.

    ``values`` is the sheet loaded with ``data_only=True`` (what Excel last
    computed), ``formulas`` the same sheet loaded as written, to see formulas.
    """

    def __init__(self, values: Any, formulas: Any, log: ProblemLog) -> None:
        self.values, self.formulas, self.log = values, formulas, log
        self.title: str = values.title

    def ref(self, row: int, column: int) -> str:
        """The cell's reference, ``Chấm điểm!I29`` (sheet name unquoted, as people read it)."""
        from openpyxl.utils import get_column_letter

        return f"{self.title}!{get_column_letter(column)}{row}"

    def raw(self, row: int, column: int) -> object:
        """The cell's value, blank text as ``None``; text normalised to NFC and stripped."""
        value = self.values.cell(row=row, column=column).value
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value).strip() or None
        return value

    def read(
        self,
        row: int,
        column: int,
        convert: Callable[[Any, str], T],
        *,
        node: str | None = None,
        input: str | None = None,
    ) -> T | None:
        """The cell's value through ``convert``; ``None`` when blank or refused (then logged)."""
        ref = self.ref(row, column)
        value = self.raw(row, column)
        if value is None:
            if self.formulas.cell(row=row, column=column).data_type == "f":
                self.log.add(
                    msg(
                        "the cell holds a formula Excel has not computed: open the file in "
                        "Excel and save it, or type the value"
                    ),
                    key=ref,
                    node=node,
                    input=input,
                )
            return None
        try:
            if isinstance(value, str) and (encoding := legacy_encoding(value)):
                shown = echo(value)
                raise Refused(
                    msg(
                        "{shown} looks typed in the legacy {encoding} encoding: retype it in "
                        "Unicode (or convert it with Unikey's tool)",
                        shown=shown,
                        encoding=encoding,
                    ),
                )
            number_format = self.values.cell(row=row, column=column).number_format
            return convert(value, number_format)
        except Refused as refused:
            self.log.add(refused.what, key=ref, node=node, input=input)
            return None


# -- opening, checking, saving ----------------------------------------------------------


def need_ruleset(ruleset: object) -> None:
    """Refuse anything but a rule set with an :class:`~cchc_index.InputError`."""
    if not isinstance(ruleset, Ruleset):
        raise InputError(
            Problem(
                what=msg(
                    "a workbook is read or written for a Ruleset (from load_ruleset), not {type}",
                    type=type(ruleset).__name__,
                ),
            )
        )


def open_book(path: object) -> tuple[str, Any, Any]:
    """``(file, values, formulas)``: the workbook loaded for cached values and for formulas.

    Anything that is not a readable ``.xlsx`` workbook is an :class:`~cchc_index.InputError`.
    """
    openpyxl = require_openpyxl()
    file = os.fspath(path) if isinstance(path, str | os.PathLike) else None
    if file is None:
        raise InputError(
            Problem(
                what=msg(
                    "a workbook is read from a file path, not from {type}", type=type(path).__name__
                ),
            )
        )
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it drops (extensions, styles): nothing we read.
            warnings.simplefilter("ignore")
            return (
                file,
                openpyxl.load_workbook(file, data_only=True),
                openpyxl.load_workbook(file, data_only=False),
            )
    except OSError as exc:
        what = msg("cannot read the file ({reason})", reason=exc.strerror or exc)
    except Exception as exc:  # openpyxl fails on garbage in many ways (zip, XML, KeyError …)
        # The error's own words are long at times: the whole message stays within 300
        # characters (in English; the Vietnamese is about as long).
        error = f"{type(exc).__name__}: {exc}"[:_ERROR_SHOWN]
        what = msg("not an Excel workbook (.xlsx): {error}", error=error)
    raise InputError(Problem(where=Location(file=file), what=what))


def find_sheet(book: Any, mark: str) -> Any | None:
    """The first worksheet whose cell A1 holds ``mark``."""
    for sheet in book.worksheets:
        if sheet.cell(row=1, column=1).value == mark:
            return sheet
    return None


def check(
    ruleset: Ruleset, raw: Mapping[str, Any], places: Mapping[str, str], log: ProblemLog
) -> None:
    """Check ``raw`` as unit data; record the core's problems at their cells (``places``).

    ``places`` maps ``input:<name>``, ``node:<code>``, ``node:<code>:<key>`` and the
    top-level keys (``unit``, ``as_of``, ``period``, ``ruleset``) to cell references.
    """
    try:
        read_unit(ruleset, raw)
    except InputError as exc:
        log.extend(relocate(problem, places, log.file) for problem in exc.problems)


def relocate(problem: Problem, places: Mapping[str, str], file: str | None) -> Problem:
    """``problem`` with its cells in ``Location.key`` (several joined by ``, ``)."""
    where = problem.where
    refs: list[str] = []
    if where.input is not None:
        names = (f"input:{name.strip()}" for name in where.input.split(","))
        refs = [places[name] for name in names if name in places]
    elif where.node is not None:
        ref = places.get(f"node:{where.node}:{where.key}") or places.get(f"node:{where.node}")
        refs = [ref] if ref else []
    elif where.key is not None and where.key in places:
        refs = [places[where.key]]
    return evolve(problem, where=evolve(where, file=file, key=", ".join(refs) or where.key))


def save(book: Any, path: object, lang: str) -> None:
    """Save ``book`` with its language set; a file that cannot be written is an InputError."""
    book.properties.language = "en-US" if lang == "en" else "vi-VN"
    book.properties.creator = f"cchc-index {__version__}"
    file = os.fspath(path) if isinstance(path, str | os.PathLike) else None
    reason: object
    if file is None:
        reason = msg("a workbook is saved to a file path, not to {type}", type=type(path).__name__)
    else:
        try:
            book.save(file)
            return
        except (OSError, TypeError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or exc
    raise InputError(
        Problem(
            where=Location(file=file),
            what=msg("cannot write the workbook ({reason})", reason=reason),
        )
    )
