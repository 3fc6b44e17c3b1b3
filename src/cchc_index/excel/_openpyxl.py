"""openpyxl, imported on first use: the core package never imports it."""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import CchcIndexError, Problem
from ..i18n import msg

__all__ = ["INSTALL_HINT", "ExcelUnavailableError", "require_openpyxl"]

#: The command that installs what this package needs.
INSTALL_HINT = 'pip install "cchc-index[excel]"'


class ExcelUnavailableError(CchcIndexError, ImportError):
    """openpyxl, which the Excel functions need, is not installed."""


def require_openpyxl() -> ModuleType:
    """The openpyxl module, imported on first use.

    Without it, :class:`~cchc_index.excel.ExcelUnavailableError` says how to install it.
    """
    try:
        return importlib.import_module("openpyxl")
    except ImportError:
        raise ExcelUnavailableError(
            Problem(
                what=msg(
                    "reading and writing Excel workbooks needs openpyxl: {command}",
                    command=INSTALL_HINT,
                ),
            )
        ) from None
