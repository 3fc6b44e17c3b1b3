"""Rule files: read, checked into a :class:`~cchc_index.Ruleset`, found, inherited, written.

Holds the reading of a rule file (:mod:`.loader`, with TOML read strictly,
``_toml_read``; keys that are not text refused, ``_text_keys``; line numbers,
``_line_index``; typed keys, ``_table_reader``; the criteria tree, ``_criteria_tree``;
grades, ``_grades``; and the chain of files a rule set extends, ``_inheritance``), where
rule sets are found (``_places``, :mod:`.catalog`), and what is written of one: its
JSON schema (:mod:`.schema`), its TOML (:mod:`.dump`, ``_toml_write``), the changes
between two (:mod:`.diff`, with ``_diff_kinds``, ``_diff_plain`` and ``_diff_words``).

May import the foundation, :mod:`cchc_index.language` and :mod:`cchc_index.kinds`.
"""
