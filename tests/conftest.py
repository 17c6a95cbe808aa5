"""Fixtures shared by the tests, and the matplotlib backend they all draw with."""

import matplotlib
import numpy as np
import pytest

# Pytest imports this file before any test module, so no test imports pyplot before the
# backend is set: figures are drawn off screen, with no display and no GUI toolkit.
matplotlib.use("Agg")


@pytest.fixture
def rng():
    return np.random.default_rng(12345)
