import pytest

from tests.challenge_log.shape import log_shape


@pytest.fixture
def log(db):
    return log_shape()
