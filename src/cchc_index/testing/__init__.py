"""Hypothesis strategies: random valid rule sets, and unit data for any rule set.

For tools built on :mod:`cchc_index` that want property tests. This is the only
module of the package that imports :mod:`hypothesis`; install it with the
``test`` extra (``pip install "cchc-index[test]"``).

* :func:`raw_rulesets` draws raw mappings shaped like a rule file read from TOML
  (``[ruleset]``, ``[inputs]``, ``[constraints]``, ``[criteria]``) that are valid by
  construction: maxima add up exactly, bands meet without gap or overlap, every
  declared level has a share, formulas use declared inputs and ``div()``.
* :func:`rulesets` draws the same, passed through
  :func:`cchc_index.rulefiles.loader.parse_ruleset`.
* :func:`data_for` draws unit data for a given rule set: values within their
  bounds and constraints, some inputs missing, some estimates, manual points,
  ``not_applicable`` leaves and an ``as_of`` date in the period; or, with
  ``invalid=True``, data that :func:`cchc_index.evaluate` must refuse with
  :class:`cchc_index.InputError`.

A downstream tool checks its own rules and renderer like this::

    import pytest
    from hypothesis import given, strategies as st

    import cchc_index as cc
    from cchc_index.testing import data_for, rulesets

    MY_RULES = cc.load_ruleset("dak-nong/2022/huyen")

    @given(data_for(MY_RULES))
    def test_report_renders_any_unit(data):
        result = cc.evaluate(MY_RULES, data)
        assert my_report(result)            # never raises, whatever the unit reports

    @given(data_for(MY_RULES, invalid=True))
    def test_bad_data_is_refused(data):
        with pytest.raises(cc.InputError):
            cc.evaluate(MY_RULES, data)

    @given(rulesets(kinds=["bands", "linear"], max_depth=2).flatmap(
        lambda rs: st.tuples(st.just(rs), data_for(rs))))
    def test_my_report_renders_any_rules(pair):
        ruleset, data = pair
        assert my_report(cc.evaluate(ruleset, data))

Failing examples show the drawn values; draw from :func:`raw_rulesets` and load
with :func:`cchc_index.rulefiles.loader.parse_ruleset` yourself to see a failing rule set as
the mapping a rule file would hold.
"""

# The strategies are split by what they draw, and users import them from here:
# _drawing holds the small draw helpers (a choice, a chance, cents, a split, a day);
# _bands valid band lists; _draft one rule set's inputs, expressions, rules and
# criteria tree; _rulesets whole rule sets and their options; _values valid input
# values and the ways people write them; _corruptions the changes that make data
# invalid; _data unit data, valid, layered or invalid. This is a toolkit for
# downstream tests: besides hypothesis, it imports only the library's modules
# without a leading underscore (model, loader, expressions, numbers, errors,
# trace), never its internals.

from __future__ import annotations

from . import _rulesets
from ._bands import bands
from ._data import data_for
from ._rulesets import raw_rulesets, rulesets

__all__ = ["DRAWN_KINDS", "bands", "data_for", "raw_rulesets", "rulesets"]

#: The scoring kinds :func:`rulesets` can draw. A ``relative`` leaf evaluated alone
#: waits for its group (pending); through ``evaluate_many`` it is scored.
DRAWN_KINDS = _rulesets.DRAWN_KINDS
