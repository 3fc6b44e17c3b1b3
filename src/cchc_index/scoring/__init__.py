"""Scoring: a unit's data checked against a rule set and scored into a result.

Holds the reading of a unit's data (:mod:`.data`: the data as given, a mapping or a
file, ``_data_files``; its compiled checks, ``_data_checks``, and the function its
inputs are read by, ``_input_reader``; typed values,
``_data_values``; what checked data says, ``_unit_data``), the plan compiled once per
rule set (``_plan``) and the function its steps are written out as once it pays
(``_driver``), the scorer that runs a unit through it (``_scorer``, with the contexts
kinds score with in ``_contexts``, leaves waiting for their figures in ``_states``,
parents' sums in ``_sums`` and the records results are made of in ``_records``), the
results themselves (:mod:`.result`, :mod:`.status`), grades (:mod:`.grades`), the
entry points (:mod:`.evaluator`, :mod:`.batch`), where the next points are
(:mod:`.whatif`) and a rule set's worked examples (:mod:`.examples`).

May import the foundation, :mod:`cchc_index.language`, :mod:`cchc_index.kinds` and
:mod:`cchc_index.rulefiles`.
"""
