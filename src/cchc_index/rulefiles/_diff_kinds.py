"""The kinds of change a diff reports, and the sections of a rule set their codes name."""

from __future__ import annotations

from enum import StrEnum


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
