"""Querysets built and compiled once, then run with the moment's values.

Django builds a queryset again on every request and compiles it to SQL again: for one of the
home page's card queries (two filters, ``only()`` over modeltranslation's columns, a join) that
is 0.6–1.2 ms of Python, several times what the database takes to answer it. A query whose
shape never changes, only "now" and "today" (or its year), needs neither each time:
``prepared`` builds it once per process and language, keeps its SQL, and runs that SQL with each
call's values (what SQLAlchemy's compiled cache and Entity Framework's compiled queries do).

Every call still asks the database: this caches no content, so nothing here can go stale.
"""

import datetime

from django.db import connections
from django.db.models import prefetch_related_objects
from django.db.models.query import ModelIterable, get_related_populators
from django.utils import timezone, translation

# Two moments no real value shares: a query is built with each, and the parameters that
# differ between its two compilations must be exactly these values as the database takes them.
PROBES = (
    {
        "now": datetime.datetime(2001, 2, 3, 4, 5, 6, 7, tzinfo=datetime.UTC),
        "today": datetime.date(2001, 2, 3),
    },
    {
        "now": datetime.datetime(2002, 3, 4, 5, 6, 7, 8, tzinfo=datetime.UTC),
        "today": datetime.date(2002, 3, 4),
    },
)


def _as_the_database_takes(connection, values):
    return {
        "now": connection.ops.adapt_datetimefield_value(values["now"]),
        "today": connection.ops.adapt_datefield_value(values["today"]),
        "year": values["today"].year,
    }


class CannotPrepare(Exception):
    """The query's SQL depends on more than "now" and "today", or it reads no model rows."""


class Statement:
    """One compiled query and how to make model instances of its rows."""

    def __init__(self, build):
        queryset, sql, params, compiler = self._compile(build, PROBES[0])
        if queryset._iterable_class is not ModelIterable:
            raise CannotPrepare("only querysets of model instances can be prepared")
        _, other_sql, other_params, _ = self._compile(build, PROBES[1])
        if other_sql != sql or len(other_params) != len(params):
            raise CannotPrepare("the query's SQL changes with now or today")
        self.sql, self.params, self.db = sql, list(params), queryset.db
        self.slots = self._slots(params, other_params)
        self.prefetch = queryset._prefetch_related_lookups
        # What Django's ModelIterable works out from a compiler for each query, once.
        self.compiler = compiler
        klass_info = compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.model_columns = slice(fields[0], fields[-1] + 1)
        self.init_list = [
            column.target.attname for column, *_ in compiler.select[self.model_columns]
        ]
        self.related_populators = get_related_populators(klass_info, compiler.select, self.db)
        self.annotation_columns = list(compiler.annotation_col_map.items())

    def _slots(self, params, other_params):
        """(position, value name) of each parameter that is one of the moment's values."""
        probes = [_as_the_database_takes(connections[self.db], probe) for probe in PROBES]
        slots = []
        for position, pair in enumerate(zip(params, other_params, strict=True)):
            if pair[0] == pair[1]:
                continue
            names = [name for name in probes[0] if (probes[0][name], probes[1][name]) == pair]
            if not names:
                raise CannotPrepare(f"parameter {position} is neither now, today nor its year")
            slots.append((position, names[0]))
        return slots

    @staticmethod
    def _compile(build, values):
        queryset = build(**values)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        return queryset, sql, params, compiler

    def run(self, values):
        connection = connections[self.db]
        taken = _as_the_database_takes(connection, values)
        params = list(self.params)
        for position, name in self.slots:
            params[position] = taken[name]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.compiler.has_extra_select:
            rows = [row[: self.compiler.col_count] for row in rows]
        records = []
        for row in self.compiler.results_iter(results=[rows]):
            record = self.model.from_db(self.db, self.init_list, row[self.model_columns])
            for populator in self.related_populators:
                populator.populate(row, record)
            for name, position in self.annotation_columns:
                setattr(record, name, row[position])
            records.append(record)
        if self.prefetch:
            prefetch_related_objects(records, *self.prefetch)
        return records


class prepared:  # noqa: N801 (used as a decorator, like functools.cache)
    """``build(now, today)`` returns a queryset; calling the prepared query returns the list
    of its records at this moment (or at ``now``/``today`` given), built and compiled once per
    language."""

    def __init__(self, build):
        self.build = build
        self.statements = {}

    def __call__(self, now=None, today=None):
        language = translation.get_language()
        statement = self.statements.get(language)
        if statement is None:
            statement = self.statements[language] = Statement(self.build)
        return statement.run({"now": now or timezone.now(), "today": today or timezone.localdate()})
