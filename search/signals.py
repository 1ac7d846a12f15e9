import contextlib

from django.db.models.signals import post_delete, post_save

from .index import index_object, remove_object


def record_saved(sender, instance, **kwargs):
    index_object(instance)


def record_deleted(sender, instance, **kwargs):
    remove_object(sender, instance.pk)


def part_changed(sender, instance, **kwargs):
    """A thrust or an outcome document is part of its record's searchable text."""
    parent = instance.parent_record()
    if parent is not None:
        index_object(parent)


def receivers():
    """Each (signal, receiver, sender, dispatch_uid) that keeps the index up to date."""
    from meetings.models import Meeting, OutcomeDocument
    from news.models import Article
    from plans.models import Plan, Thrust

    for model in (Meeting, Plan, Article):
        yield post_save, record_saved, model, f"search-save-{model.__name__}"
        yield post_delete, record_deleted, model, f"search-delete-{model.__name__}"
    for model in (Thrust, OutcomeDocument):
        for signal in (post_save, post_delete):
            yield signal, part_changed, model, f"search-{signal}-{model}"


def connect():
    for signal, receiver, sender, uid in receivers():
        signal.connect(receiver, sender=sender, dispatch_uid=uid)


@contextlib.contextmanager
def paused():
    """No index update per save (``restore`` loads every record, then rebuilds the index)."""
    for signal, _receiver, sender, uid in receivers():
        signal.disconnect(sender=sender, dispatch_uid=uid)
    try:
        yield
    finally:
        connect()
