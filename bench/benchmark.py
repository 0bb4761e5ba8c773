"""Speed of gkrules against its floors, measured as paired ratios (no timing assertions).

    .venv/bin/python bench/benchmark.py                       # 100,000 generated and 50,000 messy cases, 3 rounds
    .venv/bin/python bench/benchmark.py --count 20000 --messy-count 10000 --rounds 5
    .venv/bin/python bench/benchmark.py --engine              # also: per-case classification cost, in-process
    .venv/bin/python bench/benchmark.py --million             # audit 1,000,000 cases, sample resident memory
    .venv/bin/python bench/benchmark.py --check-only --rounds 5   # only the start-up commands against the imports
    .venv/bin/python bench/benchmark.py --cpu-only            # only the audit's CPU per case (one worker) against the floor's
    .venv/bin/python bench/benchmark.py --instructions 3000   # instructions per case (valgrind), whatever the load
    .venv/bin/python bench/benchmark.py --jobs-only --rounds 7    # only --jobs 2 against --jobs 1 (CPU overhead)
    .venv/bin/python bench/benchmark.py --jobs-only --baseline ../old   # ... and the same for a checkout of another commit

Every measured command is a process of its own, started afresh, and every figure is a ratio of two
commands measured one right after the other on the same input; the commands of a round run in one
order and those of the next round in the reverse order, so that a busy spell of the machine falls on
both sides of a ratio. The goals are judged on the median of a ratio over the rounds; each round's
value is printed beside it, and the machine's load average before each round.

Measured pairs:
- floor: one process that only reads the JSONL and validates each line with the case model's
  ``model_validate_json``; audit: ``gkrules audit FILE --format json -o OUT`` (classification, the
  check's deadline rules, the comparison with the draft, output), with one and with two workers.
  CPU is the process's and its workers' (``os.wait4``); per case = CPU / cases, start-up included.
  The generated batch is ``gkrules gen``'s; the messy batch is ``bench/messy.py``'s (1–3 items, long
  texts, facts drawn at random so that they conflict, procedure dates out of order, no decision).
- ``--jobs 2`` against ``--jobs 1``: wall time; and the main process's share of the CPU of the run
  with two workers (reading the input, handing out chunks, counting each id once, writing the output).
- ``--jobs-only``: only the audit of the generated batch with one and with two workers, alternating. Besides
  the wall-time ratio it prints the CPU overhead of two workers, (W + M) / W1, where W1 is the CPU of the
  run with one worker, W that of the two workers and M that of the main process of the run with two:
  two free cores give at most 2 W1 / (W + M) (and W1 / M, when the main process is the slower side),
  an estimate that, unlike wall time, holds while the machine is busy with other work.
- ``gkrules check`` of one case file with its reply letter against ``python -c "import click, pydantic"``:
  CPU; likewise ``check`` of a .docx and of a .txt letter alone and ``classify`` of one case. Each such
  command runs right after a run of the imports, and a round's ratio is the median of its runs of the
  command over the median of its runs of the imports. Two more commands measured the same way show what
  bounds ``check``: the imports followed by one pydantic model of one field ("one model"), and reading
  the check's case file alone with ``gkrules.caseio.load_case`` ("load_case"). ``--check-only`` measures
  only these.

The package's modules are compiled to bytecode first (``compileall``, as an installation does), so
that a start-up measures loading, not compiling, even where PYTHONDONTWRITEBYTECODE is set.

Goals: audit CPU per case <= 2.5x the floor's on both batches; two workers >= 1.7x one worker's speed
(needs two free cores); check's CPU <= 2x the imports of click and pydantic.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GKRULES = str(Path(PYTHON).with_name("gkrules"))
CHECK_CASE = str(ROOT / "cases" / "letters" / "bad-doc-number.yml")
IMPORTS = [PYTHON, "-c", "import click, pydantic"]
#: the start-up commands measured against the imports: (name, arguments); the first is the goal's
STARTUP = [
    ("check", [GKRULES, "check", CHECK_CASE]),
    ("check .docx", [GKRULES, "check", str(ROOT / "cases" / "letters" / "ok-cannot-provide-not-held-docx.docx")]),
    ("check .txt", [GKRULES, "check", str(ROOT / "cases" / "letters" / "bad-doc-number.txt")]),
    ("classify", [GKRULES, "classify", str(ROOT / "cases" / "partial-mixed-items.yml")]),
    # what bounds check: the imports and one pydantic model of one field; and reading the check's case
    # file (its YAML and the case models) with nothing else
    ("one model", [PYTHON, "-c", "import click, pydantic\nclass A(pydantic.BaseModel):\n    x: int"]),
    ("load_case", [PYTHON, "-c", f"import click\nfrom gkrules.caseio import load_case\nload_case({CHECK_CASE!r})"]),
]


# ------------------------------------------------------------------------------------- running one command


def cache_dir() -> Path:
    return Path(os.environ.get("GKRULES_CACHE", str(ROOT / ".cache-gk")))


def measured(argv: list[str], report: Path | None = None, pythonpath: str | None = None) -> dict:
    """Run ``argv`` to its end: wall seconds, CPU seconds (the process and every process it waited for)
    and, for the drivers below, what they wrote to ``report``.

    An audit starts without the engine's answers kept by earlier runs (the cache directory's
    ``decisions-*`` stores are put aside during it and put back after): its figures are those of a first
    audit of the rule set, in which every new combination of facts goes through durable-rules."""
    env = dict(os.environ, GKRULES_CACHE=str(cache_dir()))
    if pythonpath is not None:  # another version of the package, found before the installed one
        env["PYTHONPATH"] = pythonpath
    if "audit" in argv:
        with stores_put_aside():
            return _measured(argv, report, env)
    return _measured(argv, report, env)


@contextlib.contextmanager
def stores_put_aside():
    kept = [(p, p.with_name(p.name + ".aside")) for p in cache_dir().glob("decisions-*.json")]
    for store, aside in kept:
        store.replace(aside)
    try:
        yield
    finally:
        for written in cache_dir().glob("decisions-*.json"):
            written.unlink()
        for store, aside in kept:
            aside.replace(store)


def _measured(argv: list[str], report: Path | None, env: dict) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    stderr = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed with exit code {code}:\n{stderr.decode(errors='replace')[-2000:]}")
    out = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime}
    if report is not None:
        out.update(json.loads(report.read_text()))
    return out


def driver(args: list[str]) -> None:
    """``--driver floor REPORT FILE`` or ``--driver audit REPORT ARGS…``: run inside the measured process."""
    import resource

    kind, report, rest = args[0], Path(args[1]), args[2:]
    if kind == "floor":
        from gkrules.models import Case

        validate = Case.model_validate_json
        n = 0
        with open(rest[0], "rb") as f:
            for line in f:
                if line.strip():
                    validate(line)
                    n += 1
        report.write_text(json.dumps({"cases": n}))
        return
    from gkrules.cli import main

    code = 0
    try:
        main(rest)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    report.write_text(
        json.dumps(
            {
                "main_cpu": own.ru_utime + own.ru_stime,
                "workers_cpu": workers.ru_utime + workers.ru_stime,
                "exit": code,
            }
        )
    )
    sys.exit(code)


def floor_cmd(path: Path, report: Path) -> list[str]:
    return [PYTHON, __file__, "--driver", "floor", str(report), str(path)]


def audit_cmd(path: Path, jobs: int, report: Path, out: Path) -> list[str]:
    audit = ["audit", str(path), "--jobs", str(jobs), "--format", "json", "-o", str(out), "--force"]
    return [PYTHON, __file__, "--driver", "audit", str(report), *audit]


# --------------------------------------------------------------------------------------------- reporting


def loadavg() -> float:
    """The 1-minute load average: other processes on the machine take processor time from the measured ones."""
    return os.getloadavg()[0]


def median(values: list[float]) -> float:
    return statistics.median(values)


def show(values: list[float], fmt: str) -> str:
    return " ".join(format(v, fmt) for v in values)


def goal(value: float, limit: float, at_most: bool) -> str:
    met = value <= limit if at_most else value >= limit
    return f"goal {'<=' if at_most else '>='} {limit:g}: {'met' if met else 'MISSED'}"


def git_revision() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "gkrules"], cwd=ROOT, capture_output=True, text=True)
        return rev.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")
    except OSError:
        return "?"


# ------------------------------------------------------------------------------------------------ the run


def paired(args, tmp: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from gkrules import gen

    sys.path.insert(0, str(ROOT / "bench"))
    from messy import write_messy

    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "gkrules")], check=True)
    batches = {"generated": tmp / "generated.jsonl", "messy": tmp / "messy.jsonl"}
    gen.write_jsonl_file(batches["generated"], args.count, args.seed)
    write_messy(batches["messy"], args.messy_count, args.seed)
    sizes = ", ".join(f"{name} {p.stat().st_size / 1e6:.0f} MB" for name, p in batches.items())
    print(
        f"gkrules benchmark  (python {sys.version.split()[0]}, os.cpu_count() = {os.cpu_count()}, "
        f"gkrules {git_revision()}; {args.count:,} generated and {args.messy_count:,} messy cases: {sizes})"
    )
    report, out = tmp / "report.json", tmp / "out.json"
    rounds: list[dict] = []
    for r in range(args.rounds):
        load_before = loadavg()
        steps = [
            ("floor generated", floor_cmd(batches["generated"], report)),
            ("audit generated j1", audit_cmd(batches["generated"], 1, report, out)),
            ("audit generated j2", audit_cmd(batches["generated"], 2, report, out)),
            ("floor messy", floor_cmd(batches["messy"], report)),
            ("audit messy j1", audit_cmd(batches["messy"], 1, report, out)),
        ]
        if args.cpu_only:
            steps = [step for step in steps if not step[0].endswith("j2")]
        else:
            steps += startup_steps(args.check_pairs)
        if r % 2:
            steps.reverse()
        got = {}
        for name, argv in steps:
            got[name] = measured(argv, report if "--driver" in argv else None)
        got["load"] = (load_before, loadavg())
        rounds.append(got)
        n_gen, n_messy = got["floor generated"]["cases"], got["floor messy"]["cases"]
        walls = ""
        if not args.cpu_only:
            j2 = got["audit generated j2"]
            walls = (
                f"; wall generated floor {got['floor generated']['wall']:.2f} s, audit j1 "
                f"{got['audit generated j1']['wall']:.2f} s, j2 {j2['wall']:.2f} s (main {j2['main_cpu']:.2f} s "
                f"CPU, workers {j2['workers_cpu']:.2f} s)"
            )
        print(
            f"round {r + 1} (load {load_before:.2f} -> {got['load'][1]:.2f}): CPU per case (us) generated floor "
            f"{got['floor generated']['cpu'] / n_gen * 1e6:.1f}, audit {got['audit generated j1']['cpu'] / n_gen * 1e6:.1f}; "
            f"messy floor {got['floor messy']['cpu'] / n_messy * 1e6:.1f}, audit "
            f"{got['audit messy j1']['cpu'] / n_messy * 1e6:.1f}{walls}"
        )

    def ratios(fn) -> list[float]:
        return [fn(g) for g in rounds]

    lines = [
        (
            "audit CPU per case / floor's, generated batch",
            ratios(lambda g: g["audit generated j1"]["cpu"] / g["floor generated"]["cpu"]),
            "5.2f",
            "x",
            (2.5, True),
        ),
        (
            "audit CPU per case / floor's, messy batch",
            ratios(lambda g: g["audit messy j1"]["cpu"] / g["floor messy"]["cpu"]),
            "5.2f",
            "x",
            (2.5, True),
        ),
    ]
    if not args.cpu_only:
        lines += [
            (
                "audit --jobs 2 speed / --jobs 1 speed",
                ratios(lambda g: g["audit generated j1"]["wall"] / g["audit generated j2"]["wall"]),
                "5.2f",
                "x",
                (1.7, False),
            ),
            (
                "  main process's share of the CPU, --jobs 2",
                ratios(
                    lambda g: (
                        g["audit generated j2"]["main_cpu"]
                        / (g["audit generated j2"]["main_cpu"] + g["audit generated j2"]["workers_cpu"])
                        * 100
                    )
                ),
                "5.1f",
                "%",
                None,
            ),
            (
                "audit --jobs 2 speed / floor's speed",
                ratios(lambda g: g["floor generated"]["wall"] / g["audit generated j2"]["wall"] * 100),
                "5.1f",
                "%",
                None,
            ),
            (
                "audit --jobs 1 speed / floor's speed",
                ratios(lambda g: g["floor generated"]["wall"] / g["audit generated j1"]["wall"] * 100),
                "5.1f",
                "%",
                None,
            ),
        ]
    if not args.cpu_only:
        lines += startup_lines(rounds, args.check_pairs)
    print(f"median over {args.rounds} rounds  [each round]")
    print_lines(lines)
    if not args.cpu_only:
        print_startup_cpu(rounds, args.check_pairs)


def jobs_only(args, tmp: Path) -> None:
    """``--jobs-only``: ``--jobs 1`` and ``--jobs 2`` on the generated batch, rounds in alternating order;
    with ``--baseline DIR`` the same pair for the package in DIR (a checkout of another commit, put first
    on ``PYTHONPATH``) runs in the same rounds, so that both versions see the same load."""
    sys.path.insert(0, str(ROOT))
    from gkrules import gen

    versions = {"": None}
    if args.baseline:
        base = Path(args.baseline).resolve()
        if not (base / "gkrules" / "__init__.py").exists():
            raise SystemExit(f"--baseline {base}: no gkrules package there")
        versions["baseline "] = str(base)
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(base / "gkrules")], check=True)
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "gkrules")], check=True)
    batch = tmp / "generated.jsonl"
    gen.write_jsonl_file(batch, args.count, args.seed)
    print(
        f"gkrules --jobs benchmark  (python {sys.version.split()[0]}, os.cpu_count() = {os.cpu_count()}, "
        f"gkrules {git_revision()}{'; baseline ' + str(versions['baseline ']) if args.baseline else ''}; "
        f"{args.count:,} generated cases, {batch.stat().st_size / 1e6:.0f} MB)"
    )
    report, out = tmp / "report.json", tmp / "out.json"
    rounds: list[dict] = []
    for r in range(args.rounds):
        load_before = loadavg()
        steps = [(v, f"j{j}", audit_cmd(batch, j, report, out)) for v in versions for j in (1, 2)]
        if r % 2:
            steps.reverse()
        got: dict = {v: {} for v in versions}
        for v, name, argv in steps:
            got[v][name] = measured(argv, report, pythonpath=versions[v])
        got["load"] = (load_before, loadavg())
        rounds.append(got)
        parts = []
        for v in versions:
            j1, j2 = got[v]["j1"], got[v]["j2"]
            parts.append(
                f"{v}j1 {j1['wall']:.2f} s wall, {j1['cpu']:.2f} s CPU; j2 {j2['wall']:.2f} s wall, main "
                f"{j2['main_cpu']:.2f} s CPU, workers {j2['workers_cpu']:.2f} s; (W+M)/W1 {overhead(got[v]):.3f}, "
                f"bound {jobs_bound(got[v]):.2f}x"
            )
        print(f"round {r + 1} (load {load_before:.2f} -> {got['load'][1]:.2f}): " + "; ".join(parts))
    print(f"median over {args.rounds} rounds  [each round]")
    for v in versions:

        def ratios(fn, v=v) -> list[float]:
            return [fn(g[v]) for g in rounds]

        print_lines(
            [
                (
                    f"{v}audit --jobs 2 speed / --jobs 1 speed (wall)",
                    ratios(lambda g: g["j1"]["wall"] / g["j2"]["wall"]),
                    "5.2f",
                    "x",
                    (1.7, False),
                ),
                (f"{v}CPU overhead of two workers, (W+M)/W1", ratios(overhead), "5.3f", "x", (1.17, True)),
                (f"  {v}speed two free cores allow, from the CPU", ratios(jobs_bound), "5.2f", "x", (1.7, False)),
                (
                    f"  {v}main process's share of the CPU, --jobs 2",
                    ratios(lambda g: g["j2"]["main_cpu"] / (g["j2"]["main_cpu"] + g["j2"]["workers_cpu"]) * 100),
                    "5.1f",
                    "%",
                    None,
                ),
            ]
        )
    print(f"  (loads before each round: {show([g['load'][0] for g in rounds], '.2f')})")


def overhead(g: dict) -> float:
    """(W + M) / W1: the CPU of the run with two workers, all processes, over that of the run with one."""
    j2 = g["j2"]
    return (j2["main_cpu"] + j2["workers_cpu"]) / g["j1"]["cpu"]


def jobs_bound(g: dict) -> float:
    """The speed-up over one worker that two free cores allow at these CPU figures: the work spread over
    two cores, or the main process's own CPU if that is more than half of it."""
    j2 = g["j2"]
    return g["j1"]["cpu"] / max((j2["main_cpu"] + j2["workers_cpu"]) / 2, j2["main_cpu"])


