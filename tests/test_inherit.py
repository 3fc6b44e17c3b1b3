"""Rule sets that extend others: merge rules, provenance, located errors, cycles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import cchc_index as cc

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "rules/dak-nong/2022/huyen/examples/dak-song-2023-09-20.toml"
REVISION = ROOT / "tests/fixtures/extending/dak-nong-2023"

CHILD_HEAD = """\
[ruleset]
extends = "dak-nong/2022/huyen"
id = "thu/2023/huyen"
title = "Bộ thử kế thừa"
year = 2023
"""


def origin(node: cc.Criterion | cc.NodeResult) -> cc.Origin:
    """Where ``node`` was last defined (every loaded node knows)."""
    assert node.defined_in is not None
    return node.defined_in


def write(folder: Path, text: str) -> Path:
    """A rule file ``folder/ruleset.toml`` holding ``text``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ruleset.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_rename_keeps_everything_else(tmp_path: Path) -> None:
    """A child that renames field 1 keeps every node and scores the seed example the same."""
    parent = cc.load_ruleset("dak-nong/2022/huyen")
    path = write(tmp_path, CHILD_HEAD + '\n[criteria."1"]\nname = "Chỉ đạo, điều hành"\n')
    child = cc.load_ruleset(path)

    assert list(parent.criteria) == list(child.criteria)
    assert "Chỉ đạo, điều hành" == child["1"].name
    assert parent["1"].max == child["1"].max
    assert (str(path), "thu/2023/huyen") == (
        origin(child["1"]).file,
        origin(child["1"]).ruleset,
    )
    assert ("dak-nong/2022/huyen", parent.source) == (
        origin(child["2"]).ruleset,
        origin(child["2"]).file,
    )
    as_of = date(2023, 9, 20)
    expected = cc.evaluate(parent, EXAMPLE, as_of=as_of)
    actual = cc.evaluate(child, EXAMPLE, as_of=as_of)
    assert [n.points for n in expected.walk()] == [n.points for n in actual.walk()]
    assert "thu/2023/huyen" == origin(actual["1"]).ruleset


def test_rule_is_replaced_whole(tmp_path: Path) -> None:
    """A child's rule replaces the parent's rule; no key of the old rule survives."""
    text = CHILD_HEAD + (
        '\n[criteria."3.4.1".rule]\nkind = "check"\ninput = "apologised_all_late_files"\n'
    )
    child = cc.load_ruleset(write(tmp_path, text))

    assert "check" == child["3.4.1"].rule.name  # type: ignore[union-attr]
    assert not hasattr(child["3.4.1"].rule, "bands")


def test_remove_takes_the_subtree(tmp_path: Path) -> None:
    """remove takes a node and its subtree out; the parent's max must follow."""
    # 6.1 is worth 4: field 6 drops to 7 and the province's part grows to 14.
    text = CHILD_HEAD + 'remove = ["6.1"]\n\n[criteria."6"]\nmax = 7\n\n[criteria."9"]\nmax = 14\n'
    child = cc.load_ruleset(write(tmp_path, text))

    assert not any(code == "6.1" or code.startswith("6.1.") for code in child.criteria)
    assert ("6.2", "6.3") == child["6"].children


def test_changed_max_is_located(tmp_path: Path) -> None:
    """Changing a leaf's max without its parents gives the same located error as by hand."""
    path = write(tmp_path, CHILD_HEAD + '\n[criteria."1"]\nmax = 15\n')

    with pytest.raises(cc.RulesetError) as caught:
        cc.load_ruleset(path)

    mine = [p for p in caught.value.problems if p.where.file == str(path)]
    assert ["1"] == [p.where.node for p in mine]
    assert 8 == mine[0].where.line  # the line of `max = 15`
    assert "the max of '1' is 15" in mine[0].en


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ('remove = ["9.9"]\n', "'remove' names '9.9'"),
        ('remove = "1.1"\n', "'remove' must be a list"),
    ],
)
def test_bad_remove(tmp_path: Path, extra: str, words: str) -> None:
    """A remove that names nothing, or is not a list, is located at its line."""
    path = write(tmp_path, CHILD_HEAD + extra)

    with pytest.raises(cc.RulesetError) as caught:
        cc.load_ruleset(path)

    [problem] = [p for p in caught.value.problems if words in p.en]
    assert (str(path), 6) == (problem.where.file, problem.where.line)


