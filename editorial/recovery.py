"""What a deletion takes from other records, kept so that recovering the record puts it back.

A record's own version holds its fields, its many-to-many links and the rows edited with it.
Deleting it also removes what other records hold: their many-to-many links to it (an
article's link to a meeting), their references to it, set to empty (a plan's ``adopted_at``,
a successor's ``predecessor``), and their rows that depend on it (a meeting's link to a
deleted plan). ``held_links`` lists these before the deletion; ``restore_links`` puts them
back on recovery, where the other records still exist and have not been changed to point
elsewhere since.
"""

from django.apps import apps
from django.db import models

from .working_copies import deserialized, exists, insert, serialized


def held_links(record):
    model = type(record)
    followed = set(model.edited_with)  # in the record's own version
    links = []
    for relation in model._meta.related_objects:
        accessor, field = relation.get_accessor_name(), relation.field
        if accessor in followed or relation.one_to_one:
            continue
        link = {"model": relation.related_model._meta.label_lower, "field": field.name}
        related = getattr(record, accessor).all()
        if relation.many_to_many:
            if not field.remote_field.through._meta.auto_created:
                continue  # rows of a model of their own: those of the relation below
            link.update(kind="links", keys=list(related.values_list("pk", flat=True)))
        elif field.remote_field.on_delete is models.SET_NULL:
            link.update(kind="references", keys=list(related.values_list("pk", flat=True)))
        elif field.remote_field.on_delete is models.CASCADE:
            link.update(kind="rows", rows=[serialized(row) for row in related])
        else:
            continue  # PROTECT: no deletion while they exist
        if link.get("keys") or link.get("rows"):
            links.append(link)
    return links


def restore_links(record, links):
    for link in links:
        model = apps.get_model(link["model"])
        field = model._meta.get_field(link["field"])
        if link["kind"] == "links":
            others = model._default_manager.filter(pk__in=link["keys"])
            getattr(record, field.remote_field.get_accessor_name()).add(*others)
        elif link["kind"] == "references":
            empty = {f"{field.attname}__isnull": True}
            for other in model._default_manager.filter(pk__in=link["keys"], **empty):
                setattr(other, field.attname, record.pk)
                other.save(update_fields=[field.attname])
        else:
            for data in link["rows"]:
                # Again, unless a record it points to is gone.
                if all(exists(f, data["fields"]) for f in model._meta.concrete_fields):
                    insert(deserialized(data).object)
