"""Working copies of published records (``editorial.models.WorkingCopy``).

A working copy is two snapshots of a record and the rows edited with it: as the live record
was when the changes were made (``base``) and with the changes (``proposed``). ``apply``
writes what differs between the two onto the live record as it is now, so that a field,
a link or a row that only the live record changed since keeps its change.

The admin shows, saves and previews a working copy by applying it inside a ``rehearsal``,
a transaction rolled back at its end: the form, the inline rows, the validation and the
public page are the ones a real save uses, and nothing of it reaches readers.
"""

import contextlib
import json

from django.core import serializers
from django.db import transaction
from modeltranslation.translator import NotRegistered, translator

from core.backups import ExactJSONEncoder
from pagecache.generation import pages_unchanged

#: Bookkeeping of every save: never carried from a working copy to the live record.
UNCARRIED = {"created_at", "updated_at"}


@contextlib.contextmanager
def rehearsal():
    """Whatever is saved inside is rolled back at the end, and leaves the cached pages
    alone. Files uploaded inside stay in storage: a working copy refers to them."""
    with transaction.atomic(), pages_unchanged():
        yield
        transaction.set_rollback(True)


def serialized(obj):
    """``obj`` as Django's serializer writes it, in the form JSON gives back."""
    data = serializers.serialize("python", [obj])[0]
    return json.loads(json.dumps(data, cls=ExactJSONEncoder))


def deserialized(data):
    return next(serializers.deserialize("python", [data], ignorenonexistent=True))


def snapshot(record):
    """``record`` and the rows edited with it (``edited_with``), serialized."""
    return {
        "record": serialized(record),
        "rows": {
            accessor: [serialized(row) for row in getattr(record, accessor).all()]
            for accessor in type(record).edited_with
        },
    }


def carried_fields(model):
    """The columns a working copy may change: not the key, the bookkeeping, or the
    untranslated proxy of a translated field (which writes to the active language)."""
    try:
        proxies = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        proxies = set()
    return [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key or field.name in proxies or field.name in UNCARRIED)
    ]


def row_relation(model, accessor):
    """(row model, its foreign key to the record) of the rows ``accessor`` names."""
    descriptor = getattr(model, accessor)
    return descriptor.rel.related_model, descriptor.field


def apply(model, base, proposed, *, keep_time=False):
    """Write onto the live record what ``proposed`` changed from ``base``: its fields, its
    many-to-many links (added and removed one by one) and its rows (added, removed and
    changed field by field). Returns the record. ``keep_time`` keeps the working copy's last
    change as the record's (a rehearsal's edit token is then the working copy's)."""
    new = deserialized(proposed["record"])
    live = model._default_manager.get(pk=new.object.pk)
    before, after = base["record"]["fields"], proposed["record"]["fields"]
    for field in carried_fields(model):
        if differs(field, before.get(field.name), after.get(field.name)) and exists(field, after):
            setattr(live, field.attname, getattr(new.object, field.attname))
    live.save()
    if keep_time:
        live.updated_at = new.object.updated_at
        model._default_manager.filter(pk=live.pk).update(updated_at=live.updated_at)
    for field in model._meta.many_to_many:
        if field.name not in after or not field.remote_field.through._meta.auto_created:
            continue
        old, now = set(before.get(field.name, [])), set(after[field.name])
        related = getattr(live, field.name)
        related.remove(*(old - now))
        # Only to records that still exist: a topic may have been deleted since.
        related.add(*field.related_model._default_manager.filter(pk__in=now - old))
    for accessor in model.edited_with:
        apply_rows(live, accessor, base["rows"].get(accessor, []), proposed["rows"][accessor])
    return live


def exists(field, fields):
    """Whether the record a relation in ``fields`` (serialized) points to still exists."""
    key = fields.get(field.name)
    if not field.is_relation or key is None:
        return True
    return field.related_model._default_manager.filter(pk=key).exists()


def insert(row):
    """Insert ``row`` under its own key, or under a new one where another row has taken it
    since: that row is never overwritten."""
    if type(row)._default_manager.filter(pk=row.pk).exists():
        row.pk = None
    row.save(force_insert=True)


def apply_rows(live, accessor, base_rows, proposed_rows):
    row_model, parent = row_relation(type(live), accessor)
    fields = [field for field in carried_fields(row_model) if field != parent]
    before = {row["pk"]: row for row in base_rows}
    after = {row["pk"]: row for row in proposed_rows}
    current = {row.pk: row for row in getattr(live, accessor).all()}
    for pk in before.keys() - after.keys():
        if pk in current:
            current[pk].delete()
    for pk, data in after.items():
        new = deserialized(data).object
        if pk in before:
            row = current.get(pk)
            if row is None:
                continue  # removed from the live record since: stays removed
            old = before[pk]["fields"]
            changed = [
                f
                for f in fields
                if differs(f, old.get(f.name), data["fields"].get(f.name))
                and exists(f, data["fields"])
            ]
            for field in changed:
                setattr(row, field.attname, getattr(new, field.attname))
            if changed:
                row.save()
        elif pk not in current and all(exists(f, data["fields"]) for f in fields):
            # Added in the working copy. Its key came from a rolled-back insert.
            setattr(new, parent.attname, live.pk)
            insert(new)


def changed_rows(model, base, proposed):
    """``[(row model, "added" | "removed" | "changed", row), …]`` between two snapshots."""
    found = []
    for accessor in model.edited_with:
        row_model, parent = row_relation(model, accessor)
        fields = [field for field in carried_fields(row_model) if field != parent]
        before = {row["pk"]: row for row in base["rows"].get(accessor, [])}
        after = {row["pk"]: row for row in proposed["rows"].get(accessor, [])}
        for pk, data in after.items():
            if pk not in before:
                found.append((row_model, "added", deserialized(data).object))
            elif any(
                differs(f, before[pk]["fields"].get(f.name), data["fields"].get(f.name))
                for f in fields
            ):
                found.append((row_model, "changed", deserialized(data).object))
        for pk in before.keys() - after.keys():
            found.append((row_model, "removed", deserialized(before[pk]).object))
    return found


def changed_fields(model, base, proposed):
    """The names of the record's fields and links that differ between two snapshots."""
    before, after = base["record"]["fields"], proposed["record"]["fields"]
    names = [
        field.name
        for field in carried_fields(model)
        if differs(field, before.get(field.name), after.get(field.name))
    ]
    for field in model._meta.many_to_many:
        if field.name in after and links(before.get(field.name)) != links(after[field.name]):
            names.append(field.name)
    return names


def differs(field, old, new):
    """Whether two serialized values of ``field`` differ in what they mean: a time in
    another zone is the same time, an empty text the same as none."""
    return _meaning(field, old) != _meaning(field, new)


def _meaning(field, value):
    value = None if value is None else field.to_python(value)
    return None if value == "" else value


def links(keys):
    return set(map(str, keys or []))


def field_values(model, data):
    """A snapshot's record shaped like django-reversion's ``Version.field_dict`` (fields by
    attname, links as lists of keys), for ``editorial.history.changes``."""
    record = deserialized(data["record"])
    fields = model._meta.concrete_fields
    values = {field.attname: getattr(record.object, field.attname) for field in fields}
    values.update(record.m2m_data)
    return values
