"""The reference data a record's page names: its topics, countries and organisations.

A few hundred rows that editors rarely change, read on every record's page. Each process keeps
one copy of each table for the page cache's current generation (``pagecache.generation``):
saving or deleting any of them starts a new generation, so no process shows a stale name. A
record's page then reads only which ones it links to, as ids (``linked_ids``), instead of
joining each table again; a foreign key to one of them (``ReferenceKey``) is read from the
copy too."""

from django.db import connections, models, router
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.utils.functional import cached_property

from pagecache.generation import current_generation

REFERENCE_MODELS = ("core.Topic", "core.Country", "core.Organisation")

# {model: (generation, {pk: record})}
_copies = {}


def reference_records(model, generation, needed=()):
    """``{pk: record}``: every row of ``model``, as this process read it in ``generation`` (the
    current one). Read again if a primary key in ``needed`` is not there: added since, by a
    process that did not start a generation (a bulk loader)."""
    kept = _copies.get(model)
    if kept is None or kept[0] != generation or not all(pk in kept[1] for pk in needed):
        kept = _copies[model] = (
            generation,
            {record.pk: record for record in model._default_manager.all()},
        )
    return kept[1]


def reference_record(model, pk):
    """The record of ``model`` with primary key ``pk`` in this process's copy, or None."""
    return reference_records(model, current_generation(), needed=[pk]).get(pk)


class ReferenceDescriptor(ForwardManyToOneDescriptor):
    def get_object(self, instance):
        record = reference_record(self.field.related_model, getattr(instance, self.field.attname))
        return record if record is not None else super().get_object(instance)


class ReferenceKey(models.ForeignKey):
    """A foreign key to reference data (``REFERENCE_MODELS``), read from this process's copy
    (``reference_record``) where a query did not join it: a card or a page names a meeting's
    host country or a series' body without a join, or a query each."""

    forward_related_accessor_class = ReferenceDescriptor

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        # To the database and to migrations, a foreign key like any other.
        return name, "django.db.models.ForeignKey", args, kwargs


class References:
    """``record.references.topics``: the reference records that ``record`` links to through
    one of its many-to-many fields, in no order (``|collated`` sorts them for the page)."""

    def __init__(self, record):
        self.record = record
        self.read = {}

    def __getitem__(self, name):
        if name not in self.read:
            self.read[name] = self.linked(name)
        return self.read[name]

    def linked(self, name):
        field = self.record._meta.get_field(name)
        if not field.many_to_many or field.related_model._meta.label not in REFERENCE_MODELS:
            raise KeyError(name)
        ids = linked_ids(field, self.record.pk)
        # The generation: read once for the whole request (``pagecache.generation.per_request``).
        records = reference_records(field.related_model, current_generation(), needed=ids)
        return [records[pk] for pk in ids if pk in records]


def linked_ids(field, pk):
    """The primary keys that the many-to-many ``field`` of the record ``pk`` links to. In SQL
    written here: the query is that simple, and through the ORM it took fifteen times as long
    (0.35 ms of CPU a relation; a meeting's page reads three)."""
    through = field.remote_field.through._meta
    connection = connections[router.db_for_read(field.remote_field.through)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(field.m2m_reverse_name())} FROM {quote(through.db_table)} "
            f"WHERE {quote(field.m2m_column_name())} = %s",
            [pk],
        )
        return [row[0] for row in cursor.fetchall()]


class LinksReferenceData:
    """For the models whose pages name their topics, countries or organisations."""

    @cached_property
    def references(self):
        return References(self)
