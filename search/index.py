"""Keeping the search index in step with the content.

Every save and delete of a meeting, plan or article (and of a thrust or outcome document, which
are part of their record's text) updates the index through signals: the admin, the shell and
``loaddata`` all go through them. ``QuerySet.update()`` and ``bulk_create()`` send no signals;
after such bulk changes call ``reindex(queryset)``, or run
``python manage.py rebuild_search_index``.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import CharField, Value
from django.utils import timezone

from core.models import Workflow
from pagecache.generation import invalidate_pages

from .backends import KINDS, get_backend
from .text import plain_text


@dataclass(frozen=True)
class Document:
    language: str
    title: str
    body: str
    date: datetime.datetime


def kind_of(model):
    label = model._meta.label
    return next((kind for kind, model_label in KINDS.items() if model_label == label), None)


def text_in(obj, field, language):
    """What a reader of ``language`` sees for ``obj.field``: its text or the Vietnamese."""
    value = getattr(obj, f"{field}_{language}", None) or getattr(obj, f"{field}_vi", None)
    return plain_text(value) if value else ""


def as_datetime(value):
    if isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time()))


def documents_for(obj):
    """What the index holds for ``obj``: a document per language once it is published
    (scheduled ones too, hidden at search time until their time comes), else nothing."""
    if obj.state != Workflow.PUBLISHED:
        return []
    spec = obj.search_spec()
    documents = []
    for language, _name in settings.LANGUAGES:
        body = [text_in(obj, field, language) for field in obj.search_fields]
        body += [str(value) for value in spec.get("plain", []) if value]
        for related, field in spec.get("related", []):
            body += [text_in(item, field, language) for item in related]
        documents.append(
            Document(
                language=language,
                title=" ".join(
                    filter(None, [text_in(obj, "title", language), spec.get("label", "")])
                ),
                body=" ".join(filter(None, body)),
                date=as_datetime(spec["date"]),
            )
        )
    return documents


def index_object(obj):
    with connection.cursor() as cursor:
        get_backend().replace(cursor, kind_of(type(obj)), {obj.pk: documents_for(obj)})


def remove_object(model, pk):
    with connection.cursor() as cursor:
        get_backend().replace(cursor, kind_of(model), {pk: []})


def reindex(queryset, batch_size=1000):
    """Index every record of ``queryset`` (the documented path after bulk changes), and make
    the cached pages stale: they may show the records as they were."""
    kind, backend, count = kind_of(queryset.model), get_backend(), 0
    batch = {}
    with transaction.atomic(), connection.cursor() as cursor:
        related = getattr(queryset.model, "search_prefetch", ())
        objects = queryset.order_by("pk").prefetch_related(*related)
        for obj in objects.iterator(chunk_size=batch_size):
            batch[obj.pk] = documents_for(obj)
            if len(batch) == batch_size:
                backend.replace(cursor, kind, batch)
                count, batch = count + len(batch), {}
        if batch:
            backend.replace(cursor, kind, batch)
            count += len(batch)
    invalidate_pages()
    return count


def scheduled_records(now=None):
    """``{kind: [pk, …]}`` of the records that are indexed but whose time has not come."""
    querysets = [
        apps.get_model(label)
        .objects.scheduled(now)
        .values_list(Value(kind, output_field=CharField()), "pk")
        .order_by()
        for kind, label in KINDS.items()
    ]
    scheduled = {}
    for kind, pk in querysets[0].union(*querysets[1:], all=True):  # one query for every kind
        scheduled.setdefault(kind, []).append(pk)
    return scheduled


#: Rows here ask for the index to be rebuilt after ``migrate`` (``ask_for_rebuild``).
PENDING = "search_index_rebuild_pending"


def ask_for_rebuild(schema_editor, reason):
    """From a migration: rebuild the index once every migration has run. A migration cannot
    do it itself: indexing reads the models as they are now, whose later columns may not
    exist yet at that point of a migration run."""
    schema_editor.execute(f"CREATE TABLE IF NOT EXISTS {PENDING} (reason varchar(200) NOT NULL)")
    schema_editor.execute(f"INSERT INTO {PENDING} (reason) VALUES (%s)", [reason])


def rebuild_if_pending(using="default", **kwargs):
    """``post_migrate``: the rebuild a migration asked for, if any."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if PENDING not in connection.introspection.table_names(cursor):
            return
        cursor.execute(f"SELECT COUNT(*) FROM {PENDING}")
        if not cursor.fetchone()[0]:
            return
    with transaction.atomic(using=using):
        rebuild()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {PENDING}")


def rebuild():
    """Empty the index and fill it again from every searchable record."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            get_backend().clear(cursor)
        return {kind: reindex(apps.get_model(label).objects.all()) for kind, label in KINDS.items()}