def test_remove_without_extends(tmp_path: Path) -> None:
    """remove only makes sense in a file that extends another."""
    text = CHILD_HEAD.replace('extends = "dak-nong/2022/huyen"\n', "") + 'remove = ["1"]\n'

    with pytest.raises(cc.RulesetError) as caught:
        cc.load_ruleset(write(tmp_path, text))

    assert any("add 'extends'" in p.en for p in caught.value.problems)


def test_child_needs_its_own_id(tmp_path: Path) -> None:
    """The parent's id is never inherited."""
    text = CHILD_HEAD.replace('id = "thu/2023/huyen"\n', "")

    with pytest.raises(cc.RulesetError) as caught:
        cc.load_ruleset(write(tmp_path, text))

    assert any("missing key 'id'" in p.en for p in caught.value.problems)


def test_chain_of_three(tmp_path: Path) -> None:
    """Chains work at any depth, by relative path; lineage lists the ancestors."""
    write(tmp_path / "a", CHILD_HEAD + '\n[criteria."1"]\nname = "A"\n')
    text = CHILD_HEAD.replace('"dak-nong/2022/huyen"', '"../a"').replace("thu/", "thu-b/")
    write(tmp_path / "b", text + '\n[criteria."2"]\nname = "B"\n')
    child = cc.load_ruleset(tmp_path / "b")

    assert ("dak-nong/2022/huyen", "thu/2023/huyen") == child.lineage
    assert ("A", "B") == (child["1"].name, child["2"].name)
    assert ["dak-nong/2022/huyen", "thu/2023/huyen"] == [o.ruleset for o in child["1"].origins]


def test_cycle_is_an_error(tmp_path: Path) -> None:
    """Two files extending each other are refused, naming the chain."""
    write(tmp_path / "a", CHILD_HEAD.replace('"dak-nong/2022/huyen"', '"../b"'))
    write(tmp_path / "b", CHILD_HEAD.replace('"dak-nong/2022/huyen"', '"../a"'))

    with pytest.raises(cc.RulesetError) as caught:
        cc.load_ruleset(tmp_path / "a")

    assert "cycle" in caught.value.problems[0].en


def test_cycle_is_found_by_the_files_and_reported_alone(tmp_path: Path) -> None:
    """c → a → b → a: the cycle a → b → a is named once, with real paths, in a short message."""
    write(tmp_path / "a", CHILD_HEAD.replace('"dak-nong/2022/huyen"', '"../b"'))
    write(tmp_path / "b", CHILD_HEAD.replace('"dak-nong/2022/huyen"', '"../a"'))
    c = write(tmp_path / "c", CHILD_HEAD.replace('"dak-nong/2022/huyen"', '"../a"'))

    with pytest.raises(cc.RulesetError) as caught:
        cc.load_ruleset(c)

    (problem,) = caught.value.problems
    a, b = (str(tmp_path / x / "ruleset.toml") for x in "ab")
    assert f"'extends' makes a cycle: {a} → {b} → {a}" in problem.en
    assert "../" not in problem.en
    assert "/c/" not in problem.en
    assert (problem.where.key, problem.where.line) == ("extends", 2)


def test_a_file_extending_itself(tmp_path: Path) -> None:
    """``extends = "."`` names the file itself: a cycle of one."""
    path = write(tmp_path, CHILD_HEAD.replace('"dak-nong/2022/huyen"', '"."'))

    with pytest.raises(cc.RulesetError) as caught:
        cc.load_ruleset(path)

    assert "a cycle" in caught.value.problems[0].en


