"""Loading rule files: every problem reported at once, each one located."""

from __future__ import annotations

from pathlib import Path

import pytest

import cchc_index as cc
from cchc_index import Problem, Ruleset
from cchc_index.rulefiles.loader import parse_ruleset
from helpers import FIXTURES, line_of, raw_ruleset, ruleset_from

#: A valid rule file of one field ``1`` (max 4); tests append its leaves.
HEAD = """\
[ruleset]
id = "thu/2023/xa"
title = "Bộ thử"
level = "xa"
year = 2023
max = 4

[inputs.n]
type = "count"
label = "Số hồ sơ"

[inputs.ok]
type = "bool"
label = "Đạt"

[criteria."1"]
name = "Lĩnh vực"
max = 4
"""
#: A valid leaf taking the whole of field ``1``.
LEAF = """
[criteria."1.1"]
name = "Tiêu chí"
max = 4
rule = { kind = "check", input = "ok" }
"""


def load(tmp_path: Path, text: str) -> Ruleset:
    """Load ``text`` written to a rule file."""
    path = tmp_path / "ruleset.toml"
    path.write_text(text, encoding="utf-8")
    return cc.load_ruleset(path)


def problems(tmp_path: Path, text: str) -> tuple[Problem, ...]:
    """The problems of loading ``text``, which must fail."""
    with pytest.raises(cc.RulesetError) as info:
        load(tmp_path, text)
    return info.value.problems


def only(tmp_path: Path, text: str) -> Problem:
    """The one problem of loading ``text``, checked to name the file."""
    found = problems(tmp_path, text)
    assert 1 == len(found), [str(p) for p in found]
    assert str(tmp_path / "ruleset.toml") == found[0].where.file
    return found[0]


def test_valid(tmp_path: Path) -> None:
    """The base text loads, and each node remembers its file and line."""
    text = HEAD + LEAF

    rs = load(tmp_path, text)

    assert ("1", "1.1") == tuple(rs.criteria)
    assert line_of(text, '"1.1"]') == rs["1.1"].line
    assert str(tmp_path / "ruleset.toml") in str(rs["1.1"].defined_in)


def test_every_problem_at_once(tmp_path: Path) -> None:
    """One error lists every problem of the file, each with its node and line."""
    text = HEAD + (
        '\n[criteria."1.1"]\nname = "A"\nmax = 2\n'
        '\n[criteria."1.2"]\nname = "B"\nmax = 2\nrule = { kind = "bandz", input = "n" }\n'
        '\n[criteria."2.1"]\nname = "C"\nmax = 1\nrule = { kind = "manual" }\n'
        '\n[criteria."01"]\nname = "D"\nmax = 1\nrule = { kind = "manual" }\n'
    )

    found = problems(tmp_path, text)

    assert [
        ("01", line_of(text, '"01"]')),
        ("1.1", line_of(text, '"1.1"]')),
        ("1.2", line_of(text, "bandz")),
        ("2.1", line_of(text, '"2.1"]')),
    ] == sorted((p.where.node or "", p.where.line) for p in found)


@pytest.mark.parametrize("code", ["1.01", "01", "1..2", "a b", "1.", "1.1000"])
def test_malformed_code(tmp_path: Path, code: str) -> None:
    """A code that is not numbers joined by dots is refused, naming the code and line."""
    text = (
        HEAD + LEAF + f'\n[criteria."{code}"]\nname = "X"\nmax = 1\nrule = {{ kind = "manual" }}\n'
    )

    problem = only(tmp_path, text)

    assert "is not a criterion code" in problem.en
    assert (code, line_of(text, f'"{code}"]')) == (problem.where.node, problem.where.line)


def test_missing_parent(tmp_path: Path) -> None:
    """A node whose parent is not in the file is reported with the parent to add."""
    text = HEAD + LEAF + '\n[criteria."2.1"]\nname = "X"\nmax = 1\nrule = { kind = "manual" }\n'

    problem = only(tmp_path, text)

    assert "criterion '2.1' has no parent '2'" in problem.en
    assert "2.1" == problem.where.node


