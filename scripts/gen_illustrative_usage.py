#!/usr/bin/env python3
"""Generate data/usage/illustrative-anthropic-xai-colossus-1.csv.

ILLUSTRATIVE DATA, NOT REAL. Anthropic's actual usage of Colossus 1 is not
public. This script makes up a plausible daily usage series for the headline
deal (anthropic-xai-colossus-1) so that the report's realized-cost and
utilization figures have something to show. Nothing in the output is a
reported figure.

Shape of the made-up series, as a share of the contracted daily GPU-hours
(the prospectus's approximately 325,000 GPUs across Colossus I and II x 24
hours = 7,800,000 GPU-hours a day):

- 2026-05-01 to 2026-06-30, the two discounted ramp months: a straight line
  from 40% on the first day to 90% on the last.
- 2026-07-01 to 2026-11-30, the last full month before the report date
  (2026-12-03; a partial month would show as low utilization): 91% plus a weekly and a
  roughly monthly wave, so it moves between about 85% and 97% and never
  exceeds 100%.

The output is fully deterministic (no randomness): running the script again
writes a byte-identical file. Python 3 standard library only.

Usage: python3 scripts/gen_illustrative_usage.py
"""

import csv
import math
from datetime import date, timedelta
from pathlib import Path

DEAL = "anthropic-xai-colossus-1"
START = date(2026, 5, 1)  # the deal's start
RAMP_END = date(2026, 6, 30)  # last day of the two discounted months
# The last full month before site.yaml's as_of (2026-12-03): utilization is
# used / contracted over whole months, so a half-reported month would read low.
LAST_DAY = date(2026, 11, 30)
BASE_GPUS = 325_000  # "approximately 325,000 NVIDIA GPUs" (424B4), the deal's own capacity
CONTRACTED_PER_DAY = BASE_GPUS * 24

RAMP_FROM, RAMP_TO = 0.40, 0.90
STEADY_MID = 0.91
WEEKLY_AMPLITUDE = 0.035
MONTHLY_AMPLITUDE = 0.025
FLOOR, CEILING = 0.85, 0.97

OUT = (
    Path(__file__).resolve().parent.parent
    / "data"
    / "usage"
    / "illustrative-anthropic-xai-colossus-1.csv"
)


def utilization(day: date) -> float:
    """Made-up share of the contracted GPU-hours used on `day`."""
    if day <= RAMP_END:
        span = (RAMP_END - START).days
        return RAMP_FROM + (RAMP_TO - RAMP_FROM) * (day - START).days / span
    n = (day - RAMP_END).days
    u = (
        STEADY_MID
        + WEEKLY_AMPLITUDE * math.sin(2 * math.pi * n / 7)
        + MONTHLY_AMPLITUDE * math.sin(2 * math.pi * n / 29.5)
    )
    return min(CEILING, max(FLOOR, u))


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["deal", "date", "gpu_hours"])
        day = START
        while day <= LAST_DAY:
            hours = round(utilization(day) * CONTRACTED_PER_DAY)
            writer.writerow([DEAL, day.isoformat(), hours])
            day += timedelta(days=1)


if __name__ == "__main__":
    main()
