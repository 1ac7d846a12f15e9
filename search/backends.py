"""Full-text search on the database in use: SQLite FTS5 or PostgreSQL tsvector.

Each backend keeps one row per record and language in ``search_index`` (made by this app's
migration for the database at hand). Ranking is in tiers, each newest first: records whose
title holds the words as typed, together and in order ("phrase"), then those whose title holds
every word ("title"), then records that match only in their text. Counts stop at
``COUNT_CAP``: past it the page says "more than 1,000", and nobody pages that far.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.db import connection
from django.db.models.expressions import RawSQL

from .text import fold_fast

TABLE = "search_index"
KEYS = "search_index_keys"
COUNT_CAP = 1000
#: What can be searched, by the name used in the index and in URLs.
KINDS = {
    "meeting": "meetings.Meeting",
    "plan": "plans.Plan",
    "article": "news.Article",
    "page": "pages.Page",
}
EPOCH = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


def languages():
    return [code for code, _name in settings.LANGUAGES]


class Backend:
    def __init__(self, hidden=None):
        #: ``{kind: [pk, …]}``: indexed records that searches must skip (scheduled ones).
        self.hidden = hidden or {}

    def _not_hidden(self, kind):
        pks = self.hidden.get(kind)
        if not pks:
            return "", []
        return f" AND object_id NOT IN ({', '.join(['%s'] * len(pks))})", list(pks)

    @staticmethod
    def _value(sql, params):
        """The first column of the statement's first row, or None."""
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return row[0] if row else None

    def counts(self, query, language, tier=None, kinds=tuple(KINDS)):
        """``{kind: number of matches}``, each at most COUNT_CAP + 1, in one statement."""
        parts = [self._count_sql(query, language, kind, tier) for kind in kinds]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT " + ", ".join(f"({sql})" for sql, _params in parts),
                [param for _sql, params in parts for param in params],
            )
            return dict(zip(kinds, cursor.fetchone(), strict=True))

    @staticmethod
    def tiers(query):
        """The tiers a query's matches are ranked in. One word (or one quoted phrase) has no
        phrase tier apart from its title tier."""
        return ("phrase", "title", "text") if len(query.phrases) > 1 else ("title", "text")

    def search(self, query, language, found, limit, offset):
        """``[(kind, object_id), …]`` ranked tier after tier (``tiers``), newest first in
        each. ``found`` is what ``counts()`` gave for the kinds searched."""
        kinds = [kind for kind, count in found.items() if count]
        if not kinds:
            return []
        *upper, last = self.tiers(query)
        rows, left = [], {kind: found[kind] for kind in kinds}
        exact = {kind for kind in kinds if found[kind] <= COUNT_CAP}
        for tier in upper:
            if offset == 0:
                # From the first row of a tier on, no count is needed: if its matches do not
                # fill what is left of the page, they are all there is.
                got = self.fetch(query, language, kinds, tier, limit - len(rows), 0)
                rows += got
                if len(rows) == limit:
                    return rows
                counts = Counter(kind for kind, _pk in got)
            else:
                counts = self.counts(query, language, tier, kinds)
                exact -= {kind for kind in kinds if counts[kind] > COUNT_CAP}
                if len(rows) < limit and offset < sum(counts.values()):
                    rows += self.fetch(
                        query, language, kinds, tier, limit - len(rows), offset, counts
                    )
            offset = max(0, offset - sum(counts.values()))
            left = {kind: left[kind] - counts[kind] for kind in kinds}
            if len(rows) >= limit:
                return rows[:limit]
        in_last = {kind: left[kind] for kind in kinds if kind in exact}
        kinds = [kind for kind in kinds if in_last.get(kind, 1)]
        if len(rows) < limit and kinds:
            rows += self.fetch(query, language, kinds, last, limit - len(rows), offset, in_last)
        return rows


