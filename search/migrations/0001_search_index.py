from django.db import migrations


def create_index_table(apps, schema_editor):
    from search.backends import backend_for

    backend_for(schema_editor.connection.vendor).create_table(schema_editor)


def drop_index_table(apps, schema_editor):
    from search.backends import backend_for

    backend_for(schema_editor.connection.vendor).drop_table(schema_editor)


class Migration(migrations.Migration):
    """The full-text index: an FTS5 table on SQLite, a tsvector table with a GIN index (and the
    unaccent extension) on PostgreSQL."""

    initial = True
    dependencies = []

    operations = [migrations.RunPython(create_index_table, drop_index_table)]
