"""Copies a few of the public pages' screenshots (screenshots/*.png, written by the browser
tests) to docs/screenshots/ as JPEGs for the README: `make screenshots` runs it."""

from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
#: (screenshot, name in docs/screenshots/, the height kept: the first screens of the page).
CHOSEN = [
    ("home-en-desktop", "public-1-home", 1400),
    ("meeting-vi-desktop-dark", "public-2-meeting-dark", 1300),
    ("plans-en-desktop", "public-3-plans-timeline", 1600),
    ("documents-vi-phone", "public-4-documents-phone", 1500),
]

for source, target, height in CHOSEN:
    with Image.open(ROOT / "screenshots" / f"{source}.png") as image:
        image = image.convert("RGB")
        image = image.crop((0, 0, image.width, min(height, image.height)))
        image.save(ROOT / "docs" / "screenshots" / f"{target}.jpg", quality=78, optimize=True)
        print(f"docs/screenshots/{target}.jpg")
