"""What is made of results and rule sets for people to read, before it is rendered.

Holds a node's explanation (:mod:`.explain`, with its figures and sentences in
``_explain_figures``, ``_explain_words`` and ``_shown_values``), the reconciliation
of reported figures (:mod:`.reconcile`), the year's work plan (:mod:`.plan`), the
report (:mod:`.report`), the province's overview of its units (:mod:`.overview`), the
comparison of two rule sets' scores (:mod:`.comparison`) and a rule set's check
(:mod:`.check`).

May import every earlier stage: the foundation, :mod:`cchc_index.language`,
:mod:`cchc_index.kinds`, :mod:`cchc_index.rulefiles` and :mod:`cchc_index.scoring`.
"""
