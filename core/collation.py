"""Lists sorted as the page's language sorts words (ICU collation, from ``pyicu-wheels``):
"Ấn Độ" before "Việt Nam", "Chống…" before "Chuyển…", "Nền tảng" before "Ngôn từ" in
Vietnamese; English names in English order on English pages. Code points, and the databases'
default collations, put every accented letter after "z".

Sorted in Python, not by the database: SQLite has no ICU collation, and every list a reader
sees (a record's countries, topics and bodies, a filter's options) has tens of entries, already
read for the page."""

import threading

import icu
from django.utils.translation import get_language

_local = threading.local()  # ICU collators are not shared between threads


def collator(language):
    collators = _local.__dict__.setdefault("collators", {})
    if language not in collators:
        collators[language] = icu.Collator.createInstance(icu.Locale(language))
    return collators[language]


def collated(items, key=str, language=None):
    """``items`` sorted by ``key`` (their text) in ``language``, the page's by default."""
    sort_key = collator(language or get_language() or "vi").getSortKey
    return sorted(items, key=lambda item: sort_key(key(item)))