def test_children_do_not_add_up(tmp_path: Path) -> None:
    """Children's maxima that miss the parent's max are reported on the parent."""
    text = HEAD + LEAF.replace("max = 4", "max = 3")

    problem = only(tmp_path, text)

    assert "children add up to 3 (1.1 (3)) but the max of '1' is 4" in problem.en
    assert ("1", line_of(text, '"1"]') + 2) == (problem.where.node, problem.where.line)


def test_fields_do_not_add_up(tmp_path: Path) -> None:
    """Fields that miss the rule set's total are reported against it."""
    text = HEAD.replace("max = 4\n\n[inputs", "max = 5\n\n[inputs") + LEAF

    problem = only(tmp_path, text)

    assert "but the rule set's max is 5" in problem.en
    assert (None, line_of(text, "max = 5")) == (problem.where.node, problem.where.line)


def test_leaf_without_rule(tmp_path: Path) -> None:
    """A leaf must say how it is scored."""
    problem = only(tmp_path, HEAD + '\n[criteria."1.1"]\nname = "X"\nmax = 4\n')

    assert "needs a scoring 'rule'" in problem.en
    assert "1.1" == problem.where.node


def test_rule_on_parent(tmp_path: Path) -> None:
    """A parent is scored by its children and may not carry a rule."""
    text = HEAD + 'rule = { kind = "check", input = "ok" }\n' + LEAF

    problem = only(tmp_path, text)

    assert "remove its 'rule'" in problem.en
    assert ("1", "rule") == (problem.where.node, problem.where.key)


def bands(rows: str) -> str:
    """A bands rule over ``n``; ``rows`` are the bands' tables, separated by ``;``."""
    listed = ", ".join(f"{{ {row.strip()} }}" for row in rows.split(";"))
    return f'{{ kind = "bands", input = "n", bands = [{listed}] }}'


MAX_4 = "more than the criterion's max 4"
UNREACHABLE = "no value reaches the max 4: the most this rule gives is"
CHECK, PER_ITEM = '{ kind = "check", input = "ok"', '{ kind = "per_item", input = "n", per_item = 1'
LEVELS = '{ kind = "levels", input = "g", shares = '


@pytest.mark.parametrize(
    ("rule", "key", "words"),
    [
        (
            bands("below=5, points=0; at_least=5, points=4; at_least=2, below=5, points=2"),
            "bands",
            "out of order",
        ),
        (
            bands("at_least=5, points=4; at_least=2, at_most=5, points=2; below=2, points=0"),
            "bands",
            "overlap",
        ),
        (
            bands("at_least=5, points=4; at_least=2, below=4, points=2; below=2, points=0"),
            "bands",
            "leave a gap",
        ),
        (bands("above=5, points=4; below=5, points=0"), "bands", "leave a gap"),
        (bands("at_least=5, below=5, points=4"), "bands[1]", "the band [5, 5) is empty"),
        (bands("at_least=1, points=5"), "bands[1].points", f"'bands[1].points' is 5, {MAX_4}"),
        (CHECK + ", points = 5 }", "points", f"'points' is 5, {MAX_4}"),
        (PER_ITEM + ", cap = 5 }", "cap", f"'cap' is 5, {MAX_4}"),
        (LEVELS + "{ a = 1.5, b = 0 } }", "shares.a", "share of level 'a' is 1.5; shares run"),
        (LEVELS + "{ a = 1 } }", "shares", "level 'b' of the input has no share"),
        (bands("at_least=1, points=3; below=1, points=0"), "rule", f"{UNREACHABLE} 3"),
        (PER_ITEM + ", cap = 2 }", "rule", f"{UNREACHABLE} 2"),
        (CHECK + ", points = 1 }", "rule", f"{UNREACHABLE} 1"),
        (LEVELS + "{ a = 0.5, b = 0 } }", "rule", f"{UNREACHABLE} 2"),
    ],
)
def test_rule_refused(tmp_path: Path, rule: str, key: str, words: str) -> None:
    """Bands that overlap or leave gaps, options above the max, a max no value reaches."""
    level = '\n[inputs.g]\ntype = "level"\nlabel = "Mức"\nlevels = ["a", "b"]\n'
    text = HEAD + level + f'\n[criteria."1.1"]\nname = "X"\nmax = 4\nrule = {rule}\n'

    problem = only(tmp_path, text)

    assert words in problem.en
    assert ("1.1", key, line_of(text, "rule =")) == (
        problem.where.node,
        problem.where.key,
        problem.where.line,
    )


