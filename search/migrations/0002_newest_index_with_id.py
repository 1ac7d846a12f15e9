from django.db import migrations


def recreate_newest_index(apps, schema_editor):
    """On PostgreSQL, pages are read through (lang, kind, date, id): the id makes the order of
    records with the same date exact."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends import TABLE, PostgresBackend

    schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_newest")
    schema_editor.execute(f"CREATE INDEX {TABLE}_newest ON {TABLE} {PostgresBackend.NEWEST}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_index")]

    operations = [migrations.RunPython(recreate_newest_index, migrations.RunPython.noop)]
