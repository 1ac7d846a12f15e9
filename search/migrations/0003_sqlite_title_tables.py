from django.db import migrations

#: The kinds of record searched when this migration was written (``KINDS`` has grown since).
KINDS = ("meeting", "plan", "article")


def add_title_tables(apps, schema_editor):
    """On SQLite, titles get FTS5 tables of their own, filled from the main tables."""
    if schema_editor.connection.vendor != "sqlite":
        return
    from search.backends import SQLiteBackend, languages

    for language in languages():
        for kind in KINDS:
            titles = SQLiteBackend.table(language, kind, "title")
            SQLiteBackend.create_title_table(schema_editor, language, kind)
            schema_editor.execute(f"DELETE FROM {titles}")
            schema_editor.execute(
                f"INSERT INTO {titles} (rowid, title, object_id) "
                f"SELECT rowid, title, object_id FROM {SQLiteBackend.table(language, kind)}"
            )


def drop_title_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from search.backends import SQLiteBackend, languages

    for language in languages():
        for kind in KINDS:
            schema_editor.execute(f"DROP TABLE IF EXISTS {SQLiteBackend.table(language, kind, 'title')}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_newest_index_with_id")]

    operations = [migrations.RunPython(add_title_tables, drop_title_tables)]