@pytest.mark.parametrize(
    ("metric", "words"),
    [
        ("n +", "not a valid expression"),
        ("nn / 2", "name 'nn' is not a declared input (did you mean 'n'?)"),
        ("n ** 2", "Pow is not allowed"),
        ("rnd(n)", "'rnd' is not a function expressions may call (did you mean 'round'?)"),
    ],
)
def test_bad_expression(tmp_path: Path, metric: str, words: str) -> None:
    """A refused expression is an ExpressionError naming node, key and line."""
    text = HEAD + (
        '\n[criteria."1.1"]\nname = "X"\nmax = 4\n'
        f'rule = {{ kind = "per_item", metric = "{metric}", per_item = 1 }}\n'
    )
    path = tmp_path / "ruleset.toml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(cc.ExpressionError) as info:
        cc.load_ruleset(path)

    [problem] = info.value.problems
    assert words in problem.en
    assert (str(path), line_of(text, "rule ="), "1.1", "metric") == (
        problem.where.file,
        problem.where.line,
        problem.where.node,
        problem.where.key,
    )


def test_bad_constraint() -> None:
    """A constraint over an undeclared input is refused, naming the constraint."""
    raw = raw_ruleset(
        {"1": {"name": "F", "max": 1}, "1.1": {"name": "X", "max": 1, "rule": {"kind": "manual"}}},
        inputs={"files_resolved": "count"},
        constraints={"limit": "files_on_time <= files_resolved"},
    )

    with pytest.raises(cc.ExpressionError) as info:
        parse_ruleset(raw)

    assert [("limit", True)] == [
        (p.where.key, "'files_on_time' is not a declared input" in p.en)
        for p in info.value.problems
    ]


@pytest.mark.parametrize(
    ("text", "key", "suggestion"),
    [
        (HEAD.replace("title =", "titel =") + LEAF, "titel", "title"),
        (HEAD + LEAF + "respnsible = 'VP'\n", "respnsible", "responsible"),
        (HEAD.replace('label = "Đạt"', 'lable = "Đạt"\nlabel = "Đạt"') + LEAF, "lable", "label"),
        (HEAD + LEAF.replace('"ok" }', '"ok", expekt = true }'), "expekt", "expect"),
        (HEAD + LEAF + '\n[criterias]\n"2" = 1\n', "criterias", "criteria"),
        (HEAD + LEAF + '\n[criterias."2"]\nname = "x"\n', "criterias", "criteria"),
    ],
)
def test_unknown_key(tmp_path: Path, text: str, key: str, suggestion: str) -> None:
    """An unknown key is reported with the known key it most resembles, and its line."""
    [problem] = [p for p in problems(tmp_path, text) if p.where.key == key]

    assert f"(did you mean {suggestion!r}?)" in problem.en
    assert key == problem.where.key
    assert line_of(text, key) == problem.where.line


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("max = 4\nrule", 'max = "bốn"\nrule', "'max' must be a number, not 'bốn'"),
        ("max = 4\n\n[inputs", 'max = "trăm"\n\n[inputs', "'max' must be a number, not 'trăm'"),
        ("max = 4\nrule", "max = -1\nrule", "'max' (the criterion's maximum points) must be"),
        ('name = "Tiêu chí"', "name = 5", "'name' must be non-empty text, not 5"),
        ("year = 2023", 'year = "2023"', "'year' must be a year such as 2022"),
        ("max = 4\nrule", 'max = 4\ndue = "31/04"\nrule', "'due' must be a date"),
        ("max = 4\nrule", 'max = 4\nassessor = "tinh"\nrule', "'assessor' must be one of"),
        ('type = "count"', 'type = "integer"', "'type' must be one of"),
        ('id = "thu/2023/xa"', 'id = "Dak Nong"', "must read <province>/<year>/<level>"),
        ('id = "thu/2023/xa"', 'id = "thu/2022/xa"', "does not match year 2023"),
        ("max = 4\n\n[inputs", "max = 4\nrounding = { places = 11 }\n\n[inputs", "'places'"),
        ("max = 4\n\n[inputs", 'max = 4\nrounding = { mode = "bank" }\n\n[inputs', "'mode'"),
        ("max = 4\n\n[inputs", 'max = 4\nrounding = { places = "2" }\n\n[inputs', "'places'"),
        ('kind = "check"', 'kind = "chek"', "unknown rule kind 'chek' (did you mean 'check'?)"),
    ],
)
def test_wrong_value(tmp_path: Path, old: str, new: str, words: str) -> None:
    """A value of the wrong type or form is reported once, with its line."""
    text = (HEAD + LEAF).replace(old, new, 1)
    assert text != HEAD + LEAF

    problem = only(tmp_path, text)

    assert words in problem.en
    [changed] = [line for line in new.splitlines() if line not in old.splitlines()]
    assert line_of(text, changed) == problem.where.line


