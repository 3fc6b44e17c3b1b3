"""Generated units of the Đắk Nông district rule set: the example, its figures varied.

Used by ``bench.py`` and by ``tests/test_handwritten.py``, which holds the hand-written
scorer (``handwritten.py``) equal to the library on them.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = ["EXAMPLE", "RULESET_ID", "generate_units", "read_example"]

RULESET_ID = "dak-nong/2022/huyen"
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "rules" / "dak-nong" / "2022" / "huyen" / "examples" / "dak-song-2023-09-20.toml"

_LEVELS = ("đạt", "đạt một phần", "không đạt")
_FLAGS = (
    "apologised_all_late_files",
    "digitisation_carried_out",
    "units_fully_self_financing_target_met",
    "units_partly_self_financing_target_met",
    "public_investment_disbursement_target_met",
    "online_payment_target_met",
)
#: Inputs the example leaves out (not yet due on 20/9); some generated units give them.
_LATER_FLAGS = (
    "cchc_inspection_done",
    "tthc_quality_evaluated",
    "decentralisation_followup_done",
    "staff_streamlining_plan_done",
    "commune_staff_training_evaluated",
    "socio_economic_reports_done",
)


def read_example() -> dict[str, Any]:
    """The example unit's data, parsed to a mapping the way the library reads TOML."""
    with EXAMPLE.open("rb") as handle:
        return tomllib.load(handle, parse_float=Decimal)


def generate_units(
    base: Mapping[str, Any], count: int, seed: int = 2023
) -> Iterator[dict[str, Any]]:
    """``count`` units like ``base``, their figures varied deterministically within the rules.

    The file counts keep every constraint (received = carried over + new, resolved =
    on time + late, resolved ≤ received); rates, flags, levels and counts vary; about a
    third of the units also give the figures that are not yet due in the example.
    """
    rng = random.Random(seed)
    for index in range(count):
        inputs: dict[str, Any] = dict(base["inputs"])
        carried, new = rng.randint(0, 3_000), rng.randint(0, 30_000)
        resolved = rng.randint(0, carried + new)
        on_time = rng.randint(0, resolved)
        inputs.update(
            files_carried_over=carried,
            files_new=new,
            files_received=carried + new,
            files_resolved=resolved,
            files_on_time=on_time,
            files_late=resolved - on_time,
            online_service_rate=Decimal(rng.randint(0, 10_000)).scaleb(-2),
            innovation_initiatives=rng.randint(0, 4),
            institutional_plan_completion={
                "value": rng.randint(0, 100),
                "estimate": rng.random() < 0.5,
            },
            division_heads_disciplined=rng.randint(0, 3),
            enterprise_revenue_share_grade=rng.choice(_LEVELS),
            budget_revenue_grade=rng.choice(_LEVELS),
        )
        for name in _FLAGS:
            inputs[name] = rng.random() < 0.5
        if rng.random() < 0.35:
            for name in _LATER_FLAGS:
                inputs[name] = rng.random() < 0.5
            communes = rng.randint(1, 20)
            inputs.update(
                communes_total=communes, communes_holding_dialogue=rng.randint(0, communes)
            )
        yield {**base, "unit": f"Đơn vị {index + 1}", "inputs": inputs}
