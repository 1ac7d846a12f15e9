"""The reference data a record's page names: its topics, countries and organisations.

A few hundred rows that editors rarely change, read on every record's page. Each process keeps
one copy of each table for the page cache's current generation (``pagecache.generation``):
saving or deleting any of them starts a new generation, so no process shows a stale name. A
record's page then reads only which ones it links to, as ids: a query a third as costly to
build and read as joining each table again."""

from django.utils.functional import cached_property

from pagecache.generation import current_generation

REFERENCE_MODELS = ("core.Topic", "core.Country", "core.Organisation")

# {model: (generation, {pk: record})}
_copies = {}


def reference_records(model, reload=False):
    """``{pk: record}``: every row of ``model``, as this process read it in the current
    generation, or afresh if ``reload``."""
    generation = current_generation()
    kept = _copies.get(model)
    if reload or kept is None or kept[0] != generation:
        kept = _copies[model] = (
            generation,
            {record.pk: record for record in model._default_manager.all()},
        )
    return kept[1]


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
        ids = list(
            field.remote_field.through._default_manager.filter(
                **{field.m2m_field_name(): self.record.pk}
            ).values_list(field.m2m_reverse_field_name(), flat=True)
        )
        records = reference_records(field.related_model)
        if not all(pk in records for pk in ids):
            # Added since this copy was read, by a process that did not start a generation.
            records = reference_records(field.related_model, reload=True)
        return [records[pk] for pk in ids if pk in records]


class LinksReferenceData:
    """For the models whose pages name their topics, countries or organisations."""

    @cached_property
    def references(self):
        return References(self)
