"""The still of a render in the forms pages use: JPEG and WebP, narrower copies of
both for small screens, and a link-preview card.

Made once per render, in the worker, beside the lossless PNG (names from
``manifest.entry_files`` and ``manifest.sized_name``); the site build only
links them. ``social_card`` is also used by the Markdown plugin for a cover
picture that is a file of ``content/`` rather than a scene.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from .manifest import SOCIAL_CARD, STILL_WIDTHS, entry_files, sized_name

__all__ = ["derive_still_forms", "derive_stills", "social_card"]

# Visually lossless for these flat-coloured frames, a fraction of the PNG's size.
QUALITY = 88


def derive_stills(folder: Path, scene: str) -> None:
    """Write the JPEG, WebP and card forms of ``folder/<scene>.png``."""
    names = entry_files(scene)
    derive_still_forms(folder / names["still"])
    social_card(folder / names["poster"], folder / names["social_card"])


def derive_still_forms(png: Path) -> None:
    """Beside ``png`` (a lossless still): its JPEG and WebP, and narrower copies of both."""
    with Image.open(png) as image:
        rgb = image.convert("RGB")
    jpeg, webp = png.with_suffix(".jpg"), png.with_suffix(".webp")
    _save(rgb, jpeg, "JPEG")
    _save(rgb, webp, "WEBP")
    for width in (width for width in STILL_WIDTHS if width < rgb.width):
        smaller = rgb.resize((width, round(rgb.height * width / rgb.width)),
                             Image.Resampling.LANCZOS)
        _save(smaller, png.with_name(sized_name(jpeg.name, width)), "JPEG")
        _save(smaller, png.with_name(sized_name(webp.name, width)), "WEBP")


def social_card(source: Path, target: Path) -> Path:
    """Centre-crop ``source`` to the card's shape and scale it to 1200x630 (JPEG)."""
    with Image.open(source) as image:
        width, height = image.size
        ratio = SOCIAL_CARD[0] / SOCIAL_CARD[1]
        crop_w, crop_h = min(width, round(height * ratio)), min(height, round(width / ratio))
        left, top = (width - crop_w) // 2, (height - crop_h) // 2
        card = image.convert("RGB").crop((left, top, left + crop_w, top + crop_h))
        card = card.resize(SOCIAL_CARD, Image.Resampling.LANCZOS)
    _save(card, target, "JPEG")
    return target


def _save(image: Image.Image, target: Path, format_name: str) -> None:
    """Write through a partial file: a reader never sees half an image."""
    partial = target.with_name(target.name + ".partial")
    image.save(partial, format=format_name, quality=QUALITY)
    partial.replace(target)
