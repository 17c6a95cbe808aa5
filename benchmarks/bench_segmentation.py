"""Seconds to segment a photograph by colour, as notebook 10 does: fit a mixture to a
sample of pixels in CIE Lab, then give every pixel its component.

For scikit-learn's ``flower.jpg`` at the notebook's half size (214 x 320 = 68,480
pixels) and at full size (427 x 640 = 273,280 pixels), fitted on 3000 pixels drawn at
random (seeded), K = 6, full covariances, with the lesson's ``GaussianMixture``
(scikit-learn's for comparison), several times over:

* *Lab*: sRGB to Lab of every pixel (:func:`gmm_lesson.colour.rgb_to_lab`);
* *fit*: EM on the 3000 sampled pixels, from the default k-means start;
* *predict*: ``predict`` on every pixel;
* *proba*: ``predict_proba`` on every pixel.

Prints the median and the worst of each. Target: at half size, fit + predict +
predict_proba under 0.5 s, so that the notebook's section 1 (six fits) stays within
its share of the notebook's time budget. Full size is measured and has no target.

    python benchmarks/bench_segmentation.py [--repeats 5]
"""

import argparse
import statistics
import time

import numpy as np
from sklearn.datasets import load_sample_image
from sklearn.mixture import GaussianMixture as SklearnMixture

import gmm_lesson as gl
from gmm_lesson.colour import rgb_to_lab

TARGET_S = 0.5
N_FIT = 3000


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def measure(photo, estimator, repeats):
    times = {"Lab": [], "fit": [], "predict": [], "proba": []}
    for _ in range(repeats):
        seconds, lab = timed(rgb_to_lab, photo)
        times["Lab"].append(seconds)
        pixels = lab.reshape(-1, 3)
        sample = pixels[np.random.default_rng(0).choice(len(pixels), N_FIT, replace=False)]
        seconds, model = timed(estimator(n_components=6, random_state=0).fit, sample)
        times["fit"].append(seconds)
        times["predict"].append(timed(model.predict, pixels)[0])
        times["proba"].append(timed(model.predict_proba, pixels)[0])
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    full = load_sample_image("flower.jpg")
    for size, photo in (("half", full[::2, ::2]), ("full", full)):
        for name, estimator in (("gmm_lesson", gl.GaussianMixture),
                                ("scikit-learn", SklearnMixture)):
            times = measure(photo, estimator, args.repeats)
            n_pixels = photo.shape[0] * photo.shape[1]
            parts = ", ".join(f"{part} {statistics.median(t):.3f} (worst {max(t):.3f})"
                              for part, t in times.items())
            print(f"{size} size, {n_pixels} pixels, {name}: {parts} s")
            if size == "half" and name == "gmm_lesson":
                total = sum(statistics.median(times[p]) for p in ("fit", "predict", "proba"))
                verdict = "within" if total < TARGET_S else "OVER"
                print(f"  fit + predict + proba: {total:.3f} s, {verdict} the target of "
                      f"{TARGET_S} s")


if __name__ == "__main__":
    main()
