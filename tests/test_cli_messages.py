"""What a user sees when something is wrong: Chinese, located, exit 2, no traceback."""

from __future__ import annotations

import pytest
from clirun import gkrules

from gkrules.cli import chinese_usage_message


def _run(*args, cwd=None):
    return gkrules(*args, cwd=cwd)


@pytest.mark.parametrize(
    "args,expected",
    [
        (["classify", "--forma", "json", "x.yml"], "没有选项 --forma（是否应为 --format？）"),
        (["rules", "list", "--on", "2024-02-30"], "不符合日期格式 YYYY-MM-DD"),
        (["classify"], "缺少参数 CASES..."),
        (["nosuch"], "没有命令 nosuch"),
    ],
)
def test_usage_errors_are_in_chinese(args, expected):
    proc = _run(*args)
    assert proc.returncode == 2
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr and "Error:" not in proc.stderr


def test_a_directory_given_as_a_case(tmp_path):
    proc = _run("classify", str(tmp_path))
    assert proc.returncode == 2 and f"{tmp_path} 是目录，应为文件" in proc.stderr


def test_case_before_2019_names_file_and_field(tmp_path):
    case = tmp_path / "old.yml"
    case.write_text(
        "id: X\nagency: 某局\nreceived: 2019-05-01\napplicant: {name: 张某, type: natural_person}\n"
        "request: r\nitems: [{text: a}]\n",
        encoding="utf-8",
    )
    for command in ("classify", "explain"):
        proc = _run(command, str(case))
        assert proc.returncode == 2
        assert f"{case}: 字段 received:" in proc.stderr and "2019-05-15" in proc.stderr


def test_empty_rules_directory_says_so(tmp_path):
    proc = _run("--rules", str(tmp_path), "rules", "list")
    assert proc.returncode == 2 and "没有规则文件" in proc.stderr


def test_rule_codes_are_found_whatever_the_case():
    proc = _run("rules", "show", "gk-c-006")
    assert proc.returncode == 0 and proc.stdout.startswith("### GK-C-006")
    proc = _run("rules", "show", "GK-X-999")
    assert proc.returncode == 2 and "没有编号为 GK-X-999 的规则" in proc.stderr


def test_yaml_syntax_error_is_explained_in_chinese(tmp_path):
    case = tmp_path / "tab.yml"
    case.write_text("id: X\n\tagency: 某局\n", encoding="utf-8")
    proc = _run("classify", str(case))
    assert proc.returncode == 2 and "制表符" in proc.stderr and f"{case}:2" in proc.stderr


def test_jsonl_too_deeply_nested_is_a_located_error():
    from gkrules.caseio import iter_jsonl

    line = '{"id": "Z", "a": ' + "[" * 5000 + "]" * 5000 + "}"
    ((number, error),) = list(iter_jsonl(iter([line]), "deep.jsonl"))
    assert number == 1 and error.line == 1 and "嵌套" in error.message


def test_unknown_click_messages_pass_through_unchanged():
    assert chinese_usage_message("something new") == "something new"