@pytest.mark.parametrize(
    ("content", "words", "line"),
    [
        (b'[ruleset]\nid = "thu/2023/xa"\ntitle = \n', "not valid TOML", 3),
        (b"", "the file is empty", None),
        (b"  \n\n", "the file is empty", None),
        (b'[ruleset]\nid = "thu/2023/xa"\ntitle = "Ph\xf2ng"\n', "not UTF-8", 3),
    ],
)
def test_unreadable_file(tmp_path: Path, content: bytes, words: str, line: int | None) -> None:
    """Bad TOML, an empty file and a legacy encoding are rule-set errors with the line."""
    path = tmp_path / "ruleset.toml"
    path.write_bytes(content)

    with pytest.raises(cc.RulesetError) as info:
        cc.load_ruleset(path)

    [problem] = info.value.problems
    assert words in problem.en
    assert (str(path), line) == (problem.where.file, problem.where.line)


@pytest.mark.parametrize("source", ["khong-co/2023/xa", "no/such/file.toml", "thu-muc-khong-co"])
def test_unknown_source(source: str) -> None:
    """An id nobody provides, or a path that does not exist, is a rule-set error."""
    with pytest.raises(cc.RulesetError):
        cc.load_ruleset(source)


def test_source_of_wrong_type() -> None:
    """Something that is neither an id nor a path is a rule-set error, not a TypeError."""
    with pytest.raises(cc.RulesetError):
        cc.load_ruleset(42)  # type: ignore[arg-type]


def test_folder_and_file(every_kind: Ruleset) -> None:
    """A folder means its ruleset.toml; both load the same rule set."""
    assert every_kind == cc.load_ruleset(FIXTURES / "every-kind" / "ruleset.toml")


def test_unknown_code(every_kind: Ruleset) -> None:
    """Looking up a code the rule set lacks raises UnknownCodeError, also a KeyError."""
    with pytest.raises(cc.UnknownCodeError) as info:
        every_kind["9.9"]

    assert isinstance(info.value, cc.CchcIndexError)
    assert isinstance(info.value, KeyError)
    assert "9.9" == info.value.problems[0].where.node


def test_decree_order() -> None:
    """Nodes are kept in decree order: 1.9 before 1.10, parents before children."""
    leaf = {"name": "X", "max": 1, "rule": {"kind": "manual"}}
    codes = ["1.10", "1.2", "1.9", "1.1", "1"]
    criteria = {c: ({"name": "F", "max": 13} if c == "1" else leaf) for c in codes}
    criteria |= {f"1.{i}": leaf for i in range(3, 9)}
    criteria["1.1"] = {**leaf, "max": 4}

    rs = ruleset_from(criteria)

    assert ["1"] + [f"1.{i}" for i in range(1, 11)] == [n.code for n in rs]
    assert ("1",) == rs.fields
