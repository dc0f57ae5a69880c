"""Scaled data for the benchmark (issue 18): the dashboards' reader, a business unit officer
(accountability.bench_seat). The records the dashboards count are the other seeds'."""

from accountability.bench_seat import seat_bench_user


def seed(factor: int) -> dict[str, int]:
    seat_bench_user()
    return {"bench reader seated": 1}
