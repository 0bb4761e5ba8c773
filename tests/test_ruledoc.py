"""The rule book: ``docs/rules.md`` is generated from the rule files and must not drift from them."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

from click.testing import CliRunner

from gkrules.cli import cli
from gkrules.rulebook import load_ruleset
from gkrules.ruledoc import HEADER, cjk_text, rule_book, rule_section

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "docs" / "rules.md"
REGENERATE = "请在项目目录运行 `.venv/bin/gkrules rules doc` 重新生成 docs/rules.md 并提交"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_committed_rule_book_matches_the_rules():
    expected = rule_book(load_ruleset(ROOT / "rules"))
    current = BOOK.read_text(encoding="utf-8") if BOOK.is_file() else ""
    if current != expected:
        diff = "\n".join(
            list(
                difflib.unified_diff(
                    current.splitlines(),
                    expected.splitlines(),
                    "docs/rules.md（已提交）",
                    "由 rules/ 生成",
                    lineterm="",
                )
            )[:40]
        )
        raise AssertionError(f"docs/rules.md 与规则文件不一致。{REGENERATE}。\n{diff}")


def test_drift_check_fails_after_a_rule_changes(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    assert run("--rules", str(rules), "rules", "doc").exit_code == 0
    book = tmp_path / "docs" / "rules.md"
    assert book.read_text(encoding="utf-8").startswith(HEADER)
    assert run("--rules", str(rules), "rules", "doc", "--check").exit_code == 0

    path = rules / "classify" / "GK-C-001.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: 本机关不掌握", "title: 本机关不持有"), encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["--rules", str(rules), "rules", "doc", "--check"])
    assert result.exit_code == 1
    assert "gkrules rules doc" in result.output

    assert run("--rules", str(rules), "rules", "doc").exit_code == 0  # a generated file may be regenerated
    assert "本机关不持有" in book.read_text(encoding="utf-8")
    assert run("--rules", str(rules), "rules", "doc", "--check").exit_code == 0


def test_doc_refuses_to_overwrite_a_file_it_did_not_write(tmp_path):
    target = tmp_path / "notes.md"
    target.write_text("手写的笔记\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "doc", "-o", str(target)])
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "手写的笔记\n"
    assert run("rules", "doc", "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith(HEADER)


def test_every_rule_has_its_section_with_article_quote_and_conditions_in_chinese():
    rs = load_ruleset(ROOT / "rules")
    book = rule_book(rs)
    assert book.startswith(HEADER) and "请勿手工编辑" in HEADER
    for rule in rs.all_rules:
        section = rule_section(rs, rule)
        assert section in book, rule.code
        assert section.startswith(f"### {rule.code} {rule.title}\n")
        for cite in rule.law:
            assert cite.cite in section
            if cite.quote:
                assert cite.quote in section
        for name in rule.when.names():
            assert rs.facts[rule.scope][name] in section, (rule.code, name)
        for ex in [*rule.examples.fires, *rule.examples.does_not_fire]:
            assert ex.name in section


def test_rule_book_is_grouped_by_area_in_order():
    rs = load_ruleset(ROOT / "rules")
    book = rule_book(rs)
    headings = [line for line in book.splitlines() if line.startswith("## ")]
    areas = [h.split("（rules/")[1].rstrip("/）") for h in headings]
    order = {"classify": 0, "letter": 1, "deadline": 2}
    assert areas == sorted(areas, key=lambda a: order.get(a, 9))
    assert "classify" in areas


def test_show_prints_the_rule_book_section():
    rs = load_ruleset(ROOT / "rules")
    result = run("rules", "show", "GK-C-006")
    assert result.output.rstrip("\n") == rule_section(rs, rs.get("GK-C-006")).rstrip("\n")


def test_folded_yaml_leaves_no_space_between_chinese_characters():
    assert cjk_text("期限延长至第40个工作日。\n期限届满后才告知的") == "期限延长至第40个工作日。期限届满后才告知的"
    assert cjk_text("另按 GK-D-001 判断") == "另按 GK-D-001 判断"
    assert cjk_text("自 {counted_from} 起算") == "自 {counted_from} 起算"
