"""Hostile inputs, measured: exit code, wall time and peak memory of one gkrules command per input.

Usage: python bench/hostile.py [GKRULES_EXECUTABLE] > table.md
Each input is made in a fresh temporary directory (tests/hostile/inputs.py) next to one good case, so the
table also shows whether the rest of the batch was counted. Every run is capped at 60 s and 2 GiB of
address space, so the inputs that used to exhaust the machine show up as "killed"/"timeout".
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from hostile import inputs as h

LIMIT_S = 60
LIMIT_AS = 2 * 1024**3


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_AS, LIMIT_AS))


def measure(argv: list[str], cwd: Path, stdin=None) -> tuple[str, float, int, str, str]:
    """Exit code, wall seconds, peak RSS in KiB (GNU time; -1 without it), stderr and stdout of one run."""
    peak_file = cwd / ".peak"
    timer = ["/usr/bin/time", "-q", "-f", "%M", "-o", str(peak_file)] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            timer + argv, cwd=cwd, stdin=stdin, capture_output=True, timeout=LIMIT_S, preexec_fn=_limits, check=False
        )
        code = str(proc.returncode)
        err = proc.stderr.decode("utf-8", "replace")
        out = proc.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        code, err, out = "timeout", "", ""
    wall = time.perf_counter() - start
    try:
        peak = int(peak_file.read_text().split()[-1])
    except (OSError, ValueError, IndexError):
        peak = -1
    return code, wall, peak, err, out


def scenarios(d: Path, exe: str):
    good = h.write(d / "batch" / "good.yml", h.good_yaml("OK-1"))
    b = good.parent
    yield "received 9999-12-31", lambda: h.year_10000(b), [exe, "audit", str(b)]
    yield "5,000-digit integer in YAML", lambda: h.huge_int_yaml(b), [exe, "audit", str(b)]
    jl = d / "huge.jsonl"
    yield (
        "5,000-digit integer in JSONL",
        lambda: jl.write_text(
            json.dumps(h.good_data("J1"), ensure_ascii=False) + "\n" + h.huge_int_jsonl_line() + "\n", encoding="utf-8"
        ),
        [exe, "audit", str(jl)],
    )
    yield "YAML nested 400 levels", lambda: h.deep_yaml(b), [exe, "audit", str(b)]
    yield (
        "letter .docx, 5,000 nested w:sdt",
        lambda: h.case_with_letter(b, h.docx_nested(b).name),
        [exe, "audit", str(b)],
    )
    yield (
        "letter .docx, encrypted flag",
        lambda: h.case_with_letter(b, h.docx_encrypted_flag(b).name),
        [exe, "audit", str(b)],
    )
    yield (
        "letter .docx, under-declared sizes",
        lambda: h.case_with_letter(b, h.docx_underdeclared(b).name),
        [exe, "audit", str(b)],
    )
    yield "FIFO named x.yml", lambda: h.fifo(b), [exe, "audit", str(b)]
    yield (
        "case with 1,000 items (explain)",
        lambda: h.many_items_yaml(d, 1000),
        [exe, "explain", str(d / "many-items.yml")],
    )
    yield (
        "case with 3,000 items (explain)",
        lambda: h.many_items_yaml(d, 3000),
        [exe, "explain", str(d / "many-items.yml")],
    )
    yield "case with 10,000 items (audit)", lambda: h.many_items_yaml(b, 10000), [exe, "audit", str(b)]
    yield "billion laughs, 9 levels", lambda: h.billion_laughs(b, 9), [exe, "audit", str(b)]
    yield (
        "letter: ../secret.txt",
        lambda: (h.write(d / "secret.txt", "机密第一行\n"), h.case_with_letter(b, "../secret.txt")),
        [exe, "audit", str(b)],
    )
    yield (
        "-o = input.jsonl --force",
        lambda: jl.write_text(json.dumps(h.good_data("J1"), ensure_ascii=False) + "\n", encoding="utf-8"),
        [exe, "audit", str(jl), "-o", str(jl), "--force", "--format", "json"],
    )
    yield "output to /dev/full", None, [exe, "audit", str(b), "-o", "/dev/full", "--force"]
    yield (
        "closed pipe (gen | head -c1)",
        None,
        f"{exe} gen --count 20000 | head -c1 >/dev/null; exit ${{PIPESTATUS[0]}}",
    )
    yield (
        "GBK letter valid as UTF-8 (check)",
        lambda: h.case_with_letter(d, h.gbk_letter_valid_utf8(d).name),
        [exe, "check", str(d / "case-letter.yml")],
    )
    yield (
        "docx 100,000 identical paragraphs (check)",
        lambda: h.case_with_letter(d, h.docx_identical_paragraphs(d).name),
        [exe, "check", str(d / "case-letter.yml")],
    )
    yield (
        "case id =HYPERLINK(...) to CSV",
        lambda: h.write(
            b / "formula.yml", h.good_yaml('"=HYPERLINK(\\"http://x\\")"', category="cannot_provide/not_held")
        ),
        [exe, "audit", str(b), "--format", "csv"],
    )
    yield "classify b.jsonl", None, [exe, "classify", str(jl)]


def main() -> None:
    exe = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else str(Path(sys.executable).parent / "gkrules")
    print(f"executable: {exe}\n")
    print("| input | command | exit | time s | peak RSS MiB | first line of stderr (or a traceback's last) |")
    print("|---|---|---|---|---|---|")
    names = [n for n, _, _ in scenarios(Path(tempfile.gettempdir()), exe)]
    for index, name in enumerate(names):
        with tempfile.TemporaryDirectory(prefix="gk-hostile-") as tmp:
            d = Path(tmp)
            for i, (n, make, argv) in enumerate(scenarios(d, exe)):
                if i != index:
                    continue
                if make is not None:
                    make()
                shell = isinstance(argv, str)
                cmd = ["bash", "-c", argv] if shell else argv
                code, wall, peak, err, out = measure(cmd, d, stdin=subprocess.DEVNULL)
                shown = " ".join(a.replace(str(d), "$T") for a in (argv.split() if shell else argv[1:]))
                first = next((ln for ln in err.splitlines() if ln.strip()), "")
                last = err.strip().splitlines()[-1] if err.strip() else ""
                if "Traceback" in err:
                    first = "Traceback … " + last
                first = first.replace(str(d), "$T")[:90].replace("|", "\\|")
                mem = f"{peak / 1024:.0f}" if peak > 0 else "?"
                if "机密" in out + err:
                    first = "SECRET FILE PRINTED: " + first
                if (
                    n.startswith("-o = input")
                    and (d / "huge.jsonl").exists()
                    and b'"id"' not in (d / "huge.jsonl").read_bytes()
                ):
                    first = "INPUT DESTROYED: " + first
                print(f"| {n} | {shown[:60]} | {code} | {wall:.2f} | {mem} | {first} |", flush=True)
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
