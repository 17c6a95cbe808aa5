"""What the image views show, read back from their artists."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from gmm_lesson.plotting import PALETTE
from gmm_lesson.plotting.images import (
    matched_labels,
    plot_image_grid,
    plot_label_map,
    plot_membership_map,
    plot_score_histograms,
    plot_segmentation,
    tile_images,
)

COLOURS = np.array([[1.0, 0.0, 0.0], [0.0, 0.5, 1.0], [0.2, 0.2, 0.2]])


def test_segmentation_paints_each_pixel_with_its_components_colour():
    labels = np.array([0, 1, 2, 2, 1, 0])
    _, ax = plt.subplots()
    image = plot_segmentation(labels, COLOURS, (2, 3), ax=ax, title="three colours")
    painted = image.get_array()
    assert painted.shape == (2, 3, 3)
    np.testing.assert_array_equal(painted[0, 1], COLOURS[1])
    np.testing.assert_array_equal(painted[1, 0], COLOURS[2])
    assert ax.get_title() == "three colours" and not ax.axison


@pytest.mark.parametrize(("labels", "colours", "words"), [
    (np.array([0, 1, 3, 2, 1, 0]), COLOURS, "from 0 to 2"),
    (np.array([0, 1, 2]), COLOURS, "6 integers"),
    (np.array([0.0, 1, 2, 2, 1, 0]), COLOURS, "integers"),
    (np.array([0, 1, 2, 2, 1, 0]), COLOURS * 255, "from 0 to 1"),
])
def test_segmentation_refuses_what_it_cannot_paint(labels, colours, words):
    with pytest.raises(ValueError, match=words):
        plot_segmentation(labels, colours, (2, 3))


def test_membership_map_is_grey_from_zero_to_one():
    probability = np.linspace(0, 1, 12)
    image = plot_membership_map(probability, (3, 4))
    np.testing.assert_array_equal(image.get_array(), probability.reshape(3, 4))
    assert image.get_clim() == (0, 1) and image.get_cmap().name == "gray"
    with pytest.raises(ValueError, match="from 0 to 1"):
        plot_membership_map(probability * 2, (3, 4))
    with pytest.raises(ValueError, match=r"one value per pixel, shape \(10,\)"):
        plot_membership_map(probability, (2, 5))


def test_tiles_keep_every_image_in_its_place_with_gaps_between():
    images = np.arange(5 * 2 * 3, dtype=float).reshape(5, 2, 3)
    tiled = tile_images(images, 3, gap=1)
    assert tiled.shape == (2 * 2 + 1, 3 * 3 + 2)
    np.testing.assert_array_equal(tiled[0:2, 4:7], images[1])
    np.testing.assert_array_equal(tiled[3:5, 4:7], images[4])
    assert np.all(np.isnan(tiled[2])) and np.all(np.isnan(tiled[3:5, 8:]))


def test_image_grid_writes_each_caption_under_its_image():
    images = np.zeros((4, 8, 8))
    _, ax = plt.subplots()
    artists = plot_image_grid(images, n_cols=2, captions=["a", "b", "c", "d"], ax=ax,
                              vmin=0, vmax=16)
    assert [t.get_text() for t in artists.captions] == ["a", "b", "c", "d"]
    x_b, y_b = artists.captions[1].get_position()
    x_c, y_c = artists.captions[2].get_position()
    assert x_b > x_c and y_c > y_b             # b right of c; c a row lower (y grows downwards)
    assert artists.image.get_clim() == (0, 16)
    with pytest.raises(ValueError, match="one text per image"):
        plot_image_grid(images, captions=["a"])


def test_score_histograms_say_the_share_below_the_threshold():
    scores = {"held out": np.arange(100.0), "flipped": np.arange(100.0) - 80}
    _, ax = plt.subplots()
    artists = plot_score_histograms(scores, threshold=5.0, ax=ax)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    # 0, ..., 4 lie below 5 in the first group (5%); -80, ..., 4 in the second (85%).
    assert labels[:2] == ["held out: 5% below", "flipped: 85% below"]
    assert artists.threshold.get_xdata()[0] == 5.0
    assert len(artists.histograms) == 2
    with pytest.raises(ValueError, match="NaN"):
        plot_score_histograms({"bad": [np.nan]})


def test_matched_labels_renumber_each_region_after_the_one_it_overlaps():
    reference = np.array([0, 0, 0, 1, 1, 2, 2, 2])
    # The same three regions numbered otherwise, and one pixel moved from region 2 to 1.
    labels = np.array([2, 2, 2, 0, 0, 0, 1, 1])
    np.testing.assert_array_equal(matched_labels(labels, reference), [0, 0, 0, 1, 1, 1, 2, 2])
    # A region with no partner takes the next number after the reference's.
    four = np.array([3, 3, 3, 1, 1, 0, 0, 2])
    np.testing.assert_array_equal(matched_labels(four, reference), [0, 0, 0, 1, 1, 2, 2, 3])
    with pytest.raises(ValueError, match="one per pixel"):
        matched_labels(labels[:5], reference)


def test_label_map_paints_matching_regions_of_two_models_alike():
    reference = np.array([0, 0, 1, 1, 2, 2])
    permuted = np.array([1, 1, 2, 2, 0, 0])
    _, (ax0, ax1) = plt.subplots(1, 2)
    first = plot_label_map(reference, (2, 3), ax=ax0, title="reference").get_array()
    second = plot_label_map(permuted, (2, 3), reference=reference, ax=ax1).get_array()
    np.testing.assert_array_equal(first, second)
    np.testing.assert_allclose(first[0, 0], to_rgb(PALETTE[0]))
    np.testing.assert_allclose(first[1, 2], to_rgb(PALETTE[2]))
    assert ax0.get_title() == "reference" and not ax0.axison
    with pytest.raises(ValueError, match="8 colours; labels need 9"):
        plot_label_map(np.arange(9), (3, 3))
    with pytest.raises(ValueError, match="integers"):
        plot_label_map(reference.astype(float), (2, 3))


def test_image_grid_captions_take_the_size_asked_for():
    _, ax = plt.subplots()
    artists = plot_image_grid(np.zeros((2, 8, 8)), captions=["a", "b"], ax=ax)
    small = artists.captions[0].get_fontsize()
    big = plot_image_grid(np.zeros((2, 8, 8)), captions=["a", "b"], ax=ax,
                          caption_size="large").captions[0].get_fontsize()
    assert big > small


def test_score_histograms_name_the_score_on_the_axis_and_the_threshold():
    _, ax = plt.subplots()
    artists = plot_score_histograms({"a": np.arange(10.0)}, threshold=2.0, ax=ax,
                                    score_name="log p(z)")
    assert ax.get_xlabel() == "log p(z)"
    assert artists.threshold.get_label() == "threshold, log p(z) = 2.0"
