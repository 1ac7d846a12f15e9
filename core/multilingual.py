"""modeltranslation makes a new queryset class on every ``get_queryset()`` of a model whose
manager has a queryset class of its own (``multilingual_queryset_factory``): about 12 µs each,
seven on a meeting's page, and each new class starts with Python's attribute caches cold.
The class it makes holds nothing of its own, so one per queryset class serves every call."""

import functools

from modeltranslation import manager

_make = manager.multilingual_queryset_factory


@functools.cache
def _shared_class(queryset_class):
    return _make(queryset_class, instantiate=False)


def multilingual_queryset_factory(old_cls, instantiate=True):
    """modeltranslation's, with the class made once (a pickled queryset names this one)."""
    queryset_class = _shared_class(old_cls)
    return queryset_class() if instantiate else queryset_class


def share_queryset_classes():
    manager.multilingual_queryset_factory = multilingual_queryset_factory
