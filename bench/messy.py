"""A batch of messy but valid cases, for the benchmark: what a year's records look like when they are not tidy.

Every case has 1–3 items with long texts (a request of up to about 2,000 characters, items of up to
600), each item with up to three facts drawn at random from all fifteen so that they often conflict (an
item both not held and proactively disclosed, a secret that a law requires to disclose, consent without
a third party …), a case-level fact now and then, procedure dates drawn around the receipt date (some
before it, some out of order, each date present in a quarter of the cases), and no decision. Each case is valid under the case-file
contract and can be classified, so the floor (parse and validate) and the audit see the same cases.

    .venv/bin/python bench/messy.py --count 100000 -o messy.jsonl
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gkrules.fees import FEE_RULES_FROM  # noqa: E402
from gkrules.gen import AGENCIES, FIRST_DAY, LAST_RECEIPT, PLACES, SUBJECTS, SURNAMES  # noqa: E402
from gkrules.models import APPLICANT_TYPES, CASE_FACTS, ITEM_FACTS, PROCEDURE_DATES  # noqa: E402

FILLER = (
    "申请人称，该项目涉及其本人及周边住户的切身利益，多次向有关部门反映未果，"
    "现依据《中华人民共和国政府信息公开条例》申请公开相关文件、会议纪要、批复及附件，"
    "包括但不限于立项、规划、审批、验收、资金拨付和监督检查的全部材料，"
    "并请以纸质方式邮寄提供，如部分信息不属于本机关掌握，请告知相应机关名称和联系方式。"
)


def _text(rng: random.Random, year: int, longest: int) -> str:
    subject = rng.choice(SUBJECTS).format(y=year - 1, p=rng.choice(PLACES))
    repeat = rng.randint(0, longest // len(FILLER))
    return subject + "。" + FILLER * repeat


def messy_case(rng: random.Random, number: int) -> dict:
    # receipts end early enough that a period restarted by a late 补正 and extended still ends inside the
    # years that have a holiday schedule
    received = FIRST_DAY + _dt.timedelta(days=rng.randint(0, (LAST_RECEIPT - FIRST_DAY).days - 90))
    prefix = rng.choice(list(AGENCIES))
    items = []
    for _ in range(rng.randint(1, 3)):
        item: dict = {"text": _text(rng, received.year, 600)}
        # up to three facts drawn from all fifteen: most pairs contradict each other (not held and
        # proactively disclosed, a secret that a law requires to disclose, consent without a third party)
        facts = {name: True for name in rng.sample(ITEM_FACTS, rng.choice((0, 1, 1, 2, 2, 3)))}
        if facts:
            item["facts"] = facts
        items.append(item)
    data: dict = {
        "id": f"MX-{prefix}-{received.year}-{number:07d}",
        "agency": AGENCIES[prefix],
        "received": received.isoformat(),
        "applicant": {
            "name": rng.choice(SURNAMES) + rng.choice(SURNAMES) + "某",
            "type": rng.choice(APPLICANT_TYPES),
        },
        "request": _text(rng, received.year, 2000),
        "items": items,
    }
    facts = {name: True for name in CASE_FACTS if rng.random() < 0.04}
    if received < FEE_RULES_FROM:  # 国办函〔2020〕109号: an unpaid fee ends nothing before 2021 (an unusable case)
        facts.pop("fee_unpaid_in_time", None)
    if facts:
        data["facts"] = facts
    procedure = {
        name: (received + _dt.timedelta(days=rng.randint(-10, 60))).isoformat()
        for name in PROCEDURE_DATES
        if rng.random() < 0.25
    }
    if procedure:
        data["procedure"] = procedure
    return data


def write_messy(path: str | Path, count: int, seed: int = 0) -> int:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for number in range(1, count + 1):
            out.write(json.dumps(messy_case(rng, number), ensure_ascii=False, separators=(",", ":")) + "\n")
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    write_messy(args.output, args.count, args.seed)


if __name__ == "__main__":
    main()
