"""Soak test of the durable-rules engine: N classifications in one process, without the cache.

Every case goes through durable-rules (one session per step, state deleted after each). Prints
throughput and resident memory at intervals, and the per-case cost against the reference evaluator
as a ratio. Usage: python bench/engine_soak.py [N]
"""

from __future__ import annotations

import random
import sys
import time

from gkrules.classify import Classifier, make_evaluator
from gkrules.models import CASE_FACTS, ITEM_FACTS, Case
from gkrules.rulebook import ruleset


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def make_cases(n: int, seed: int = 7):
    rnd = random.Random(seed)
    for i in range(n):
        case_facts = {f: rnd.random() < 0.03 for f in CASE_FACTS}
        items = [
            {"text": f"事项{j}", "facts": {f: rnd.random() < 0.15 for f in ITEM_FACTS}}
            for j in range(rnd.randint(1, 3))
        ]
        yield Case.model_validate(
            {
                "id": f"S{i}",
                "agency": "福州市鼓楼区审计局",
                "received": "2021-03-01",
                "applicant": {"name": "张某", "type": "natural_person"},
                "request": "申请",
                "facts": case_facts,
                "items": items,
            }
        )


def run(classifier: Classifier, cases: list[Case]) -> float:
    start = time.perf_counter()
    for case in cases:
        classifier.classify(case)
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rs = ruleset()
    engine = Classifier(make_evaluator(rs, "durable", cached=False))
    reference = Classifier(make_evaluator(rs, "reference", cached=False))
    cached = Classifier(make_evaluator(rs, "durable", cached=True))
    sample = list(make_cases(5_000))
    t_ref = run(reference, sample)
    t_eng = run(engine, sample)
    t_cached = run(cached, sample)
    print(
        f"per-case cost, 5,000 cases: engine/reference = {t_eng / t_ref:.1f}x, "
        f"engine+cache/reference = {t_cached / t_ref:.2f}x "
        f"(reference {len(sample) / t_ref:,.0f}/s, engine {len(sample) / t_eng:,.0f}/s, "
        f"engine+cache {len(sample) / t_cached:,.0f}/s)"
    )
    print(f"soak: {n:,} cases through durable-rules without cache")
    start = time.perf_counter()
    base = None
    step = max(n // 10, 1)
    for i, case in enumerate(make_cases(n, seed=11), start=1):
        engine.classify(case)
        if i == min(10_000, n):
            base = rss_mb()
        if i % step == 0:
            print(f"  {i:>9,} cases  {i / (time.perf_counter() - start):8,.0f}/s  RSS {rss_mb():6.1f} MB", flush=True)
    if base is not None:
        print(f"RSS growth after the first 10,000 cases: {rss_mb() - base:+.1f} MB")


if __name__ == "__main__":
    main()
