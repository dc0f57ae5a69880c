import pytest

from notifications import registry


@pytest.fixture
def source():
    """Register a source for the test: `source(dues_or_callable)`; unregistered afterwards."""
    kinds = []

    def add(dues, kind="test"):
        registry.register(kind, dues if callable(dues) else (lambda as_of: list(dues)))
        kinds.append(kind)

    yield add
    for kind in kinds:
        registry.unregister(kind)
