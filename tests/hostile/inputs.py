"""Hostile inputs for the reliability tests and for bench/hostile.py: each maker writes one input into a
directory and returns its path. Plain standard library, so the benchmark can use it without pytest."""

from __future__ import annotations

import json
import os
import struct
import zipfile
from pathlib import Path

GOOD = """id: {id}
agency: 福州市鼓楼区审计局
received: {received}
channel: online
applicant:
  name: {name}
  type: natural_person
request: 申请公开2019年度区本级预算执行审计报告
items:
  - text: 2019年度区本级预算执行审计报告
decision:
  category: {category}
  reply_date: {reply}
"""


def good_yaml(
    case_id: str = "OK-1",
    *,
    received: str = "2020-05-06",
    reply: str = "2020-05-28",
    name: str = "张某",
    category: str = "open",
) -> str:
    return GOOD.format(id=case_id, received=received, reply=reply, name=name, category=category)


def good_data(case_id: str = "OK-1", name: str = "张某", **extra) -> dict:
    data = {
        "id": case_id,
        "agency": "福州市鼓楼区审计局",
        "received": "2020-05-06",
        "applicant": {"name": name, "type": "natural_person"},
        "request": "申请公开2019年度区本级预算执行审计报告",
        "items": [{"text": "2019年度区本级预算执行审计报告"}],
        "decision": {"category": "open", "reply_date": "2020-05-28"},
    }
    data.update(extra)
    return data


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------ §A triggers


def year_10000(d: Path) -> Path:
    return write(d / "year-10000.yml", good_yaml("Y10K", received="9999-12-31", reply="9999-12-31"))


def huge_int_yaml(d: Path, digits: int = 5000) -> Path:
    return write(d / "huge-int.yml", good_yaml("HUGE").replace("id: HUGE", "id: " + "9" * digits))


def huge_int_jsonl_line(digits: int = 5000) -> str:
    return json.dumps(good_data("HUGE-J"), ensure_ascii=False).replace('"HUGE-J"', "9" * digits)


def deep_yaml(d: Path, depth: int = 400) -> Path:
    return write(d / "deep.yml", good_yaml("DEEP") + "procedure: " + "[" * depth + "]" * depth + "\n")


def many_items_data(n: int, case_id: str = "MANY") -> dict:
    data = good_data(case_id)
    data["items"] = [{"text": f"事项{i}", "facts": {"not_held": i % 2 == 0}} for i in range(n)]
    data["decision"] = {"category": "partial", "reply_date": "2020-05-28"}
    return data


def many_items_yaml(d: Path, n: int, name: str = "many-items.yml") -> Path:
    return write(d / name, json.dumps(many_items_data(n), ensure_ascii=False))  # JSON is YAML


def fifo(d: Path, name: str = "fifo.yml") -> Path:
    path = d / name
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def billion_laughs(d: Path, levels: int = 9) -> Path:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return write(d / "laughs.yml", good_yaml("LAUGH") + "x:\n" + "".join(f"  {ln}\n" for ln in lines))


def alias_case(d: Path) -> Path:
    text = good_yaml("ALIAS").replace("agency: 福州市鼓楼区审计局", "agency: &a 福州市鼓楼区审计局")
    return write(d / "alias.yml", text + "request2: *a\n")


# ----------------------------------------------------------------------------------------------- letters

LETTER = """福州市鼓楼区审计局政府信息公开申请答复书
鼓审公开〔2020〕3号
张某：
    本机关于2020年5月6日收到您提交的政府信息公开申请，您申请公开“2019年度区本级预算执行审计报告”。
    经审查，您申请的信息属于公开范围，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，予以公开。
福州市鼓楼区审计局
2020年5月28日
"""


def case_with_letter(d: Path, letter: str, case_id: str = "LET", name: str = "case-letter.yml") -> Path:
    return write(d / name, good_yaml(case_id) + f"  letter: {json.dumps(letter, ensure_ascii=False)}\n")


def _docx_parts(body_xml: str) -> dict[str, bytes]:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body_xml}</w:body></w:document>'
        ).encode(),
    }


def docx(path: Path, body_xml: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _docx_parts(body_xml).items():
            zf.writestr(name, data)
    return path


def paragraphs(lines: list[str]) -> str:
    return "".join(f"<w:p><w:r><w:t>{ln}</w:t></w:r></w:p>" for ln in lines)


def docx_nested(d: Path, depth: int = 5000, tag: str = "w:sdt") -> Path:
    inner = "<w:t>张某：</w:t>"
    wrapped = f"<{tag}>" * depth + inner + f"</{tag}>" * depth
    return docx(d / f"nested-{tag.split(':')[1]}.docx", paragraphs(LETTER.splitlines()) + f"<w:p>{wrapped}</w:p>")


def docx_encrypted_flag(d: Path) -> Path:
    path = docx(d / "encrypted.docx", paragraphs(LETTER.splitlines()))
    data = bytearray(path.read_bytes())
    # set bit 0 (encrypted) of the general-purpose flags in every local and central header
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(sig)
        while i >= 0:
            flags = struct.unpack_from("<H", data, i + off)[0] | 1
            struct.pack_into("<H", data, i + off, flags)
            i = data.find(sig, i + 4)
    path.write_bytes(bytes(data))
    return path


def docx_underdeclared(d: Path) -> Path:
    """Entries whose declared uncompressed size is far smaller than what they expand to."""
    path = docx(d / "underdeclared.docx", paragraphs(LETTER.splitlines() * 2000))
    data = bytearray(path.read_bytes())
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = data.find(sig)
        while i >= 0:
            struct.pack_into("<I", data, i + off, 100)
            i = data.find(sig, i + 4)
    path.write_bytes(bytes(data))
    return path


def docx_identical_paragraphs(d: Path, n: int = 100_000) -> Path:
    return docx(d / "identical.docx", paragraphs(LETTER.splitlines()) + paragraphs(["　"] * n))


def gbk_letter_valid_utf8(d: Path) -> Path:
    """A GBK letter whose bytes are also valid UTF-8 (GBK 楼 = C2 A5 reads as "¥")."""
    return write(d / "gbk-utf8.txt", "楼".encode("gbk") * 3 + b"\n")
