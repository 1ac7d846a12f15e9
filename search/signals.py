import contextlib

from django.db.models.signals import m2m_changed, post_delete, post_save

from .index import index_object, reindex, remove_object


def record_saved(sender, instance, **kwargs):
    index_object(instance)


def record_deleted(sender, instance, **kwargs):
    remove_object(sender, instance.pk)


def part_changed(sender, instance, **kwargs):
    """A thrust or an outcome document is part of its record's searchable text."""
    parent = instance.parent_record()
    if parent is not None:
        index_object(parent)


def links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A record is found by the names of its topics, countries and bodies: linking or
    unlinking one changes its text (from either side of the link)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        index_object(instance)
    elif pk_set:
        reindex(model._default_manager.filter(pk__in=pk_set))


def name_changed(sender, instance, created, raw=False, **kwargs):
    """A renamed topic, country, body or series: the records found by its name."""
    if created or raw:
        return
    for model in searchable_models():
        for name in model.search_names:
            if model._meta.get_field(name).related_model is sender:
                reindex(model._default_manager.filter(**{name: instance}))


def searchable_models():
    from meetings.models import Meeting
    from news.models import Article
    from pages.models import Page
    from plans.models import Plan

    return (Meeting, Plan, Article, Page)


def receivers():
    """Each (signal, receiver, sender, dispatch_uid) that keeps the index up to date."""
    from core.models import Country, Organisation, Topic
    from meetings.models import MeetingSeries, OutcomeDocument
    from plans.models import Thrust

    for model in searchable_models():
        yield post_save, record_saved, model, f"search-save-{model.__name__}"
        yield post_delete, record_deleted, model, f"search-delete-{model.__name__}"
        for name in model.search_names:
            field = model._meta.get_field(name)
            if field.many_to_many:
                through = field.remote_field.through
                yield m2m_changed, links_changed, through, f"search-links-{through.__name__}"
    for model in (Thrust, OutcomeDocument):
        for signal in (post_save, post_delete):
            yield signal, part_changed, model, f"search-{signal}-{model}"
    for model in (Topic, Country, Organisation, MeetingSeries):
        yield post_save, name_changed, model, f"search-names-{model.__name__}"


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