def startup_steps(pairs: int) -> list[tuple[str, list[str]]]:
    """Each start-up command right after a run of the imports, ``pairs`` times."""
    steps = []
    for i in range(pairs):
        for name, argv in STARTUP:
            steps.append((f"imports {name} {i}", IMPORTS))
            steps.append((f"{name} {i}", argv))
    return steps


def startup_cpu(g: dict, name: str, pairs: int) -> tuple[float, float]:
    """The median CPU of a start-up command's runs in one round, and of the imports run before them."""
    return (
        median([g[f"{name} {i}"]["cpu"] for i in range(pairs)]),
        median([g[f"imports {name} {i}"]["cpu"] for i in range(pairs)]),
    )


def startup_lines(rounds: list[dict], pairs: int) -> list:
    lines = []
    for k, (name, _) in enumerate(STARTUP):
        values = [c / i for c, i in (startup_cpu(g, name, pairs) for g in rounds)]
        title = f"{name} CPU / imports' CPU (median of {pairs} each)"
        lines.append((title, values, "5.2f", "x", (2.0, True) if k == 0 else None))
    return lines


def print_lines(lines: list) -> None:
    for title, values, fmt, unit, target in lines:
        m = median(values)
        verdict = "" if target is None else "  " + goal(m, target[0], target[1])
        print(f"  {title:52s} {m:{fmt}}{unit}  [{show(values, fmt.strip('5'))}]{verdict}")


