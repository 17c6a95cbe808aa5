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


@pytest.fixture(autouse=True)
def close_figures():
    """Close every pyplot figure a test left open, so that none piles up in memory."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
