"""One archive with the database and the uploads: written by ``manage.py backup``, read back by
``manage.py restore`` into a new database (README, "Backups")."""

import contextlib
import datetime
from collections import defaultdict
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

FORMAT = 1
DATA = "data.jsonl"
MANIFEST = "manifest.json"
MEDIA = "media"
#: Rebuilt by the site (content types, permissions), per visit (sessions, login attempts), or
#: from the records (the search index, which has no models, and image renditions).
EXCLUDED_MODELS = ["contenttypes", "auth.permission", "sessions", "axes"]
RENDITIONS = "CACHE"


def excluded(model):
    return model._meta.app_label in EXCLUDED_MODELS or model._meta.label_lower in EXCLUDED_MODELS


def records():
    """Every row to back up, model after model in the order that loads them (what they point
    to first). What dumpdata would write, but with the many-to-many links and the natural
    keys of related rows read along with each chunk of rows, not with a query per row."""
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module]
    for model in serializers.sort_dependencies(app_list, allow_cycles=True):
        if excluded(model) or model._meta.proxy:
            continue
        named = [
            field.name
            for field in model._meta.concrete_fields
            if field.is_relation and hasattr(field.related_model, "natural_key")
        ]
        links = [
            field.name
            for field in model._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        rows = model._base_manager.order_by(model._meta.pk.name)
        yield from rows.select_related(*named).prefetch_related(*links).iterator(chunk_size=2000)


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times to the microsecond: it keeps milliseconds only, so a
    restored time would differ from the saved one (and one saved on a whole second plus a few
    microseconds would come back without a fraction)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def write_records(stream):
    serializers.serialize(
        "jsonl",
        records(),
        stream=stream,
        cls=ExactJSONEncoder,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )


def load_records(path):
    """Load what ``write_records`` wrote, as loaddata would (rows saved raw, references
    resolved by natural keys, constraints checked at the end, sequences reset), but with the
    many-to-many links inserted in bulk after the rows instead of set() row by row. Returns
    the number of rows loaded."""
    loaded, models, links, owners, deferred = 0, set(), defaultdict(list), defaultdict(set), []
    with open(path, encoding="utf-8") as stream, connection.constraint_checks_disabled():
        for record in serializers.deserialize("jsonl", stream, handle_forward_references=True):
            model, m2m_data = type(record.object), record.m2m_data or {}
            models.add(model)
            record.save(save_m2m=False)  # first: a row known by its natural key gets its pk
            for name, related in m2m_data.items():
                field = model._meta.get_field(name)
                through, owner = field.remote_field.through, field.m2m_column_name()
                owners[through, owner].add(record.object.pk)
                links[through, owner] += [
                    through(**{owner: record.object.pk, field.m2m_reverse_name(): pk})
                    for pk in related
                ]
            if record.deferred_fields:
                deferred.append(record)
            loaded += 1
        for (through, owner), rows in links.items():
            # As set() does: a row that was there (a group made by migrate) keeps only these.
            through.objects.filter(**{f"{owner}__in": owners[through, owner]}).delete()
            through.objects.bulk_create(rows, batch_size=1000)
            models.add(through)
        for record in deferred:
            record.save_deferred_fields()
    connection.check_constraints(table_names=[model._meta.db_table for model in models])
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(statement)
    return loaded


def media_files():
    """The uploads under MEDIA_ROOT, as (path, name in the archive); renditions left out."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not path.is_symlink() and relative.parts[0] != RENDITIONS:
            yield path, str(PurePosixPath(MEDIA, *relative.parts))


@contextlib.contextmanager
def consistent_snapshot():
    """Read the whole database as of one moment, without stopping editors' saves: a
    repeatable-read transaction on PostgreSQL, a read transaction on SQLite (WAL mode).
    Inside a transaction already (a test's), that one is the snapshot."""
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        # Django's own transactions begin IMMEDIATE here (they take the write lock); a
        # deferred one only reads.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
    else:
        yield


def media_target(name):
    """Where an archive's ``media/…`` member goes under MEDIA_ROOT; None for a name that
    would leave it (absolute, ``..``) or that is no upload."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or len(path.parts) < 2 or path.parts[0] != MEDIA:
        return None
    return Path(settings.MEDIA_ROOT).joinpath(*path.parts[1:])
