"""The rule language: what a rule set is made of, before any file is read or unit scored.

Holds the model of a rule set (:mod:`.model`: criteria, inputs, constraints, grades),
the keys a rule file may use, each declared once with its meaning and schema
(``_rule_keys``), the expression language with its checker, function table and the
code generated from checked trees (:mod:`.expressions`, ``_expression_types``,
``_functions``, ``_codegen``), the vocabulary of what scoring a rule records
(:mod:`.trace`), and the quick constructors results are made with (``_makers``).

May import only the foundation: :mod:`cchc_index.i18n`, :mod:`cchc_index.errors`,
:mod:`cchc_index.numbers`, :mod:`cchc_index.codes` and ``cchc_index._echo``.
"""
