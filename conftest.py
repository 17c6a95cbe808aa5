"""pytest settings for the notebooks run under nbval."""


def pytest_collectstart(collector):
    # An ipympl canvas's HTML holds a freshly rendered PNG; widget views have no
    # stable text. Only the text/plain of cells marked NBVAL_CHECK_OUTPUT is compared.
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("text/html", "application/javascript")