def test_a_long_chain_is_no_cycle(tmp_path: Path) -> None:
    """A chain of 60 files, each revising the one before, loads (no cap below 100)."""
    previous = '"dak-nong/2022/huyen"'
    for depth in range(60):
        head = CHILD_HEAD.replace('"dak-nong/2022/huyen"', previous)
        write(tmp_path / f"r{depth}", head + f'\n[criteria."1"]\nname = "R{depth}"\n')
        previous = f'"../r{depth}"'

    child = cc.load_ruleset(tmp_path / "r59")

    assert "R59" == child["1"].name
    assert 60 == len(child["1"].origins) - 1


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ('"khong-co/2023/xa"', "no rule set with id 'khong-co/2023/xa'"),
        ('"./missing"', "cannot read the file"),
        ('"' + "x" * 300 + '"', "neither a rule-set id nor a file"),
        ('"./' + "x" * 300 + '"', "neither a rule-set id nor a file"),
    ],
)
def test_extends_naming_nothing_says_which_file_asked(
    tmp_path: Path, target: str, words: str
) -> None:
    """A missing id or file is refused at the file and line of the ``extends``, quoted short."""
    path = write(tmp_path, CHILD_HEAD.replace('"dak-nong/2022/huyen"', target))

    with pytest.raises(cc.RulesetError) as caught:
        cc.load_ruleset(path)

    (problem,) = caught.value.problems
    assert (str(path), 2, "extends") == (problem.where.file, problem.where.line, problem.where.key)
    assert words in problem.en
    assert len(problem.en) < 400


@pytest.mark.parametrize("target", ['"khong-co/2023/xa"', '"./missing"', "5"])
def test_bad_extends(tmp_path: Path, target: str) -> None:
    """An extends that names nothing loadable is a RulesetError."""
    text = CHILD_HEAD.replace('"dak-nong/2022/huyen"', target)

    with pytest.raises(cc.RulesetError):
        cc.load_ruleset(write(tmp_path, text))


def test_the_documented_revision() -> None:
    """The how-to's example province loads, adds, removes and rescores as documented."""
    rs = cc.load_ruleset(REVISION)
    res = cc.evaluate(rs, EXAMPLE)

    assert ("3.4.3" in rs, "3.7" in rs) == (False, True)
    assert Decimal("62.7") == res.points
    assert all(n.points + n.pending + n.lost == n.max for n in res.walk())


def test_data_for_the_parent_fits_the_child() -> None:
    """Data that names the parent rule set is accepted by a child."""
    rs = cc.load_ruleset(REVISION)

    assert "dak-nong/2023/huyen" == cc.evaluate(rs, EXAMPLE).ruleset


def test_data_for_another_rule_set_is_refused(tmp_path: Path) -> None:
    """Data that names an unrelated rule set is an input error."""
    data = tmp_path / "unit.toml"
    data.write_text('ruleset = "khac/2023/xa"\n', encoding="utf-8")

    with pytest.raises(cc.InputError):
        cc.evaluate(cc.load_ruleset("dak-nong/2022/huyen"), data)


def test_a_new_title_does_not_keep_the_parents_english(tmp_path: Path) -> None:
    """A child that writes its own title without an English one drops the parent's.

    The parent's English would head an English report with the parent's province.
    A criterion reworded in Vietnamese keeps its English, as a revision usually means.
    """
    text = CHILD_HEAD + '\n[criteria."1"]\nname = "Chỉ đạo, điều hành"\n'
    parent = cc.load_ruleset("dak-nong/2022/huyen")
    child = cc.load_ruleset(write(tmp_path, text))

    assert parent.title_en is not None
    assert None is child.title_en
    assert parent["1"].name_en == child["1"].name_en


def test_a_new_title_with_its_english(tmp_path: Path) -> None:
    """A child that gives both keeps both; the same title written again keeps the English."""
    given = CHILD_HEAD.replace("year = 2023", 'year = 2023\ntitle_en = "Test revision"')
    same = CHILD_HEAD.replace('title = "Bộ thử kế thừa"', f'title = "{TITLE}"')

    assert "Test revision" == cc.load_ruleset(write(tmp_path / "a", given)).title_en
    assert cc.load_ruleset("dak-nong/2022/huyen").title_en == (
        cc.load_ruleset(write(tmp_path / "b", same)).title_en
    )


TITLE = cc.load_ruleset("dak-nong/2022/huyen").title
