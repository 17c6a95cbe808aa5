"""Colours of a photograph as points where distance means something: sRGB to CIE Lab and back.

A pixel's sRGB values are what a screen is sent, not what an eye sees: equal steps
in sRGB can look very different. CIE L*a*b* (CIELAB, 1976) was built so that equal
distances look roughly equally different, which makes it a better space in which
to fit Gaussians to colours. The conversion runs

    sRGB (gamma-encoded) -> linear RGB -> CIE XYZ -> L*a*b*

with the sRGB primaries and the D65 white point of IEC 61966-2-1, and back the
same way. The RGB -> XYZ matrix is derived from the primaries' and the white
point's chromaticities, so that sRGB white maps to L* = 100, a* = b* = 0.

:func:`rgb_to_lab` and :func:`lab_to_rgb` check their input; this module imports
none of the lesson's layers (numpy only).
"""

import numpy as np

__all__ = ["WHITE_D65", "lab_to_rgb", "rgb_to_lab"]

# Chromaticities (x, y) of the sRGB primaries and of the D65 white (IEC 61966-2-1).
_PRIMARIES = np.array([[0.64, 0.33], [0.30, 0.60], [0.15, 0.06]])
_WHITE_XY = np.array([0.3127, 0.3290])


def _xyz_of(xy):
    """XYZ with Y = 1 of the chromaticities ``xy``, shape (..., 2) -> (..., 3)."""
    x, y = xy[..., 0], xy[..., 1]
    return np.stack([x / y, np.ones_like(x), (1 - x - y) / y], axis=-1)


WHITE_D65 = _xyz_of(_WHITE_XY)
"""CIE XYZ of the D65 white, scaled to Y = 1: about (0.9505, 1, 1.0891)."""

# Each primary's XYZ direction, scaled so that the three at full strength add up to white.
_DIRECTIONS = _xyz_of(_PRIMARIES).T
_RGB_TO_XYZ = _DIRECTIONS * np.linalg.solve(_DIRECTIONS, WHITE_D65)
_XYZ_TO_RGB = np.linalg.inv(_RGB_TO_XYZ)

# CIE's f(t): a cube root, with a straight segment near zero where the root is too steep.
_DELTA = 6 / 29


def _f(t):
    return np.where(t > _DELTA ** 3, np.cbrt(t), t / (3 * _DELTA ** 2) + 4 / 29)


def _f_inverse(f):
    return np.where(f > _DELTA, f ** 3, 3 * _DELTA ** 2 * (f - 4 / 29))


def _decode(encoded):
    """sRGB's transfer function undone: gamma-encoded values in [0, 1] to linear light."""
    return np.where(encoded <= 0.04045, encoded / 12.92, ((encoded + 0.055) / 1.055) ** 2.4)


def _encode(linear):
    return np.where(linear <= 0.0031308, 12.92 * linear,
                    1.055 * np.abs(linear) ** (1 / 2.4) * np.sign(linear) - 0.055)


def _check_colours(values, name):
    """``values`` as a finite float array of shape (..., 3)."""
    if values is None:
        raise TypeError(f"{name} must be an array of shape (..., 3), got None.")
    try:
        array = np.asarray(values)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of numbers of shape (..., 3): {error}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}.")
    floats = array.astype(np.float64)
    if floats.ndim == 0 or floats.shape[-1] != 3:
        raise ValueError(f"{name} must have shape (..., 3), three values per colour; "
                         f"got shape {floats.shape}.")
    if not np.all(np.isfinite(floats)):
        raise ValueError(f"{name} contains NaN or infinity: every value must be finite.")
    return array, floats


def rgb_to_lab(rgb):
    """CIE L*a*b* (D65) of sRGB colours.

    Parameters
    ----------
    rgb : array-like of shape (..., 3)
        sRGB colours, as an image stores them: ``uint8`` from 0 to 255 (as
        ``load_sample_image`` and most image files give them), or floats from 0
        to 1 (as matplotlib takes them).

    Returns
    -------
    lab : ndarray of shape (..., 3)
        L* (lightness, 0 for black to 100 for white), a* (green - to red +) and
        b* (blue - to yellow +).

    Raises
    ------
    ValueError
        If the last axis does not hold three values, a value is not finite, or
        a float lies outside [0, 1] (divide 0-255 floats by 255 first).

    Notes
    -----
    With :math:`f(t) = t^{1/3}` above :math:`(6/29)^3` and linear below, and
    :math:`(X_n, Y_n, Z_n)` the D65 white,

    .. math:: L^* = 116 f(Y/Y_n) - 16, \\quad a^* = 500 (f(X/X_n) - f(Y/Y_n)),
              \\quad b^* = 200 (f(Y/Y_n) - f(Z/Z_n)).
    """
    array, floats = _check_colours(rgb, "rgb")
    if array.dtype.kind in "iu":
        if np.any(floats < 0) or np.any(floats > 255):
            raise ValueError("rgb holds integers outside 0-255: give uint8 values from 0 to 255 "
                             "or floats from 0 to 1.")
        floats = floats / 255
    elif np.any(floats < 0) or np.any(floats > 1):
        raise ValueError(f"rgb holds floats from {floats.min():.4g} to {floats.max():.4g}: "
                         "give floats from 0 to 1 (divide 0-255 values by 255) or uint8 values.")
    xyz = _decode(floats) @ _RGB_TO_XYZ.T
    fx, fy, fz = np.moveaxis(_f(xyz / WHITE_D65), -1, 0)
    return np.stack([116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)], axis=-1)


def lab_to_rgb(lab, *, clip=True):
    """sRGB colours (floats from 0 to 1) of CIE L*a*b* (D65) colours.

    Parameters
    ----------
    lab : array-like of shape (..., 3)
        L*, a*, b*, as :func:`rgb_to_lab` returns them.
    clip : bool, default=True
        Clip to [0, 1]. Many Lab colours (very bright and saturated ones) have no
        sRGB equivalent; clipping gives the nearest displayable value channel by
        channel. With ``clip=False`` such colours come back outside [0, 1].

    Returns
    -------
    rgb : ndarray of shape (..., 3)
        sRGB floats, ready for matplotlib's ``imshow``.

    Raises
    ------
    ValueError
        If the last axis does not hold three values or a value is not finite.
    """
    _, lab = _check_colours(lab, "lab")
    fy = (lab[..., 0] + 16) / 116
    f = np.stack([fy + lab[..., 1] / 500, fy, fy - lab[..., 2] / 200], axis=-1)
    rgb = _encode((_f_inverse(f) * WHITE_D65) @ _XYZ_TO_RGB.T)
    return np.clip(rgb, 0, 1) if clip else rgb
