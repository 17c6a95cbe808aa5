"""sRGB <-> CIE Lab (D65) against published values, and back again."""

import numpy as np
import pytest

from gmm_lesson.colour import WHITE_D65, lab_to_rgb, rgb_to_lab

# Published L*a*b* (D65, 2-degree observer) of sRGB colours:
# white is L* = 100, a* = b* = 0 by the definition of CIELAB relative to its white;
# red from the coloraide documentation's lab-d65 example, color(--lab-d65 53.237 80.09 67.203);
# the blue rgb(59, 130, 246) from geratools' RGB-to-Lab page, L* 55.6, a* 17.6, b* -64.4, to
# half a unit of its last digit.
PUBLISHED = [
    ((255, 255, 255), (100.0, 0.0, 0.0), 1e-9),
    ((255, 0, 0), (53.237, 80.09, 67.203), 0.001),
    ((59, 130, 246), (55.6, 17.6, -64.4), 0.05),
    ((0, 0, 0), (0.0, 0.0, 0.0), 1e-9),
]


@pytest.mark.parametrize(("rgb", "lab", "tolerance"), PUBLISHED)
def test_published_values(rgb, lab, tolerance):
    got = rgb_to_lab(np.array(rgb, dtype=np.uint8))
    np.testing.assert_allclose(got, lab, rtol=0, atol=tolerance)


def test_d65_white_is_the_published_white_point():
    # Xn, Yn, Zn of D65 as usually tabulated (95.047, 100, 108.883), to the precision that
    # the tabulated chromaticities (0.3127, 0.3290) carry.
    np.testing.assert_allclose(WHITE_D65, [0.95047, 1.0, 1.08883], atol=3e-4)


def test_greys_have_no_colour_and_lightness_follows_the_formula():
    # A grey v has linear value Y = ((v + 0.055) / 1.055) ** 2.4 and L* = 116 Y ** (1/3) - 16.
    levels = np.array([50, 119, 200], dtype=np.uint8)
    greys = np.repeat(levels[:, None], 3, axis=1)
    lab = rgb_to_lab(greys)
    y = ((levels / 255 + 0.055) / 1.055) ** 2.4
    np.testing.assert_allclose(lab[:, 0], 116 * np.cbrt(y) - 16, rtol=1e-12)
    np.testing.assert_allclose(lab[:, 1:], 0, atol=1e-12)


def test_dark_colours_use_the_linear_segments():
    # sRGB 1/255 lies on sRGB's linear segment and its Y on CIE's: L* = 903.3 Y.
    lab = rgb_to_lab(np.array([1, 1, 1], dtype=np.uint8))
    y = 1 / 255 / 12.92
    assert lab[0] == pytest.approx(24389 / 27 * y, rel=1e-12)


def test_floats_and_bytes_give_the_same_colours(rng):
    pixels = rng.integers(0, 256, size=(50, 3)).astype(np.uint8)
    np.testing.assert_allclose(rgb_to_lab(pixels), rgb_to_lab(pixels / 255), rtol=1e-12)


def test_round_trip(rng):
    rgb = rng.random((20, 30, 3))
    np.testing.assert_allclose(lab_to_rgb(rgb_to_lab(rgb)), rgb, atol=1e-12)
    lab = rgb_to_lab(rgb)
    np.testing.assert_allclose(rgb_to_lab(lab_to_rgb(lab)), lab, atol=1e-9)


def test_colours_outside_srgb_are_clipped_only_when_asked():
    lab = np.array([[50.0, 120.0, 0.0]])                # a magenta no screen shows
    raw = lab_to_rgb(lab, clip=False)
    assert raw.min() < 0 or raw.max() > 1
    np.testing.assert_allclose(lab_to_rgb(lab), np.clip(raw, 0, 1))


@pytest.mark.parametrize(("bad", "error", "words"), [
    (None, TypeError, "got None"),
    ("red", TypeError, "real numbers"),
    ([[0.1, 0.2]], ValueError, "shape (..., 3)"),
    (0.5, ValueError, "shape (..., 3)"),
    ([[np.nan, 0, 0]], ValueError, "NaN"),
    ([[255.0, 0, 0]], ValueError, "divide 0-255 values by 255"),
    (np.array([[300, 0, 0]]), ValueError, "outside 0-255"),
])
def test_bad_rgb_is_refused_with_a_message_naming_it(bad, error, words):
    with pytest.raises(error, match="rgb") as caught:
        rgb_to_lab(bad)
    assert words in str(caught.value)


def test_bad_lab_is_refused():
    with pytest.raises(ValueError, match="lab must have shape"):
        lab_to_rgb(np.zeros((4, 2)))
