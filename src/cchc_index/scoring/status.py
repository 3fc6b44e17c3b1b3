"""Where a node stands: achieved, partly, failed, not yet due, not applicable, missing."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Status"]


class Status(StrEnum):
    """Where a node stands."""

    ACHIEVED = "achieved"  #: full points (đạt)
    PARTIAL = "partial"  #: some points (đạt một phần)
    FAILED = "failed"  #: no points, nothing pending (không đạt)
    NOT_DUE = "not_due"  #: no value yet and the deadline has not come (chưa đến hạn)
    NOT_APPLICABLE = "not_applicable"  #: does not apply to the unit (không phát sinh / không giao)
    MISSING = "missing"  #: no value after the deadline (thiếu số liệu)