class SQLiteBackend(Backend):
    """FTS5 over text folded in Python (FTS5's own folding leaves đ alone).

    One FTS5 table per language and kind (``search_vi_article``…), so that no query carries a
    language or kind term that every row shares: FTS5 would walk that term's whole list
    whenever the words match few rows. A row's rowid encodes its record's date, so
    ``ORDER BY rowid DESC`` is newest first and FTS5 streams it without sorting;
    ``search_index_keys`` remembers each record's rowid. Titles have tables of their own
    (``search_index_vi_article_title``…): ``title : …`` in the main table reads the
    positions of every match of the words to find their column, 20 ms for common words."""

    TOKENIZE = "tokenize='unicode61 remove_diacritics 2'"

    @staticmethod
    def table(language, kind, tier=None):
        titles = tier in ("phrase", "title")
        return f"{TABLE}_{language}_{kind}" + ("_title" if titles else "")

    @classmethod
    def tables(cls):
        return [
            cls.table(language, kind, tier)
            for language in languages()
            for kind in KINDS
            for tier in (None, "title")
        ]

    @classmethod
    def create_table(cls, schema_editor):
        for kind in KINDS:
            cls.add_kind(schema_editor, kind)
        schema_editor.execute(f"CREATE TABLE {KEYS} (record TEXT PRIMARY KEY, row INTEGER)")

    @classmethod
    def add_kind(cls, schema_editor, kind):
        """The tables of a kind of record, where they are missing."""
        for language in languages():
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {cls.table(language, kind)} USING "
                f"fts5(title, body, object_id UNINDEXED, {cls.TOKENIZE})"
            )
            cls.create_title_table(schema_editor, language, kind)

    @classmethod
    def remove_kind(cls, schema_editor, kind):
        for language in languages():
            for tier in (None, "title"):
                schema_editor.execute(f"DROP TABLE IF EXISTS {cls.table(language, kind, tier)}")
        schema_editor.execute(f"DELETE FROM {KEYS} WHERE record LIKE %s", [f"{kind}:%"])

    @classmethod
    def create_title_table(cls, schema_editor, language, kind):
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {cls.table(language, kind, 'title')} "
            f"USING fts5(title, object_id UNINDEXED, {cls.TOKENIZE})"
        )

    @classmethod
    def drop_table(cls, schema_editor):
        for table in cls.tables():
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {KEYS}")

    @staticmethod
    def _row(object_id, date):
        seconds = int((date - EPOCH).total_seconds())
        return (seconds << 28) | (object_id % (1 << 28))

    def replace(self, cursor, kind, records):
        """Replace the rows of ``records``: ``{object_id: [Document, …]}`` (empty to remove)."""
        keys = [f"{kind}:{pk}" for pk in records]
        old = []
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            cursor.execute(
                f"SELECT row FROM {KEYS} WHERE record IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            old += [row for (row,) in cursor.fetchall()]
        new = {pk: self._row(pk, docs[0].date) for pk, docs in records.items() if docs}
        for language in languages():
            rows = [
                (new[pk], fold_fast(doc.title), fold_fast(doc.body), pk)
                for pk, documents in records.items()
                for doc in documents
                if doc.language == language
            ]
            table, titles = self.table(language, kind), self.table(language, kind, "title")
            for each in (table, titles):
                cursor.executemany(f"DELETE FROM {each} WHERE rowid = %s", [(row,) for row in old])
            cursor.executemany(
                f"INSERT INTO {table} (rowid, title, body, object_id) VALUES (%s, %s, %s, %s)", rows
            )
            cursor.executemany(
                f"INSERT INTO {titles} (rowid, title, object_id) VALUES (%s, %s, %s)",
                [(row, title, pk) for row, title, _body, pk in rows],
            )
        cursor.executemany(f"DELETE FROM {KEYS} WHERE record = %s", [(key,) for key in keys])
        cursor.executemany(
            f"INSERT INTO {KEYS} (record, row) VALUES (%s, %s)",
            [(f"{kind}:{pk}", row) for pk, row in new.items()],
        )

    def clear(self, cursor):
        for table in self.tables():
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute(f"DELETE FROM {KEYS}")

    @staticmethod
    def _phrase(words):
        return '"' + " ".join(word.replace('"', "") for word in words) + '"'

    def _match(self, query, tier=None):
        anywhere = " AND ".join(f"{{title body}} : {self._phrase(p)}" for p in query.phrases)
        in_title = " AND ".join(f"title : {self._phrase(p)}" for p in query.phrases)
        # The phrase and title tiers read the title tables, which have no other column.
        if tier == "phrase":
            return self._phrase(query.words)
        if tier == "title":
            every_word = " AND ".join(self._phrase(p) for p in query.phrases)
            if len(query.phrases) > 1:
                return f"({every_word}) NOT {self._phrase(query.words)}"
            return every_word
        if tier == "text":
            return f"({anywhere}) NOT ({in_title})"
        return anywhere

    def _count_sql(self, query, language, kind, tier):
        table, (hidden, pks) = self.table(language, kind, tier), self._not_hidden(kind)
        return (
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH %s{hidden} LIMIT %s)",
            [self._match(query, tier), *pks, COUNT_CAP + 1],
        )

    def fetch(self, query, language, kinds, tier, limit, offset, expected=None):
        """The newest matches of the kinds asked for, merged by date."""
        match, rows = self._match(query, tier), []
        with connection.cursor() as cursor:
            for kind in kinds:
                table, (hidden, pks) = self.table(language, kind, tier), self._not_hidden(kind)
                cursor.execute(
                    f"SELECT rowid, object_id FROM {table} WHERE {table} MATCH %s{hidden} "
                    "ORDER BY rowid DESC LIMIT %s",
                    [match, *pks, offset + limit],
                )
                rows += [(row, kind, pk) for row, pk in cursor.fetchall()]
        rows.sort(reverse=True)
        return [(kind, int(pk)) for _row, kind, pk in rows[offset : offset + limit]]

    def window_start(self, query, language, kind, size, until=None):
        """Where the ``size`` newest matches (dated before ``until``) start: the date (to
        the second) of the ``size``-th newest, or None when there are fewer. FTS5 streams
        matches in rowid order, newest first."""
        table = self.table(language, kind)
        before, params = "", [self._match(query)]
        if until is not None:
            before, params = " AND rowid < %s", [*params, self._row(0, until)]
        row = self._value(
            f"SELECT rowid FROM {table} WHERE {table} MATCH %s{before} "
            "ORDER BY rowid DESC LIMIT 1 OFFSET %s",
            [*params, size - 1],
        )
        return None if row is None else EPOCH + datetime.timedelta(seconds=row >> 28)

    def ids_sql(self, query, language, kind, since=None, until=None):
        """The ids of every match, or of those dated ``since`` (a whole second) or later and
        before ``until``."""
        table = self.table(language, kind)
        sql, params = f"SELECT object_id FROM {table} WHERE {table} MATCH %s", [self._match(query)]
        if since is not None:
            sql, params = sql + " AND rowid >= %s", [*params, self._row(0, since)]
        if until is not None:
            sql, params = sql + " AND rowid < %s", [*params, self._row(0, until)]
        return RawSQL(sql, params)


