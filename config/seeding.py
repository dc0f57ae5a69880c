"""Scaled data for query-count checks and the benchmark: each app's `seed(factor)`, in order.

Later issues add their records by adding their app's seed to SEEDS.
"""

from accountability.seed import seed as accountability_seed
from plan.seed import seed as plan_seed

# The plan's seeded outcomes are the responsibility of the seeded bodies: after them.
SEEDS = [accountability_seed, plan_seed]


def seed_scale(factor: int) -> dict[str, int]:
    counts = {}
    for seed in SEEDS:
        counts.update(seed(factor))
    return counts
