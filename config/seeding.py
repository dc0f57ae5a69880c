"""Scaled data for query-count checks and the benchmark: each app's `seed(factor)`, in order.

Later issues add their records by adding their app's seed to SEEDS.
"""

from accountability.seed import seed as accountability_seed
from challenge_log.seed import seed as log_seed
from plan.action_seed import seed as action_seed
from plan.seed import seed as plan_seed
from reporting.papers_seed import seed as papers_seed
from reporting.seed import seed as reporting_seed

# The plan's seeded outcomes are the responsibility of the seeded bodies, and the log's entries are raised by
# them: after them. The actions are the seeded bodies' on the seeded plans, and arise from their decisions: last.
# The bench's reader sits in the business unit (issue 18: the dashboards open for it): last of all.
SEEDS = [accountability_seed, plan_seed, log_seed, action_seed, papers_seed, reporting_seed]


def seed_scale(factor: int) -> dict[str, int]:
    counts = {}
    for seed in SEEDS:
        counts.update(seed(factor))
    return counts
