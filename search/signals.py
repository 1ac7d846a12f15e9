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


def connect():
    from meetings.models import Meeting, OutcomeDocument
    from news.models import Article
    from plans.models import Plan, Thrust

    for model in (Meeting, Plan, Article):
        post_save.connect(record_saved, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(
            record_deleted, sender=model, dispatch_uid=f"search-delete-{model.__name__}"
        )
    for model in (Thrust, OutcomeDocument):
        for signal in (post_save, post_delete):
            signal.connect(part_changed, sender=model, dispatch_uid=f"search-{signal}-{model}")