def print_startup_cpu(rounds: list[dict], pairs: int) -> None:
    parts = []
    for name, _ in STARTUP:
        cpu = median([g[f"{name} {i}"]["cpu"] for g in rounds for i in range(pairs)])
        parts.append(f"{name} {cpu * 1000:.0f} ms")
    imports = median([g[f"imports {name} {i}"]["cpu"] for g in rounds for name, _ in STARTUP for i in range(pairs)])
    print(
        f"  (CPU: {', '.join(parts)}; imports {imports * 1000:.0f} ms; loads before each round: "
        f"{show([g['load'][0] for g in rounds], '.2f')})"
    )


def startup_only(args) -> None:
    """``--check-only``: the start-up commands against the imports, rounds in alternating order."""
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "gkrules")], check=True)
    print(
        f"gkrules start-up benchmark  (python {sys.version.split()[0]}, os.cpu_count() = {os.cpu_count()}, "
        f"gkrules {git_revision()}; {args.check_pairs} pairs per command and round)"
    )
    rounds: list[dict] = []
    for r in range(args.rounds):
        load_before = loadavg()
        steps = startup_steps(args.check_pairs)
        if r % 2:
            steps.reverse()
        got = {name: measured(argv) for name, argv in steps}
        got["load"] = (load_before, loadavg())
        rounds.append(got)
        ratios = ", ".join(
            f"{name} {c / i:.2f}x" for name, (c, i) in ((n, startup_cpu(got, n, args.check_pairs)) for n, _ in STARTUP)
        )
        print(f"round {r + 1} (load {load_before:.2f} -> {got['load'][1]:.2f}): {ratios}")
    print(f"median over {args.rounds} rounds  [each round]")
    print_lines(startup_lines(rounds, args.check_pairs))
    print_startup_cpu(rounds, args.check_pairs)


