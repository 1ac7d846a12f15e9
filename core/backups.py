"""One archive with the database and the uploads: written by ``manage.py backup``, read back by
``manage.py restore`` into a new database (README, "Backups")."""

import contextlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, transaction

FORMAT = 1
DATA = "data.jsonl"
MANIFEST = "manifest.json"
MEDIA = "media"
#: Rebuilt by the site (content types, permissions), per visit (sessions, login attempts), or
#: from the records (the search index, which has no models, and image renditions).
EXCLUDED_MODELS = ["contenttypes", "auth.permission", "sessions", "axes"]
RENDITIONS = "CACHE"


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
