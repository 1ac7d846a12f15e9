"""Helpers for Vietnamese text."""

import unicodedata

from django.utils.text import slugify


def normalize_nfc(value):
    """Compose decomposed input (macOS, some newsrooms paste NFD) into the NFC we store."""
    return unicodedata.normalize("NFC", value)


def slugify_vi(value):
    """An ASCII slug from Vietnamese text. ``slugify`` alone drops đ/Đ, which have no
    Unicode decomposition: "Đà Nẵng" would become "a-nang" instead of "da-nang"."""
    return slugify(str(value).replace("đ", "d").replace("Đ", "D"))