# ------------------------------------------------------------------------------ in-process measurements


def audit_run(path: Path, jobs: int, on_progress=None, checks: bool = True):
    from gkrules import audit as aud
    from gkrules.cli.audit import _Rows

    rows = _Rows()
    seen = [0]

    def on_chunk(result):
        rows.add_texts(result.row_texts())
        seen[0] += result.counts["cases"] + result.counts.get("invalid", 0)
        if on_progress is not None:
            on_progress(seen[0])

    t = time.perf_counter()
    total = aud.run(aud.iter_units([str(path)]), aud.Settings(checks=checks), jobs=jobs, on_chunk=on_chunk)
    elapsed = time.perf_counter() - t
    rows.close()
    total.counts["cpu_us_per_case"] = round(total.cpu_seconds / max(1, seen[0]) * 1e6)
    return total.counts, elapsed  # a Counter: absent keys are 0


def engine_costs(count: int, seed: int) -> None:
    """Per-case classification cost with the durable-rules engine (uncached and cached) against the
    plain-Python reference evaluator, each the best of three passes with a fresh evaluator."""
    sys.path.insert(0, str(ROOT))
    from gkrules import gen
    from gkrules.classify import Classifier, make_evaluator
    from gkrules.models import Case
    from gkrules.rulebook import ruleset

    cases = [Case.model_validate(d) for d in gen.generate_data(count, seed + 1)]
    rs = ruleset()
    cost = {}
    for name, engine, cached in (
        ("reference", "reference", False),
        ("reference+cache", "reference", True),
        ("durable", "durable", False),
        ("durable+cache", "durable", True),
    ):
        best = float("inf")
        for _ in range(3):
            clf = Classifier(make_evaluator(rs, engine, cached=cached))
            clf.classify(cases[0])  # warm up (engine start, first rule firing)
            t = time.process_time()
            for case in cases:
                clf.classify(case)
            best = min(best, time.process_time() - t)
        cost[name] = best / len(cases) * 1e6
    print(f"engine  per-case classification CPU over {len(cases):,} generated cases (load {loadavg():.2f}):")
    for name, us in cost.items():
        print(f"        {name:16s} {us:8.1f} us   = {us / cost['reference']:6.2f}x reference")
    ratio = cost["durable+cache"] / cost["reference"]
    print(f"GOAL    engine with cache within 4x of reference: {'met' if ratio <= 4 else 'MISSED'} ({ratio:.2f}x)")


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
    rss = [proc_kb(p, "status", "VmRSS:") for p in tree]
    pss = [proc_kb(p, "smaps_rollup", "Pss:") for p in tree]
    return rss[0] / 1024, sum(rss) / 1024, sum(pss) / 1024


