"""Cold import time of gmm_lesson against numpy alone, each in a fresh interpreter.

``import gmm_lesson`` should cost little more than numpy: the math and EM layers
import neither matplotlib, ipywidgets nor scikit-learn. Prints medians of several
runs and the ratio.

    python benchmarks/bench_import.py [--repeats 7]
"""

import argparse
import statistics
import subprocess
import sys

TIMER = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def import_seconds(module):
    out = subprocess.run([sys.executable, "-c", TIMER.format(module=module)],
                         capture_output=True, text=True, check=True)
    return float(out.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    modules = ("numpy", "gmm_lesson", "gmm_lesson.mixture")
    times = {m: [] for m in modules}
    for _ in range(args.repeats):
        for module in modules:
            times[module].append(import_seconds(module))
    base = statistics.median(times["numpy"])
    for module in modules:
        median = statistics.median(times[module])
        print(f"import {module:<20} {median:6.3f} s   {median / base:5.1f}x numpy")


if __name__ == "__main__":
    main()
