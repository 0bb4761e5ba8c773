"""Hostile and careless input: one bad case costs one row, nothing outside the batch is read or written,
nothing is lost, and every message is Chinese without a traceback (issue: reliability and security).

Every trigger is tried twice: inside a batch next to two good cases (the audit must list the trigger as
unusable with its file and still count both good cases; exit 2) and, where it is a case file, alone
(`check FILE`: exit 2 and one Chinese line naming the file). The inputs are made by tests/hostile/inputs.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from clirun import gkrules as gkrules_in_process
from hostile import inputs as h

from gkrules.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *args: str) -> tuple[int, str, str]:
    """``gkrules ARGS`` in this process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def gkrules(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """``gkrules ARGS`` in a child process, for what must not be tried in this one (pipes, signals)."""
    return subprocess.run(
        [sys.executable, "-m", "gkrules", *map(str, args)],
        check=False,
        capture_output=True,
        timeout=kwargs.pop("timeout", 60),
        **kwargs,
    )


_ENGLISH = re.compile(r"[A-Za-z]{4,}")
_ALLOWED = {
    "YAML",
    "JSON",
    "JSONL",
    "docx",
    "yaml",
    "jsonl",
    "libreoffice",
    "headless",
    "convert",
    "gkrules",
    "audit",
    "force",
    "letters",
    "show",
    "names",
    "check",
    "profile",
    "HYPERLINK",
    "Word",
    "UTF",
    "calendar",
    "chinesecalendar",
    "README",
    "YYYY",
}


def assert_chinese(text: str, *paths: Path) -> None:
    """No traceback and no English words (file names and option names aside)."""
    assert "Traceback" not in text
    for path in paths:
        text = text.replace(str(path), "")
    text = re.sub(r"字段 [\w.\[\]]+", "", text)  # field names are the case-file contract
    text = re.sub(r"[\w./\[\]-]+\.(?:docx|txt|yml|xml|jsonl)\b", "", text)  # file and entry names
    words = set(_ENGLISH.findall(text)) - _ALLOWED
    assert not words, (words, text)


def batch_with(tmp_path: Path, make) -> tuple[Path, Path]:
    """A batch directory with two good cases and the trigger ``make(directory)`` makes."""
    batch = tmp_path / "batch"
    h.write(batch / "a-good.yml", h.good_yaml("GOOD-1"))
    h.write(batch / "z-good.yml", h.good_yaml("GOOD-2"))
    trigger = make(batch)
    return batch, trigger


def audit_json(capsys, *args) -> tuple[int, dict, str]:
    code, out, err = run(capsys, "audit", *args, "--format", "json")
    return code, json.loads(out), err


def only_invalid_row(data: dict) -> dict:
    rows = [r for r in data["rows"] if r["kind"] == "invalid"]
    assert len(rows) == 1, rows
    return rows[0]


# --------------------------------------------------------------------------------- §A: one case, one row

YAML_TRIGGERS = {
    # name: (maker, what the message must say)
    "year-10000": (h.year_10000, "超出可处理的范围"),
    "huge-int": (h.huge_int_yaml, "数字过长"),
    "deep": (h.deep_yaml, "嵌套层数过多"),
    "laughs": (h.billion_laughs, "别名"),
    "alias": (h.alias_case, "别名"),
    "many-items": (lambda d: h.many_items_yaml(d, 1001), "事项过多（1001 项，每件案件至多 1000 项）"),
}


@pytest.mark.parametrize("name", sorted(YAML_TRIGGERS))
def test_yaml_trigger_in_a_batch_costs_one_row(tmp_path, capsys, name):
    make, says = YAML_TRIGGERS[name]
    batch, trigger = batch_with(tmp_path, make)
    code, data, err = audit_json(capsys, batch)
    assert code == 2
    assert data["summary"]["cases"] == 2 and data["summary"]["agree"] == 2
    row = only_invalid_row(data)
    assert row["file"] == str(trigger) and row["line"]
    assert says in row["message"]
    assert_chinese(row["message"] + err, trigger, batch)


@pytest.mark.parametrize("name", sorted(YAML_TRIGGERS))
def test_yaml_trigger_alone_is_exit_2_in_chinese(tmp_path, capsys, name):
    make, says = YAML_TRIGGERS[name]
    trigger = make(tmp_path)
    code, out, err = run(capsys, "check", trigger)
    assert code == 2 and out.strip() == ""
    assert err.startswith(f"错误：{trigger}:") and says in err
    assert_chinese(err, trigger)


def test_the_item_limit_itself_is_accepted(tmp_path, capsys):
    trigger = h.many_items_yaml(tmp_path, 1000)
    code, out, err = run(capsys, "classify", trigger, "--format", "json")
    assert code == 0, err
    # even items are not held, odd ones are plainly open: a mixed case is partially disclosed (第三十七条)
    assert json.loads(out)["category"] == "partial"


JSONL_TRIGGERS = {
    "huge-int": (h.huge_int_jsonl_line(), "数字过长"),
    "deep-json": ('{"id": ' + "[" * 5000 + "]" * 5000 + "}", "嵌套层数过多"),
    "many-items": (json.dumps(h.many_items_data(10_000), ensure_ascii=False), "事项过多"),
    "year-10000": (json.dumps(h.good_data("Y", received="9999-12-31")), "超出可处理的范围"),
    "gbk-line": (json.dumps(h.good_data("G"), ensure_ascii=False).encode("gbk"), "不是 UTF-8"),
}


@pytest.mark.parametrize("name", sorted(JSONL_TRIGGERS))
def test_jsonl_trigger_costs_its_line(tmp_path, capsys, name):
    line, says = JSONL_TRIGGERS[name]
    good = [json.dumps(h.good_data(f"J{i}"), ensure_ascii=False).encode() for i in (1, 2)]
    bad = line if isinstance(line, bytes) else line.encode()
    path = h.write(tmp_path / "batch.jsonl", b"\n".join([good[0], bad, good[1]]) + b"\n")
    code, data, _err = audit_json(capsys, path)
    assert code == 2
    assert data["summary"]["cases"] == 2
    row = only_invalid_row(data)
    assert (row["file"], row["line"]) == (str(path), 2)
    assert says in row["message"]
    assert_chinese(row["message"], path)


LETTER_TRIGGERS = {
    "nested-sdt": (lambda d: h.docx_nested(d, 5000, "w:sdt"), "嵌套层数过多"),
    "nested-r": (lambda d: h.docx_nested(d, 5000, "w:r"), "嵌套层数过多"),
    "encrypted": (h.docx_encrypted_flag, "已加密"),
    "underdeclared": (h.docx_underdeclared, "已损坏"),
    "fifo-letter": (lambda d: h.fifo(d, "letter.txt"), "不是普通文件"),
}


@pytest.mark.parametrize("name", sorted(LETTER_TRIGGERS))
def test_letter_trigger_costs_its_case(tmp_path, capsys, name):
    make, says = LETTER_TRIGGERS[name]
    batch, case = batch_with(tmp_path, lambda d: h.case_with_letter(d, make(d).name))
    code, data, err = audit_json(capsys, batch)
    assert code == 2
    assert data["summary"]["cases"] == 2
    row = only_invalid_row(data)
    assert row["file"] == str(case) and row["id"] == "LET"
    assert says in row["message"]
    assert_chinese(row["message"], batch)
    code, _out, err = run(capsys, "check", case)
    assert code == 2 and says in err
    assert_chinese(err, batch)


def test_fifo_named_yml_is_refused_without_waiting(tmp_path):
    batch, fifo = batch_with(tmp_path, h.fifo)
    proc = gkrules("audit", batch, "--format", "json", timeout=30)  # used to wait forever for a writer
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert data["summary"]["cases"] == 2
    assert only_invalid_row(data)["file"] == str(fifo)
    proc = gkrules("check", fifo, timeout=30)
    assert proc.returncode == 2 and "不是普通文件" in proc.stderr.decode()


def test_unreadable_letter_and_directory_are_listed(tmp_path, capsys, monkeypatch):
    batch, case = batch_with(tmp_path, lambda d: h.case_with_letter(d, "letter.txt"))
    letter = h.write(batch / "letter.txt", h.LETTER)
    locked = batch / "locked"
    h.write(locked / "hidden-case.yml", h.good_yaml("LOCKED"))
    if os.geteuid() == 0:  # root reads everything: the system refuses as it would refuse another user
        import errno

        from gkrules import batch_input, regular_files

        real_scandir, real_open = os.scandir, os.open

        def scandir(path):
            if Path(path) == locked:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_scandir(path)

        def os_open(path, *args, **kwargs):
            if Path(path) == letter:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(batch_input.os, "scandir", scandir)
        monkeypatch.setattr(regular_files.os, "open", os_open)
    else:
        letter.chmod(0o000)
        locked.chmod(0o000)
    try:
        code, data, _err = audit_json(capsys, batch)
    finally:
        locked.chmod(0o755)
        letter.chmod(0o644)
    assert code == 2
    assert data["summary"]["cases"] == 2
    rows = {r["file"]: r["message"] for r in data["rows"] if r["kind"] == "invalid"}
    assert set(rows) == {str(case), str(locked)}
    assert "没有读取权限" in rows[str(case)] and "没有读取权限" in rows[str(locked)]


def test_engine_fires_thousands_of_fact_sets_without_background_threads(ruleset):
    """The crash (segfault, error 307) came from durable-rules' timer threads running actions while
    assert_facts ran; the evaluator's host starts none, and the answers match the plain evaluator."""
    import datetime as dt

    from gkrules.engine import DurableEvaluator
    from gkrules.reference import ReferenceEvaluator

    names = list(ruleset.facts["item"])
    fact_sets = [{n: bool((i >> k) & 1) for k, n in enumerate(names[:12])} for i in range(4096)]
    day = dt.date(2024, 6, 1)
    durable = DurableEvaluator(ruleset).fire("item", fact_sets, day)
    assert not [t for t in threading.enumerate() if isinstance(t, threading.Timer)]
    assert durable == ReferenceEvaluator(ruleset).fire("item", fact_sets, day)


# ----------------------------------------------------------------------------- §B: nothing left out or lost


def test_symlinked_directories_are_followed_once(tmp_path, capsys):
    batch = tmp_path / "batch"
    h.write(batch / "a.yml", h.good_yaml("A"))
    h.write(tmp_path / "elsewhere" / "b.yml", h.good_yaml("B"))
    (batch / "linked").symlink_to(tmp_path / "elsewhere")
    (batch / "linked-again").symlink_to(tmp_path / "elsewhere")
    (batch / "loop").symlink_to(batch)
    (batch / "broken.yml").symlink_to(tmp_path / "missing.yml")
    code, data, _err = audit_json(capsys, batch)
    assert data["summary"]["cases"] == 2  # A, and B once
    row = only_invalid_row(data)
    assert row["file"] == str(batch / "broken.yml") and "不存在" in row["message"]
    assert code == 2
    assert any("loop" in s for s in data["summary"]["skipped"])


def test_output_equal_to_an_input_is_refused_even_with_force(tmp_path, capsys):
    source = h.write(tmp_path / "in.jsonl", json.dumps(h.good_data("J1"), ensure_ascii=False) + "\n")
    before = source.read_bytes()
    hard = tmp_path / "hard.jsonl"
    os.link(source, hard)
    for output in (source, hard, tmp_path / "." / "in.jsonl"):
        code, _out, err = run(capsys, "audit", source, "-o", output, "--force")
        assert code == 2 and "输出文件与输入文件相同" in err
    assert source.read_bytes() == before


def test_output_location_is_checked_before_the_work(tmp_path, capsys, monkeypatch):
    import gkrules.audit as aud

    def no_work(*args, **kwargs):
        raise AssertionError("the audit ran although its output cannot be written")

    monkeypatch.setattr(aud, "run", no_work)
    case = h.write(tmp_path / "a.yml", h.good_yaml("A"))
    code, _, err = run(capsys, "audit", case, "-o", tmp_path / "missing" / "out.csv")
    assert code == 2 and "所在的目录不存在" in err
    existing = h.write(tmp_path / "out.csv", "keep")
    code, _out, err = run(capsys, "audit", case, "-o", existing)
    assert code == 2 and "--force" in err and existing.read_text() == "keep"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_is_one_chinese_line(tmp_path, capsys):
    case = h.write(tmp_path / "a.yml", h.good_yaml("A"))
    code, _out, err = run(capsys, "audit", case, "-o", "/dev/full", "--force")
    assert code == 2
    assert err.strip().splitlines()[-1] == "错误：/dev/full: 无法写入输出文件：磁盘空间不足"
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "gkrules", "gen", "--count", "2000"],
            check=False,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    assert proc.returncode == 2 and proc.stderr.decode().strip() == "错误：无法写出结果：磁盘空间不足"


