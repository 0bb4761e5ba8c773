"""Throughput and memory of the batch audit, as ratios measured in one run (no timing assertions).

    .venv/bin/python bench/benchmark.py                 # 100,000 generated cases
    .venv/bin/python bench/benchmark.py --count 20000 --rounds 1
    .venv/bin/python bench/benchmark.py --million       # audit 1,000,000 cases, sample resident memory

Measured:
- floor: a bare loop that reads the JSONL, parses each line and validates it against the case model;
- audit: the ``gkrules audit`` pipeline (chunks, classification, checks when the check module exists,
  disagreement rows spooled to a temporary file) with 1 and 2 worker processes;
- engine: per-case classification cost with the durable-rules engine (uncached and with the cache)
  against the plain-Python reference evaluator.
Goals: 2-worker audit >= 50% of the floor; per-case engine cost (with cache) within 4x of the reference;
--million: resident memory (this process and all its descendants) < 300 MB, no growth after 10,000 cases.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gkrules import audit as aud  # noqa: E402
from gkrules import gen  # noqa: E402
from gkrules.models import Case  # noqa: E402


def proc_kb(pid: int, file: str, field: str) -> int:
    """A kB figure of /proc/<pid>/<file> (0 when the process has gone)."""
    try:
        with open(f"/proc/{pid}/{file}") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_kb(pid: int) -> int:
    return proc_kb(pid, "status", "VmRSS:")


def pss_kb(pid: int) -> int:
    """Proportional set size: resident memory with each shared page divided among the processes sharing it."""
    return proc_kb(pid, "smaps_rollup", "Pss:")


def descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def rss_tree_mb() -> tuple[float, float, float]:
    """Resident memory in MB: this process; this process and all its descendants, summed as RSS (a page
    shared by forked workers counts once per process) and as PSS (each page counts once in all)."""
    me = os.getpid()
    tree = [me, *descendants(me)]
    return rss_kb(me) / 1024, sum(rss_kb(p) for p in tree) / 1024, sum(pss_kb(p) for p in tree) / 1024


def loadavg() -> str:
    """The 1-minute load average: other processes on the machine take processor time from the workers."""
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def floor(path: Path) -> tuple[int, float]:
    loads, validate = json.loads, Case.model_validate
    n = 0
    t = time.perf_counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                validate(loads(line))
                n += 1
    return n, time.perf_counter() - t


def audit_run(path: Path, jobs: int, on_progress=None, checks: bool = True):
    from gkrules.cli.audit import _Rows

    rows = _Rows()
    seen = [0]

    def on_chunk(result):
        for row in result.rows:
            rows.add(row)
        seen[0] += result.counts["cases"] + result.counts.get("invalid", 0)
        if on_progress is not None:
            on_progress(seen[0])

    t = time.perf_counter()
    total = aud.run(aud.iter_units([str(path)]), aud.Settings(checks=checks), jobs=jobs, on_chunk=on_chunk)
    elapsed = time.perf_counter() - t
    rows.close()
    total.counts["cpu_us_per_case"] = round(total.cpu_seconds / max(1, seen[0]) * 1e6)
    return total.counts, elapsed  # a Counter: absent keys are 0


def _spread(values: list[float]) -> str:
    return f"[{min(values):,.0f}–{max(values):,.0f}]" if len(values) > 1 else ""


def engine_costs(cases: list[Case]) -> dict[str, float]:
    from gkrules.classify import Classifier, make_evaluator
    from gkrules.rulebook import ruleset

    rs = ruleset()
    out = {}
    for name, engine, cached in (
        ("reference", "reference", False),
        ("reference+cache", "reference", True),
        ("durable", "durable", False),
        ("durable+cache", "durable", True),
    ):
        best = float("inf")
        for _ in range(3):  # best of three, each with a fresh evaluator (and empty cache)
            clf = Classifier(make_evaluator(rs, engine, cached=cached))
            clf.classify(cases[0])  # warm up (engine start, first rule firing)
            t = time.perf_counter()
            for case in cases:
                clf.classify(case)
            best = min(best, time.perf_counter() - t)
        out[name] = best / len(cases) * 1e6
    return out


def check_cost(cases: list[Case]) -> float | None:
    """Per-case cost of gkrules.check.check_case (letter-less cases: category and deadline rules)."""
    fn = aud.check_function()
    if fn is None:
        return None
    auditor = aud.Auditor(aud.Settings())
    t = time.perf_counter()
    for case in cases:
        fn(case, None, profile=auditor.profile, calendar=auditor.calendar, evaluator=auditor.classifier.evaluator)
    return (time.perf_counter() - t) / len(cases) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--engine-cases", type=int, default=5_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--million", action="store_true", help="audit 1,000,000 generated cases and sample memory")
    ap.add_argument("--jobs", type=int, default=2, help="workers for --million")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the throughput measurements")
    args = ap.parse_args()
    checks = aud.check_function() is not None
    print(f"gkrules audit benchmark  (python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {loadavg()}, "
          f"checks {'on' if checks else 'off: gkrules.check not present, classification only'})")
    with tempfile.TemporaryDirectory() as tmp:
        if args.million:
            million(Path(tmp), args)
            return
        path = Path(tmp) / "batch.jsonl"
        t = time.perf_counter()
        gen.write_jsonl_file(path, args.count, args.seed)
        print(f"generated {args.count:,} cases in {time.perf_counter() - t:.1f} s "
              f"({path.stat().st_size / 1e6:.0f} MB JSONL)")

        variants = [(True, "audit (classify + checks)"), (False, "audit --no-checks (classify)")] if checks else \
            [(False, "audit (classify only)")]
        # rounds interleave every measurement, so that a slow spell of the machine hits them alike; rates
        # are shown as the best round with the range over the rounds, and each goal is judged on the
        # median over the rounds of the ratio within one round
        floors: list[float] = []
        rates: dict[tuple[bool, int], list[float]] = {}
        last: dict[tuple[bool, int], Counter] = {}
        for _ in range(args.rounds):
            n, t_floor = floor(path)
            floors.append(n / t_floor)
            for with_checks, _title in variants:
                for jobs in (1, 2):
                    counts, elapsed = audit_run(path, jobs, checks=with_checks)
                    assert counts["cases"] + counts["invalid"] == n
                    rates.setdefault((with_checks, jobs), []).append(n / elapsed)
                    last[(with_checks, jobs)] = counts
        floor_rate = max(floors)
        print(f"{'floor: parse + validate':30s}           {floor_rate:10,.0f} cases/s  {_spread(floors)}")
        for with_checks, title in variants:
            for jobs in (1, 2):
                r, counts = max(rates[(with_checks, jobs)]), last[(with_checks, jobs)]
                print(f"{title:30s} {jobs} worker{'s' if jobs > 1 else ' '} {r:10,.0f} cases/s  "
                      f"= {r / floor_rate:5.0%} of floor  {_spread(rates[(with_checks, jobs)])}  "
                      f"({counts['disagree']:,} disagreements, {counts['with_error_findings']:,} with error "
                      f"findings; {counts['cpu_us_per_case']} us CPU/case in the auditors)")
            two, one = max(rates[(with_checks, 2)]), max(rates[(with_checks, 1)])
            print(f"{'':30s} 2 workers / 1 worker = {two / one:.2f}x")
        print(f"        (best of {args.rounds} rounds; load at the end {loadavg()})")
        for with_checks, title in variants:
            ratios = sorted(r / f for r, f in zip(rates[(with_checks, 2)], floors))
            ratio = ratios[len(ratios) // 2]
            print(f"GOAL    2-worker {title} >= 50% of floor: {'met' if ratio >= 0.5 else 'MISSED'} "
                  f"(median {ratio:.0%}; rounds {', '.join(f'{x:.0%}' for x in ratios)})")

        cases = [Case.model_validate(d) for d in gen.generate_data(args.engine_cases, args.seed + 1)]
        cost = engine_costs(cases)
        print(f"engine  per-case classification cost over {len(cases):,} cases (microseconds):")
        for name, us in cost.items():
            print(f"        {name:16s} {us:8.1f} us   = {us / cost['reference']:6.2f}x reference")
        per_check = check_cost(cases)
        if per_check is not None:
            print(f"        check_case (classify + letter + deadline rules) {per_check:8.1f} us"
                  f"   = {per_check / cost['durable+cache']:6.1f}x durable+cache classification")
        ratio = cost["durable+cache"] / cost["reference"]
        print(f"        durable (uncached) / reference {cost['durable'] / cost['reference']:6.2f}x;  "
              f"durable+cache / reference+cache {cost['durable+cache'] / cost['reference+cache']:5.2f}x")
        print(f"GOAL    engine with cache within 4x of reference: {'met' if ratio <= 4 else 'MISSED'} ({ratio:.2f}x)")


def million(tmp: Path, args) -> None:
    count = 1_000_000
    path = tmp / "million.jsonl"
    t = time.perf_counter()
    gen.write_jsonl_file(path, count, args.seed)
    print(f"generated {count:,} cases in {time.perf_counter() - t:.1f} s ({path.stat().st_size / 1e6:.0f} MB JSONL)")
    samples: list[tuple[int, float, float, float]] = []
    marks = [10_000] + list(range(100_000, count + 1, 100_000))

    def on_progress(done: int) -> None:
        while marks and done >= marks[0]:
            own, tree, pss = rss_tree_mb()
            samples.append((done, own, tree, pss))
            marks.pop(0)

    counts, elapsed = audit_run(path, args.jobs, on_progress)
    own, _, _ = rss_tree_mb()  # workers have exited: the main process alone
    n = counts["cases"] + counts["invalid"]
    print(f"audited {n:,} cases with {args.jobs} workers in {elapsed:.1f} s = {n / elapsed:,.0f} cases/s "
          f"({counts['disagree']:,} disagreements, {counts['invalid']:,} invalid; "
          f"{counts['cpu_us_per_case']} us CPU/case in the auditors; load {loadavg()})")
    print("resident memory (MB):  cases   main   main+workers (RSS summed)   main+workers (PSS)")
    for done, o, tr, ps in samples:
        print(f"    {done:>9,}  {o:6.0f}  {tr:14.0f}  {ps:24.0f}")
    print(f"    end        {own:6.0f}  (workers stopped)")
    # the goal is judged on the summed RSS, which counts every page shared by the forked workers once per
    # process: an upper bound of the memory in use (PSS counts each page once)
    first = samples[0][2]
    peak = max(s[2] for s in samples)
    growth = peak - first
    print(f"GOAL    RSS < 300 MB: {'met' if peak < 300 else 'MISSED'} (peak {peak:.0f} MB, main+workers summed; "
          f"PSS peak {max(s[3] for s in samples):.0f} MB)")
    print(f"GOAL    no growth after 10,000 cases: {'met' if growth <= 15 else 'MISSED'} "
          f"({growth:+.0f} MB from 10k to peak)")


if __name__ == "__main__":
    main()