class PostgresBackend(Backend):
    """Weighted tsvectors (title, and title + text) with GIN indexes; text folded by
    ``lower(unaccent(…))`` in the database, the query read by ``websearch_to_tsquery``.

    GIN indexes are partial, one per language and kind, so a query never intersects with a
    language or kind condition. A GIN index cannot order by date, and sorting every match of
    common words is what costs: pages are looked for among the newest rows first (``_newest``).
    """

    TSQUERY = "websearch_to_tsquery('simple', lower(unaccent(%s)))"
    #: The columns of the index that pages are read through, newest first.
    NEWEST = "(lang, kind, date DESC, id DESC)"
    #: How many of the newest rows a page is looked for in, per row the page needs, before
    #: the GIN index: a check costs about 2 µs a row, so a window that finds nothing costs
    #: less than sorting every match of common words.
    WINDOWS = (40, 400)
    #: The most rows a window holds: deep pages go straight to the GIN index.
    MAX_WINDOW = 4000

    def __init__(self, hidden=None):
        super().__init__(hidden)
        self._tsqueries = {}

    @staticmethod
    def create_table(schema_editor):
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        schema_editor.execute(
            f"CREATE TABLE {TABLE} (id bigserial PRIMARY KEY, kind varchar(20) NOT NULL, "
            "object_id bigint NOT NULL, lang varchar(5) NOT NULL, date timestamptz NOT NULL, "
            "title_vector tsvector NOT NULL, vector tsvector NOT NULL)"
        )
        for kind in KINDS:
            PostgresBackend.add_kind(schema_editor, kind)
        schema_editor.execute(f"CREATE INDEX {TABLE}_record ON {TABLE} (kind, object_id)")
        schema_editor.execute(f"CREATE INDEX {TABLE}_newest ON {TABLE} {PostgresBackend.NEWEST}")

    @staticmethod
    def add_kind(schema_editor, kind):
        """The indexes of a kind of record, where they are missing."""
        for language in languages():
            for column in ("vector", "title_vector"):
                schema_editor.execute(
                    f"CREATE INDEX IF NOT EXISTS {TABLE}_{column}_{language}_{kind} ON {TABLE} "
                    f"USING gin ({column}) WHERE lang = '{language}' AND kind = '{kind}'"
                )

    @staticmethod
    def remove_kind(schema_editor, kind):
        schema_editor.execute(f"DELETE FROM {TABLE} WHERE kind = %s", [kind])
        for language in languages():
            for column in ("vector", "title_vector"):
                schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_{column}_{language}_{kind}")

    @staticmethod
    def drop_table(schema_editor):
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")

    def replace(self, cursor, kind, records):
        """Replace the rows of ``records``: ``{object_id: [Document, …]}`` (empty to remove)."""
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE kind = %s AND object_id = ANY(%s)", [kind, list(records)]
        )
        vector = "to_tsvector('simple', lower(unaccent(%s)))"
        cursor.executemany(
            f"INSERT INTO {TABLE} (kind, object_id, lang, date, title_vector, vector) "
            f"VALUES (%s, %s, %s, %s, {vector}, "
            f"setweight({vector}, 'A') || setweight({vector}, 'B'))",
            [
                (kind, pk, doc.language, doc.date, doc.title, doc.title, doc.body)
                for pk, documents in records.items()
                for doc in documents
            ],
        )

    def clear(self, cursor):
        cursor.execute(f"TRUNCATE {TABLE}")

    def _tsquery(self, query, together=False):
        """The query as tsquery text, folded by the database once. Written into a statement
        as ``unaccent(…)``, a STABLE function, it would be folded again for every row a
        filter checks: five times the cost of the check itself."""
        # Every phrase quoted, so that words like "or" are never read as operators; with
        # ``together``, all the words as one phrase.
        words = " ".join(f'"{" ".join(phrase)}"' for phrase in query.phrases)
        if together:
            words = '"' + " ".join(query.words) + '"'
        if words not in self._tsqueries:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {self.TSQUERY}::text", [words])
                self._tsqueries[words] = cursor.fetchone()[0]
        return self._tsqueries[words]

    def _where(self, query, language, kind, tier):
        words = self._tsquery(query)
        # The title's words are part of the full vector too.
        vector = "title_vector" if tier in ("phrase", "title") else "vector"
        tsquery = self._tsquery(query, together=True) if tier == "phrase" else words
        sql, params = (
            f"lang = %s AND kind = %s AND {vector} @@ %s::tsquery",
            [language, kind, tsquery],
        )
        if tier == "title" and len(query.phrases) > 1:
            sql += " AND NOT title_vector @@ %s::tsquery"
            params.append(self._tsquery(query, together=True))
        if tier == "text":
            sql += " AND NOT title_vector @@ %s::tsquery"
            params.append(words)
        hidden, pks = self._not_hidden(kind)
        return sql + hidden, params + pks

    def _count_sql(self, query, language, kind, tier):
        where, params = self._where(query, language, kind, tier)
        return (
            f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} LIMIT %s) AS hits",
            [*params, COUNT_CAP + 1],
        )

    def fetch(self, query, language, kinds, tier, limit, offset, expected=None):
        """The newest matches of the kinds asked for, merged by date. ``expected``:
        ``{kind: number of matches in this tier}`` where it is known."""
        rows = []
        for kind in kinds:
            wanted = min(offset + limit, (expected or {}).get(kind, offset + limit))
            rows += self._newest(query, language, kind, tier, offset + limit, wanted)
        rows.sort(reverse=True)
        return [(kind, int(pk)) for _date, _id, kind, pk in rows[offset : offset + limit]]

    def _newest(self, query, language, kind, tier, count, wanted):
        """The ``count`` newest matches of one kind (``wanted`` of them exist, as far as is
        known). Looked for first among the kind's newest ``count * factor`` rows (at most
        MAX_WINDOW), read through the date index and checked one by one, which is cheap
        when the words are common; then among all rows through the GIN index, which is
        cheap when they are not. Exact either way: rows are ordered by (date, id)."""
        if not wanted:
            return []
        where, params = self._where(query, language, kind, tier)
        order = "ORDER BY date DESC, id DESC"
        with connection.cursor() as cursor:
            for size in sorted({min(count * factor, self.MAX_WINDOW) for factor in self.WINDOWS}):
                # The inner LIMIT keeps the planner on the date index; left to itself it
                # builds a bitmap of every match and visits them all to sort them.
                cursor.execute(
                    f"SELECT date, id, kind, object_id FROM (SELECT * FROM {TABLE} "
                    f"WHERE lang = %s AND kind = %s {order} LIMIT %s) AS newest "
                    f"WHERE {where} {order} LIMIT %s",
                    [language, kind, size, *params, count],
                )
                rows = cursor.fetchall()
                if len(rows) >= wanted:
                    return rows
            cursor.execute(
                f"SELECT date, id, kind, object_id FROM {TABLE} WHERE {where} {order} LIMIT %s",
                [*params, count],
            )
            return cursor.fetchall()

    def window_start(self, query, language, kind, size, until=None):
        """Where the newest ``size`` records of the kind (dated before ``until``) start: the
        date of the ``size``-th newest, or None when there are fewer, read from the date
        index alone: checking each for the words costs more than a page that turns out
        short."""
        before, params = "", [language, kind]
        if until is not None:
            before, params = " AND date < %s", [*params, until]
        return self._value(
            f"SELECT date FROM {TABLE} WHERE lang = %s AND kind = %s{before} "
            "ORDER BY date DESC, id DESC OFFSET %s LIMIT 1",
            [*params, size - 1],
        )

    def ids_sql(self, query, language, kind, since=None, until=None):
        """The ids of every match, or of those dated ``since`` or later and before ``until``."""
        where, params = self._where(query, language, kind, None)
        if since is None:
            return RawSQL(f"SELECT object_id FROM {TABLE} WHERE {where}", params)
        before, window = "", [language, kind, since]
        if until is not None:
            # Else a window in a past year would read every record since, up to today.
            before, window = " AND date < %s", [*window, until]
        # OFFSET 0 keeps the planner on the date index, reading the few records since then;
        # left to itself it takes every match of common words from the GIN index and drops
        # the older ones (90 ms for "an ninh mạng" at 100,000 articles).
        return RawSQL(
            f"SELECT object_id FROM (SELECT * FROM {TABLE} WHERE lang = %s AND kind = %s "
            f"AND date >= %s{before} OFFSET 0) AS newest WHERE {where}",
            [*window, *params],
        )


BACKENDS = {"sqlite": SQLiteBackend, "postgresql": PostgresBackend}


def backend_for(vendor, hidden=None):
    try:
        return BACKENDS[vendor](hidden)
    except KeyError:
        raise NotImplementedError(f"No search backend for {vendor}") from None


def get_backend(hidden=None):
    return backend_for(connection.vendor, hidden)
