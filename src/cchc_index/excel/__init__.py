"""Excel round trip: a fill-in template, reading filled workbooks back, results as a workbook.

Provincial and commune offices work in Excel. This optional part of the library
(``pip install cchc-index[excel]``, which brings openpyxl) writes a rule set as a
protected sheet that looks like the decree's table, reads a filled copy back into
the same mapping a TOML data file gives, and writes results as a workbook::

    >>> from cchc_index import excel                                   # doctest: +SKIP
    >>> excel.write_template(rs, "mau.xlsx")                           # doctest: +SKIP
    >>> data = excel.read_workbook("mau-da-dien.xlsx", rs)             # doctest: +SKIP
    >>> excel.write_results_workbook(cc.evaluate(rs, data), "kq.xlsx")  # doctest: +SKIP

The core package never imports openpyxl. This package imports it only when one of
its functions is called, and raises :class:`~cchc_index.excel.ExcelUnavailableError` (a
:class:`~cchc_index.CchcIndexError`) with the command to install it when it is
missing.
"""

from __future__ import annotations

from ._openpyxl import ExcelUnavailableError

__all__ = [
    "ExcelUnavailableError",
    "legacy_encoding",
    "read_units_workbook",
    "read_workbook",
    "write_overview_workbook",
    "write_results_workbook",
    "write_template",
    "write_units_template",
]

# The modules below import openpyxl inside their functions, through require_openpyxl.
from ._book import legacy_encoding
from .batch import read_units_workbook, write_units_template
from .overview import write_overview_workbook
from .reader import read_workbook
from .template import write_template
from .writer import write_results_workbook