def million(tmp: Path, args) -> None:
    sys.path.insert(0, str(ROOT))
    from gkrules import gen

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
    print(
        f"audited {n:,} cases with {args.jobs} workers in {elapsed:.1f} s = {n / elapsed:,.0f} cases/s "
        f"({counts['disagree']:,} disagreements, {counts['invalid']:,} invalid; "
        f"{counts['cpu_us_per_case']} us CPU/case in the auditors; load {loadavg():.2f}, "
        f"os.cpu_count() = {os.cpu_count()})"
    )
    print("resident memory (MB):  cases   main   main+workers (RSS summed)   main+workers (PSS)")
    for done, o, tr, ps in samples:
        print(f"    {done:>9,}  {o:6.0f}  {tr:14.0f}  {ps:24.0f}")
    print(f"    end        {own:6.0f}  (workers stopped)")
    # the goal is judged on the summed RSS, which counts every page shared by the forked workers once per
    # process: an upper bound of the memory in use (PSS counts each page once)
    first = samples[0][2]
    peak = max(s[2] for s in samples)
    growth = peak - first
    print(
        f"GOAL    RSS < 300 MB: {'met' if peak < 300 else 'MISSED'} (peak {peak:.0f} MB, main+workers summed; "
        f"PSS peak {max(s[3] for s in samples):.0f} MB)"
    )
    print(
        f"GOAL    no growth after 10,000 cases: {'met' if growth <= 15 else 'MISSED'} "
        f"({growth:+.0f} MB from 10k to peak)"
    )


