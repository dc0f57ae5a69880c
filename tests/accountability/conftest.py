from tests.accountability.bradford_shape import frozen_day, structure  # noqa: F401 (fixtures of the package)
