"""Scaled data for query-count checks and the benchmark.

Each app may have a `seed.py` with `seed(factor: int)`; `seed_scale` runs them in app order.
Later issues add their records by adding such a module.
"""

from importlib import import_module, util

from django.apps import apps

LOCAL_APPS = ("bscb", "accountability", "plan", "challenge_log", "reporting", "notifications")


def seed_scale(factor: int) -> dict[str, int]:
    counts = {}
    for label in LOCAL_APPS:
        name = f"{apps.get_app_config(label).name}.seed"
        if util.find_spec(name) is not None:
            counts.update(import_module(name).seed(factor))
    return counts