def test_closed_pipe_is_no_failure():
    proc = subprocess.run(
        f"'{sys.executable}' -m gkrules gen --count 20000 | head -c 100 >/dev/null; echo ${{PIPESTATUS[0]}}",
        check=False,
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        timeout=60,
    )
    assert proc.stdout.decode().strip() == "0"
    assert proc.stderr == b""


def _child_processes(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def _wait_for_workers(proc: subprocess.Popen, count: int) -> None:
    """Until the audit has its worker processes and they have had a moment to take work (Linux), else 3 s."""
    if not Path(f"/proc/{proc.pid}").exists():
        time.sleep(3)
        return
    deadline = time.monotonic() + 60
    while len(_child_processes(proc.pid)) < count and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)


def test_ctrl_c_with_two_workers_stops_cleanly_and_keeps_the_output(tmp_path):
    batch = tmp_path / "big.jsonl"
    assert gkrules_in_process("gen", "--count", "5000", "-o", batch).returncode == 0
    output = h.write(tmp_path / "out.csv", "earlier result\n")
    # the batch 48 times over (repeated ids are rows too): long enough to be still running on a fast machine
    proc = subprocess.Popen(
        [sys.executable, "-m", "gkrules", "audit", *[batch] * 48, "--jobs", "2", "--format", "csv"]
        + ["-o", output, "--force"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    _wait_for_workers(proc, 2)
    assert proc.poll() is None, "the audit ended before it could be interrupted"
    assert len(_child_processes(proc.pid)) >= 2 or not Path(f"/proc/{proc.pid}").exists()
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: to the whole process group
    start = time.monotonic()
    try:
        _out, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("the audit hung after Ctrl-C")
    assert time.monotonic() - start < 5  # under a second on an idle machine; CI shares its cores
    assert proc.returncode == 130
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
    assert "已中断" in err.decode()
    assert output.read_text() == "earlier result\n"
    assert [p.name for p in tmp_path.iterdir()] and not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_ctrl_c_while_the_workers_are_being_started_stops_cleanly(tmp_path):
    # a Ctrl-C in the moment the workers are forked (here: as soon as the first exists, then a few
    # milliseconds later) neither hangs the audit nor prints a worker's traceback
    batch = tmp_path / "batch.jsonl"
    assert gkrules_in_process("gen", "--count", "2000", "-o", batch).returncode == 0
    for delay in (0.0, 0.002, 0.004, 0.006, 0.008):
        proc = subprocess.Popen(
            [sys.executable, "-m", "gkrules", "audit", batch, batch, "--jobs", "2", "--format", "csv"]
            + ["-o", tmp_path / "out.csv", "--force"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while not _child_processes(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGINT)
        try:
            _out, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"the audit hung after a Ctrl-C {delay * 1000:.0f} ms after its first worker started")
        assert b"Traceback" not in err and b"KeyboardInterrupt" not in err, err.decode()
        if proc.returncode == 130:
            continue
        # finished before the signal (a very fast machine), or, rarely, a Ctrl-C in the instant the
        # workers are forked is not acted on: the audit then runs to its end and writes its whole output
        assert proc.returncode in (0, 1, 2), err.decode()
        assert "审查案件 2000 件".encode() in err and (tmp_path / "out.csv").stat().st_size > 0, err.decode()


def test_gbk_that_is_valid_utf8_is_read_as_gbk():
    from gkrules.letter.read import decode_text

    data = "楼".encode("gbk")
    assert data == b"\xc2\xa5" and data.decode("utf-8") == "¥"  # the trap
    text, encoding, warnings = decode_text(data, "x.txt")
    assert (text, encoding) == ("楼", "gb18030")
    assert warnings and "GBK" in warnings[0]


def test_every_short_text_is_read_back_exactly_in_either_encoding():
    """Exhaustive over one- and two-character texts of a letter's alphabet (deterministic)."""
    import itertools

    from gkrules.letter.read import decode_text

    alphabet = "福州市鼓楼区审计局答复书〔〕［］[]（）()【】第号年月日，。：0123456789０１２３ 　\n"
    wrong = []
    for n in (1, 2):
        for chars in itertools.product(alphabet, repeat=n):
            text = "".join(chars)
            for encoding in ("utf-8", "gbk"):
                if decode_text(text.encode(encoding), "x")[0] != text:
                    wrong.append((text, encoding))
    assert not wrong


def test_both_readings_plausible_warns():
    from gkrules.letter.read import decode_text

    # bytes that read as Chinese both ways: UTF-8 "政府" and, in GBK, other Chinese characters
    data = "申请".encode()
    both = data.decode("gb18030")
    assert both != "申请"
    text, encoding, warnings = decode_text(data, "x.txt")
    assert text == "申请" and encoding == "utf-8"
    from gkrules.letter.read import chinese_plausibility

    if chinese_plausibility(both) >= 0.5:
        assert warnings and "都能读取" in warnings[0]
    else:
        assert warnings == []


def test_identical_paragraphs_are_a_letter_not_a_bomb(tmp_path):
    from gkrules.letter.read import read_letter

    path = h.docx_identical_paragraphs(tmp_path, 100_000)
    letter = read_letter(path)
    assert letter.lines[0] == h.LETTER.splitlines()[0]
    assert len(letter.lines) == len(h.LETTER.splitlines()) + 100_000


# ------------------------------------------------------------------------ §C: nothing read or shown wrongly


@pytest.mark.parametrize("where", ["../secret.txt", "absolute", "link-out.txt"])
def test_letter_outside_the_batch_is_not_read(tmp_path, capsys, where):
    secret = h.write(tmp_path / "secret.txt", "机密第一行\n")
    batch = tmp_path / "batch"
    if where == "absolute":
        where = str(secret)
    elif where == "link-out.txt":
        batch.mkdir()
        (batch / "link-out.txt").symlink_to(secret)
    batch, case = batch_with(tmp_path, lambda d: h.case_with_letter(d, where))
    code, out, err = run(capsys, "audit", batch, "--format", "json")
    data = json.loads(out)
    assert code == 2 and data["summary"]["cases"] == 2
    row = only_invalid_row(data)
    assert row["file"] == str(case) and "不在审查的目录" in row["message"]
    assert "机密" not in out + err
    # named explicitly with --letters, the directory is allowed
    code, out, err = run(capsys, "audit", batch, "--letters", tmp_path, "--format", "json")
    assert json.loads(out)["summary"]["invalid"] == 0


def test_check_of_one_named_case_follows_its_relative_letter(tmp_path, capsys):
    h.write(tmp_path / "letters" / "reply.txt", h.LETTER)
    case = h.case_with_letter(tmp_path / "cases", "../letters/reply.txt")
    _code, out, _err = run(capsys, "check", case, "--format", "json")
    assert json.loads(out)["letter"].endswith("reply.txt")


def _salutation_batch(tmp_path: Path) -> Path:
    batch = tmp_path / "batch"
    h.write(batch / "reply.txt", h.LETTER.replace("张某：", "李某某："))
    h.case_with_letter(batch, "reply.txt")
    return batch


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_names_are_masked_in_messages(tmp_path, capsys, fmt):
    batch = _salutation_batch(tmp_path)
    code, out, err = run(capsys, "audit", batch, "--format", fmt)
    assert code == 1 and "GK-L-012" in out  # the salutation finding is there …
    assert "张某" not in out + err and "李某某" not in out + err  # … with both names masked
    assert "张*" in out and "李**" in out
    _code, out, err = run(capsys, "audit", batch, "--format", fmt, "--show-names")
    assert "张某" in out and "李某某" in out


def test_csv_cells_are_not_formulas(tmp_path, capsys):
    batch = tmp_path / "batch"
    h.write(
        batch / "f.yml",
        h.good_yaml('"=HYPERLINK(""http://x"",""y"")"', category="cannot_provide/not_held").replace(
            'id: "=HYPERLINK(""http://x"",""y"")"', 'id: \'=HYPERLINK("http://x","y")\''
        ),
    )
    _code, out, _err = run(capsys, "audit", batch, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    ids = [r[3] for r in rows[1:]]
    assert ids == ['\'=HYPERLINK("http://x","y")']


def test_terminal_controls_are_stripped_from_text_output(tmp_path, capsys):
    data = h.good_data("ID\x1b[2J\x1b]0;owned\x07-1")
    data["decision"]["category"] = "cannot_provide/not_held"
    path = h.write(tmp_path / "c.jsonl", json.dumps(data) + "\n")
    _code, out, err = run(capsys, "audit", path)
    assert "ID" in out and "\x1b" not in out + err and "\x07" not in out + err


@pytest.mark.parametrize("kind", ["profile", "calendar"])
def test_aliases_refused_in_profiles_and_calendars(tmp_path, capsys, kind):
    case = h.write(tmp_path / "a.yml", h.good_yaml("A"))
    if kind == "profile":
        profile = h.write(tmp_path / "p.yml", "name: &n 测试\nagency: *n\n")
        code, _, err = run(capsys, "check", case, "--profile", profile)
    else:
        cal = tmp_path / "cal"
        h.write(cal / "2030.yml", "year: 2030\nnotice: &n 国办发明电〔2029〕1号\nholidays: [*n]\n")
        code, _out, err = run(capsys, "deadline", "--received", "2030-03-01", "--calendar", cal)
    assert code == 2 and "不允许使用 YAML 别名" in err


def test_edited_rules_cache_is_not_believed(tmp_path, monkeypatch):
    from gkrules import rulebook

    monkeypatch.setenv("GKRULES_CACHE", str(tmp_path))
    first = rulebook.load_ruleset(ROOT / "rules")
    assert first.get("GK-C-003").category == "refused/state_secret"
    (entry,) = tmp_path.glob("rules-*.json")
    head, _, body = entry.read_text(encoding="utf-8").partition("\n")
    data = json.loads(body)
    for r in data["rules"]:
        if r["rule"]["code"] == "GK-C-003":
            r["rule"]["category"] = "open"
    entry.write_text(head + "\n" + json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = rulebook.load_ruleset(ROOT / "rules")
    assert again.get("GK-C-003").category == "refused/state_secret"
    assert again.digest == first.digest


def test_rules_cache_deletes_only_its_own_files(tmp_path, monkeypatch):
    from gkrules import rulebook

    monkeypatch.setenv("GKRULES_CACHE", str(tmp_path))
    mine = [h.write(tmp_path / f"rules-{i}.json", "{}") for i in range(20)]
    lookalike = h.write(tmp_path / ("rules-" + "a" * 32 + "-" + "b" * 12 + ".json"), '{"mine": true}')
    monkeypatch.setattr(rulebook, "CACHE_ENTRIES", 0)  # prune everything it may
    rulebook.load_ruleset(ROOT / "rules")
    assert all(p.exists() for p in mine) and lookalike.exists()


# ----------------------------------------------------------------------------------- §D: plain messages


def test_classify_of_jsonl_points_to_audit(tmp_path, capsys):
    path = h.write(tmp_path / "b.jsonl", "{}\n")
    code, _out, err = run(capsys, "classify", path)
    assert code == 2 and f"gkrules audit {path}" in err
    assert "或批量审查用的 .jsonl" not in err


def test_option_names_and_click_errors_in_chinese(tmp_path, capsys):
    code, _out, err = run(capsys, "audit", tmp_path, "-o", tmp_path)
    assert code == 2 and "参数 -o/--output 的值无效" in err
    from gkrules.cli import chinese_usage_message

    assert chinese_usage_message("File '/x/a.yml' is not readable.") == "/x/a.yml 没有读取权限"
    assert "没有权限" in chinese_usage_message("Could not open file '/x': Permission denied")


def test_case_error_names_its_file(tmp_path, capsys):
    case = h.write(tmp_path / "early.yml", h.good_yaml("E", received="2019-01-01", reply="2019-01-20"))
    code, _out, err = run(capsys, "check", case)
    assert code == 2 and err.startswith(f"错误：{case}:") and "<输入>" not in err


def test_os_errors_in_chinese():
    import errno

    from gkrules.errors import os_error_text

    for number in (errno.ENOENT, errno.EACCES, errno.ELOOP, errno.ENOSPC, errno.EPIPE, errno.ENAMETOOLONG):
        assert_chinese(os_error_text(OSError(number, os.strerror(number))))


def test_deadline_past_year_9999_is_a_message(capsys):
    code, _out, err = run(capsys, "deadline", "--received", "9999-12-31")
    assert code == 2 and "9999" in err
    assert_chinese(err)


def test_report_reads_linked_directories_and_names_what_it_could_not_read(tmp_path, capsys):
    batch = tmp_path / "batch"
    h.write(batch / "a.yml", h.good_yaml("A"))
    h.write(tmp_path / "elsewhere" / "b.yml", h.good_yaml("B"))
    (batch / "linked").symlink_to(tmp_path / "elsewhere")
    (batch / "broken.yml").symlink_to(tmp_path / "missing.yml")
    code, out, err = run(capsys, "report", "--year", "2020", batch, "--format", "json")
    assert code == 2 and f"{batch / 'broken.yml'}: 符号链接指向的文件不存在" in err
    new = next(r for r in json.loads(out)["rows"] if r["key"] == "new")
    assert new["values"]["总计"] == 2  # a.yml and the linked b.yml, both received in 2020
    source = h.write(tmp_path / "in.jsonl", json.dumps(h.good_data("J1"), ensure_ascii=False) + "\n")
    before = source.read_bytes()
    code, _, err = run(capsys, "report", "--year", "2020", source, "-o", source, "--force")
    assert code == 2 and "输出文件与输入文件相同" in err and source.read_bytes() == before


def test_type_names_in_messages_are_chinese(tmp_path, capsys):
    case = h.write(tmp_path / "t.yml", h.good_yaml("T") + "procedure:\n  extension_notified: 3.5\n")
    code, _, err = run(capsys, "check", case)
    assert code == 2 and "字段 procedure.extension_notified: 应为日期 YYYY-MM-DD，实为 小数 3.5" in err
    assert_chinese(err, case)


def test_terminal_controls_are_stripped_from_tables(tmp_path, capsys):
    data = h.good_data("C\x1b[2J-1")
    case = h.write(tmp_path / "c.yml", json.dumps(data))  # JSON is YAML
    code, out, _ = run(capsys, "classify", case)
    assert code == 0 and "C\ufffd-1" in out and "\x1b" not in out


def test_a_line_longer_than_any_case_is_skipped_not_held(tmp_path, capsys):
    from gkrules import batch_input

    good = [json.dumps(h.good_data(f"J{i}"), ensure_ascii=False).encode() for i in (1, 2)]
    long_line = b'{"id": "' + b"x" * (batch_input.MAX_LINE_BYTES + 10) + b'"}'
    path = h.write(tmp_path / "long.jsonl", b"\n".join([good[0], long_line, good[1]]) + b"\n")
    code, data, _ = audit_json(capsys, path)
    assert code == 2 and data["summary"]["cases"] == 2
    row = only_invalid_row(data)
    assert (row["line"], row["file"]) == (2, str(path)) and "这一行过长" in row["message"]


def test_nothing_but_the_output_is_written(tmp_path, capsys):
    batch = _salutation_batch(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    output = tmp_path / "out.csv"
    code, _, _ = run(capsys, "audit", batch, "--format", "csv", "-o", output)
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert code == 1 and after == sorted([*before, Path("out.csv")])


def test_rules_lint_reads_the_rule_files_not_the_cache(monkeypatch, capsys):
    from gkrules import rulebook

    def refuse(*args, **kwargs):
        raise AssertionError("rules lint read the cache")

    monkeypatch.setattr(rulebook, "_read_cache", refuse)
    code, out, err = run(capsys, "rules", "lint")
    assert code == 0, out + err


def test_terminal_controls_in_a_letter_do_not_reach_check_output(tmp_path, capsys):
    h.write(tmp_path / "reply.txt", h.LETTER.replace("张某：", "李\x1b[2J某\x1b]0;owned\x07："))
    case = h.case_with_letter(tmp_path, "reply.txt")
    code, out, err = run(capsys, "check", case)
    assert code == 1 and "李\ufffd某" in out  # the salutation finding quotes the line, controls replaced
    assert "\x1b" not in out + err and "\x07" not in out + err
