"""Measuring what a keyboard user sees: the focus indicator as the pixels that change between the focused and the
unfocused state (screenshots), and contrast ratios computed from real colours (WCAG 2.x relative luminance)."""

import io
import re

import numpy as np
from PIL import Image

MARGIN = 10  # px around the element: an outline with an offset lies outside its box


def luminance(rgb: tuple[int, ...]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def css_rgb(value: str) -> tuple[int, int, int, float]:
    """``rgb(1, 2, 3)`` / ``rgba(1, 2, 3, 0.5)`` / ``#rrggbb`` as (r, g, b, alpha)."""
    if value.startswith("#"):
        return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16), 1.0
    numbers = [float(n) for n in re.findall(r"[\d.]+", value)]
    return int(numbers[0]), int(numbers[1]), int(numbers[2]), numbers[3] if len(numbers) > 3 else 1.0


def blend(top: tuple[int, int, int, float], bottom: tuple[int, ...]) -> tuple[int, int, int]:
    alpha = top[3]
    return tuple(round(alpha * t + (1 - alpha) * b) for t, b in zip(top[:3], bottom[:3], strict=True))


def _clip(page, box: dict) -> dict:
    viewport = page.viewport_size
    x, y = max(box["x"] - MARGIN, 0), max(box["y"] - MARGIN, 0)
    right = min(box["x"] + box["width"] + MARGIN, viewport["width"])
    bottom = min(box["y"] + box["height"] + MARGIN, viewport["height"])
    return {"x": x, "y": y, "width": right - x, "height": bottom - y}


def _shot(page, clip: dict) -> Image.Image:
    return Image.open(io.BytesIO(page.screenshot(clip=clip, animations="disabled", caret="hide"))).convert("RGB")


def _luminances(image: Image.Image) -> np.ndarray:
    c = np.asarray(image, dtype=float) / 255
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def indicator_pixels(page, locator) -> tuple[int, float]:
    """(pixels that change by at least 3:1 when ``locator`` loses focus, the element's perimeter in px).

    The element must have the focus (from the keyboard) when called; it has it again afterwards."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    clip = _clip(page, box)
    focused = _luminances(_shot(page, clip))
    page.evaluate("document.activeElement.blur()")
    unfocused = _luminances(_shot(page, clip))
    locator.focus()
    ratio = (np.maximum(focused, unfocused) + 0.05) / (np.minimum(focused, unfocused) + 0.05)
    return int((ratio >= 3).sum()), 2 * (box["width"] + box["height"])


def assert_focus_visible(page, locator, what: str) -> None:
    """The focused element's indicator: at least as many pixels, each changing by 3:1 or more, as a 1 px line
    around the element would have (WCAG 2.4.7 visible, 1.4.11 contrast of the indicator against what it covers)."""
    pixels, perimeter = indicator_pixels(page, locator)
    assert pixels >= perimeter, f"{what}: focus indicator {pixels} px of 3:1 change, needs ≥ {perimeter:.0f}"
