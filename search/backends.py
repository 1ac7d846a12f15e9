"""Full-text search on the database in use: SQLite FTS5 or PostgreSQL tsvector.

Each backend stores one row per record and language in a table named ``search_index`` (made by
this app's migration for the database at hand) and answers the same three questions: which
records match, how many of each kind, and which ids match for a listing's ``q`` filter.
"""

from django.conf import settings
from django.db import connection
from django.db.models.expressions import RawSQL

from .text import fold

TABLE = "search_index"
#: What can be searched, by the name used in the index and in URLs.
KINDS = {"meeting": "meetings.Meeting", "plan": "plans.Plan", "article": "news.Article"}


class SQLiteBackend:
    """FTS5 over text folded in Python (FTS5's own folding leaves đ alone)."""

    @staticmethod
    def create_table(schema_editor):
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {TABLE} USING fts5(title, body, lang, kind, "
            "date UNINDEXED, object_id UNINDEXED, tokenize='unicode61 remove_diacritics 2')"
        )

    @staticmethod
    def drop_table(schema_editor):
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")

    @staticmethod
    def _rowid(kind, object_id, language):
        # A fixed rowid per record and language, so replacing a record's rows is a lookup by
        # key rather than a scan of the (unindexed) object_id column.
        kinds, languages = list(KINDS), [code for code, _name in settings.LANGUAGES]
        return (object_id * 8 + kinds.index(kind)) * 4 + languages.index(language)

    def replace(self, cursor, kind, object_id, documents):
        rowids = [self._rowid(kind, object_id, code) for code, _name in settings.LANGUAGES]
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE rowid IN ({', '.join(['%s'] * len(rowids))})", rowids
        )
        cursor.executemany(
            f"INSERT INTO {TABLE} (rowid, title, body, lang, kind, date, object_id) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    self._rowid(kind, object_id, doc.language),
                    fold(doc.title),
                    fold(doc.body),
                    doc.language,
                    kind,
                    doc.date.isoformat(),
                    object_id,
                )
                for doc in documents
            ],
        )

    def clear(self, cursor):
        cursor.execute(f"DELETE FROM {TABLE}")

    @staticmethod
    def _phrase(words):
        return '"' + " ".join(word.replace('"', "") for word in words) + '"'

    def _match(self, query, language, kind=None, column="{title body}"):
        terms = " AND ".join(f"{column} : {self._phrase(phrase)}" for phrase in query.phrases)
        scope = f"lang : {self._phrase([language])}"
        if kind:
            scope += f" AND kind : {self._phrase([kind])}"
        return f"{scope} AND {terms}"

    def search(self, query, language, kind, limit, offset):
        sql = (
            f"SELECT kind, object_id FROM {TABLE} WHERE {TABLE} MATCH %s "
            f"ORDER BY rowid IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s) DESC, "
            "date DESC LIMIT %s OFFSET %s"
        )
        params = [
            self._match(query, language, kind),
            self._match(query, language, kind, column="title"),
            limit,
            offset,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(kind, int(object_id)) for kind, object_id in cursor.fetchall()]

    def counts(self, query, language):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT kind, count(*) FROM {TABLE} WHERE {TABLE} MATCH %s GROUP BY kind",
                [self._match(query, language)],
            )
            return dict(cursor.fetchall())

    def ids_sql(self, query, language, kind):
        return RawSQL(
            f"SELECT object_id FROM {TABLE} WHERE {TABLE} MATCH %s",
            [self._match(query, language, kind)],
        )


class PostgresBackend:
    """A weighted tsvector per row (title A, body B) with a GIN index; text folded by
    ``lower(unaccent(…))`` in the database, the query through ``websearch_to_tsquery``."""

    @staticmethod
    def create_table(schema_editor):
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        schema_editor.execute(
            f"CREATE TABLE {TABLE} (id bigserial PRIMARY KEY, kind varchar(20) NOT NULL, "
            "object_id bigint NOT NULL, lang varchar(5) NOT NULL, date timestamptz NOT NULL, "
            "title_vector tsvector NOT NULL, vector tsvector NOT NULL)"
        )
        schema_editor.execute(f"CREATE INDEX {TABLE}_vector ON {TABLE} USING gin (vector)")
        schema_editor.execute(f"CREATE INDEX {TABLE}_record ON {TABLE} (kind, object_id)")
        schema_editor.execute(f"CREATE INDEX {TABLE}_order ON {TABLE} (lang, date DESC)")

    @staticmethod
    def drop_table(schema_editor):
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")

    def replace(self, cursor, kind, object_id, documents):
        cursor.execute(f"DELETE FROM {TABLE} WHERE kind = %s AND object_id = %s", [kind, object_id])
        title = "to_tsvector('simple', lower(unaccent(%s)))"
        body = "to_tsvector('simple', lower(unaccent(%s)))"
        cursor.executemany(
            f"INSERT INTO {TABLE} (kind, object_id, lang, date, title_vector, vector) "
            f"VALUES (%s, %s, %s, %s, {title}, "
            f"setweight({title}, 'A') || setweight({body}, 'B'))",
            [
                (kind, object_id, doc.language, doc.date, doc.title, doc.title, doc.body)
                for doc in documents
            ],
        )

    def clear(self, cursor):
        cursor.execute(f"TRUNCATE {TABLE}")

    @staticmethod
    def _tsquery(query):
        # Every phrase quoted, so that words like "or" are never read as operators.
        return " ".join(f'"{" ".join(phrase)}"' for phrase in query.phrases)

    def search(self, query, language, kind, limit, offset):
        sql = (
            f"SELECT kind, object_id FROM {TABLE}, "
            "websearch_to_tsquery('simple', lower(unaccent(%s))) AS q "
            "WHERE lang = %s AND vector @@ q" + (" AND kind = %s" if kind else "") + " "
            "ORDER BY title_vector @@ q DESC, date DESC LIMIT %s OFFSET %s"
        )
        params = [self._tsquery(query), language, *([kind] if kind else []), limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def counts(self, query, language):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT kind, count(*) FROM {TABLE}, "
                "websearch_to_tsquery('simple', lower(unaccent(%s))) AS q "
                "WHERE lang = %s AND vector @@ q GROUP BY kind",
                [self._tsquery(query), language],
            )
            return dict(cursor.fetchall())

    def ids_sql(self, query, language, kind):
        return RawSQL(
            f"SELECT object_id FROM {TABLE} WHERE kind = %s AND lang = %s AND vector @@ "
            "websearch_to_tsquery('simple', lower(unaccent(%s)))",
            [kind, language, self._tsquery(query)],
        )


BACKENDS = {"sqlite": SQLiteBackend, "postgresql": PostgresBackend}


def backend_for(vendor):
    try:
        return BACKENDS[vendor]()
    except KeyError:
        raise NotImplementedError(f"No search backend for {vendor}") from None


def get_backend():
    return backend_for(connection.vendor)
