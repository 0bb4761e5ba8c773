"""Output files written whole or not at all (``gkrules.atomic_write``), also on a file system without hard
links: there ``os.link`` fails with an error other than ``FileExistsError`` (EPERM on FAT and some network
file systems) and the finished file is renamed into place instead, still never over an existing file
without ``--force``."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from gkrules import atomic_write
from gkrules.cli import cli
from gkrules.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "tests" / "letters" / "d-docx-docno-square-brackets.docx"


@pytest.fixture
def no_hard_links(monkeypatch):
    """``os.link`` fails as on a file system without hard links; the calls are counted."""
    calls = []

    def refuse(src, dst, *args, **kwargs):
        calls.append((src, dst))
        raise OSError(errno.EPERM, os.strerror(errno.EPERM), str(dst))

    monkeypatch.setattr(os, "link", refuse)
    return calls


def _leftovers(directory: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name not in keep)


@pytest.mark.parametrize("binary", [False, True])
def test_file_appears_whole_without_hard_links(tmp_path, no_hard_links, binary):
    out = tmp_path / "结果.txt"
    data = "第一行\n第二行\n"
    with atomic_write.atomic_file(out, False, binary=binary) as handle:
        handle.write(data.encode("utf-8") if binary else data)
    assert no_hard_links, "the hard link was tried first"
    assert out.read_text(encoding="utf-8") == data
    assert _leftovers(tmp_path, {"结果.txt"}) == []
    assert out.stat().st_mode & 0o777 == 0o644 & ~_umask()


def test_existing_file_is_kept_without_force_and_replaced_with_it(tmp_path, no_hard_links):
    out = tmp_path / "结果.txt"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(InputError, match="--force"):
        with atomic_write.atomic_file(out, False) as handle:
            handle.write("new")
    assert out.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path, {"结果.txt"}) == []
    with atomic_write.atomic_file(out, True) as handle:
        handle.write("new")
    assert out.read_text(encoding="utf-8") == "new"


def test_failure_while_writing_leaves_nothing(tmp_path):
    out = tmp_path / "结果.txt"
    with pytest.raises(RuntimeError):
        with atomic_write.atomic_file(out, False) as handle:
            handle.write("half")
            raise RuntimeError("interrupted")
    assert _leftovers(tmp_path, set()) == []


def test_annotate_without_hard_links(tmp_path, no_hard_links):
    import docx

    out = tmp_path / "审查.docx"
    result = CliRunner().invoke(cli, ["check", str(LETTER), "--annotate", str(out)])
    assert result.exit_code == 1, result.output
    assert no_hard_links and len(list(docx.Document(str(out)).comments)) >= 1
    assert _leftovers(tmp_path, {"审查.docx"}) == []
    out.write_bytes(b"old")
    again = CliRunner().invoke(cli, ["check", str(LETTER), "--annotate", str(out)])
    assert again.exit_code != 0 and "--force" in str(again.exception) and out.read_bytes() == b"old"


def test_xlsx_output_without_hard_links(tmp_path, no_hard_links):
    from openpyxl import load_workbook

    out = tmp_path / "审查结果.xlsx"
    result = CliRunner().invoke(cli, ["audit", str(ROOT / "cases" / "letters"), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    assert no_hard_links
    assert load_workbook(out).sheetnames == ["摘要", "需复核的案件"]
    assert _leftovers(tmp_path, {"审查结果.xlsx"}) == []


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
