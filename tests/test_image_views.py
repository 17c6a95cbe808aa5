"""What the image views show, read back from their artists."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from gmm_lesson.plotting.images import (
    plot_image_grid,
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