def instructions(tmp: Path, args) -> None:
    """Instructions per case, counted by valgrind (cachegrind, no cache simulation): unlike CPU time, the
    count does not depend on what else the machine runs. Each command runs on the first N and the first
    2N cases of a batch; the difference divided by N is the cost of one more case (start-up left out),
    for the floor and for the audit (one worker, without kept answers, as above)."""
    import re
    import shutil
    from concurrent.futures import ThreadPoolExecutor

    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from messy import write_messy

    from gkrules import gen

    sizes = {"generated": args.instructions, "messy": max(1, args.instructions // 3)}
    files = {}
    for name, n in sizes.items():
        whole = tmp / f"{name}.jsonl"
        if name == "generated":
            gen.write_jsonl_file(whole, 2 * n, args.seed)
        else:
            write_messy(whole, 2 * n, args.seed)
        lines = whole.read_bytes().splitlines(keepends=True)
        for k in (n, 2 * n):
            (tmp / f"{name}-{k}.jsonl").write_bytes(b"".join(lines[:k]))
            files[(name, k)] = tmp / f"{name}-{k}.jsonl"
    report, out = tmp / "report-ir.json", tmp / "out-ir.json"

    def counted(argv: list[str]) -> int:
        env = dict(os.environ, GKRULES_CACHE=str(cache_dir()))
        done = subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *argv],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
        )
        found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
        if found is None:
            raise SystemExit(f"valgrind gave no count for {' '.join(argv)}:\n{done.stderr[-1500:]}")
        return int(found.group(1).replace(",", ""))

    jobs = {}
    for (name, k), path in files.items():
        jobs[("floor", name, k)] = [
            PYTHON,
            __file__,
            "--driver",
            "floor",
            str(report.with_suffix(f".{name}{k}")),
            str(path),
        ]
        jobs[("audit", name, k)] = [
            GKRULES,
            "audit",
            str(path),
            "--format",
            "json",
            "-o",
            str(out.with_suffix(f".{name}{k}.json")),
            "--force",
        ]
    # a warm-up run, so that the rules and patterns are in the cache directory before counting
    measured(
        [GKRULES, "audit", str(files[("generated", sizes["generated"])]), "--format", "json", "-o", str(out), "--force"]
    )
    with stores_put_aside(), ThreadPoolExecutor(2) as pool:
        counts = dict(zip(jobs, pool.map(counted, jobs.values())))
    print(f"instructions per case (valgrind; load {loadavg():.2f} does not change them), one more case beyond N:")
    for name, n in sizes.items():
        floor = (counts[("floor", name, 2 * n)] - counts[("floor", name, n)]) / n
        audit = (counts[("audit", name, 2 * n)] - counts[("audit", name, n)]) / n
        print(
            f"  {name:9s} N={n:,}: floor {floor / 1e3:,.0f}k, audit {audit / 1e3:,.0f}k = {audit / floor:.2f}x; "
            f"start-up and first N: floor {counts[('floor', name, n)] / 1e6:,.0f}M, audit {counts[('audit', name, n)] / 1e6:,.0f}M"
        )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--driver":
        driver(sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=100_000, help="generated cases")
    ap.add_argument("--messy-count", type=int, default=50_000, help="messy cases")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--check-pairs", type=int, default=5, help="check / imports pairs per round")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--engine", action="store_true", help="also the in-process classification cost per case")
    ap.add_argument("--engine-cases", type=int, default=5_000)
    ap.add_argument("--million", action="store_true", help="audit 1,000,000 generated cases and sample memory")
    ap.add_argument("--jobs", type=int, default=2, help="workers for --million")
    ap.add_argument("--check-only", action="store_true", help="only the start-up commands against the imports")
    ap.add_argument("--jobs-only", action="store_true", help="only the audit with one and with two workers")
    ap.add_argument("--baseline", metavar="DIR", help="with --jobs-only: also the package in DIR, in the same rounds")
    ap.add_argument(
        "--cpu-only", action="store_true", help="only the audit's CPU per case against the floor's (one worker)"
    )
    ap.add_argument(
        "--instructions", type=int, metavar="N", help="only instructions per case (valgrind), on N and 2N cases"
    )
    args = ap.parse_args()
    if args.check_only:
        startup_only(args)
        return
    with tempfile.TemporaryDirectory(prefix="gkrules-bench-") as tmp:
        if args.instructions:
            instructions(Path(tmp), args)
            return
        if args.million:
            million(Path(tmp), args)
            return
        if args.jobs_only:
            jobs_only(args, Path(tmp))
            return
        paired(args, Path(tmp))
    if args.engine:
        engine_costs(args.engine_cases, args.seed)


if __name__ == "__main__":
    main()
