from django.db import migrations


def add_pages(apps, schema_editor):
    """Pages editors own are searched too: their tables (SQLite) or indexes (PostgreSQL).
    Every record is indexed again, once ``migrate`` has brought every model up to date
    (``search.index.rebuild_if_pending``): words on either side of a paragraph, list item or
    line break used to run together ("Hợp tácTin giả"), and "&amp;" was indexed as written."""
    from search.backends import backend_for
    from search.index import ask_for_rebuild

    backend_for(schema_editor.connection.vendor).add_kind(schema_editor, "page")
    ask_for_rebuild(schema_editor, "pages; words at block boundaries")


def remove_pages(apps, schema_editor):
    from search.backends import backend_for

    backend_for(schema_editor.connection.vendor).remove_kind(schema_editor, "page")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_sqlite_title_tables"),
        ("pages", "0001_pages_editors_own"),
    ]

    operations = [migrations.RunPython(add_pages, remove_pages)]
