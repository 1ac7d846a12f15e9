"""Querysets built and compiled once, then run with the moment's values.

Django builds a queryset again on every request and compiles it to SQL again: for one of the
home page's card queries (two filters, ``only()`` over modeltranslation's columns, a join) that
is 0.6–1.2 ms of Python, several times what the database takes to answer it. A query whose
shape never changes, only its values ("now", "today" or its year, a slug, a record's id), needs
neither each time: ``prepared`` builds it once per process and language, keeps its SQL, and runs
that SQL with each call's values (what SQLAlchemy's compiled cache and Entity Framework's
compiled queries do).

Every call still asks the database: this caches no content, so nothing here can go stale. What
a query's SQL may hold is checked when it is prepared: it is built twice, with two sets of
values no real one shares, and every parameter that differs between the two must be one of
those values; anything else (a value transformed, a ``LIMIT`` that depends on one, the clock
read inside ``build`` instead of its ``now``) is refused with ``CannotPrepare``.
"""

import datetime

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet, prefetch_related_objects
from django.db.models.query import ModelIterable, get_related_populators
from django.utils import timezone, translation

# Two sets of values no real one shares: a query is built with each, and the parameters that
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


def _kind(value):
    """What a query's SQL may differ by with an argument: its type, a list's length."""
    return ("list", len(value)) if isinstance(value, list) else type(value)


def _probe(name, kind, index, order):
    """The value a query is built with for its argument ``name`` (the ``order``-th), in probe
    ``index``. A whole number is one a year could be too: a filter may check it is one."""
    if kind is int:
        return 1901 + 2 * order + index
    if kind is str:
        return f"prepared-probe-{index}-{name}"
    if isinstance(kind, tuple):
        return [-2_000_000_001 - 2 * position - index for position in range(kind[1])]
    raise CannotPrepare(f"{name}: only whole numbers, strings and lists can be arguments")


def _as_the_database_takes(connection, values):
    """Each value by name as it is among a query's parameters; a list's items as
    ``name[0]``, ``name[1]``…"""
    taken = {
        **values,
        "now": connection.ops.adapt_datetimefield_value(values["now"]),
        "today": connection.ops.adapt_datefield_value(values["today"]),
        "today.year": values["today"].year,
    }
    for name, value in values.items():
        if isinstance(value, list):
            taken.update((f"{name}[{position}]", item) for position, item in enumerate(value))
    return taken


class CannotPrepare(Exception):
    """The query's SQL depends on more than the values it is given, it reads no model rows,
    or it prefetches with a queryset of its own."""


class Statement:
    """One compiled query and how to make model instances of its rows."""

    def __init__(self, build, kinds):
        probes = [
            {
                **PROBES[index],
                **{
                    name: _probe(name, kind, index, order)
                    for order, (name, kind) in enumerate(kinds)
                },
            }
            for index in (0, 1)
        ]
        try:
            queryset, sql, params, compiler = self._compile(build, probes[0])
        except EmptyResultSet:  # e.g. ``pk__in`` an empty list: Django asks nothing either
            self.sql = None
            return
        except (ValueError, TypeError, OverflowError) as error:
            raise CannotPrepare(f"the query cannot be built with other values: {error}") from error
        if queryset._iterable_class is not ModelIterable:
            raise CannotPrepare("only querysets of model instances can be prepared")
        _, other_sql, other_params, _ = self._compile(build, probes[1])
        if other_sql != sql or len(other_params) != len(params):
            raise CannotPrepare("the query's SQL changes with its values")
        self.sql, self.params, self.db = sql, list(params), queryset.db
        self.slots = self._slots(probes, params, other_params)
        self.prefetch = queryset._prefetch_related_lookups
        if any(getattr(lookup, "queryset", None) is not None for lookup in self.prefetch):
            # Built with a probe's moment, it would read the related records of 2001.
            raise CannotPrepare("a Prefetch's queryset cannot be prepared with the query")
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

    def _slots(self, probes, params, other_params):
        """(position, value name) of each parameter that is one of the call's values."""
        probes = [_as_the_database_takes(connections[self.db], probe) for probe in probes]
        slots = []
        for position, pair in enumerate(zip(params, other_params, strict=True)):
            if pair[0] == pair[1]:
                continue
            names = [name for name in probes[0] if (probes[0][name], probes[1][name]) == pair]
            if not names:
                raise CannotPrepare(f"parameter {position} is not one of the values as given")
            slots.append((position, names[0]))
        return slots

    @staticmethod
    def _compile(build, values):
        queryset = build(**values)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        return queryset, sql, params, compiler

    def run(self, values):
        if self.sql is None:
            return []
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
    """``build(now, today, **arguments)`` returns a queryset; calling the prepared query returns
    the list of its records at this moment (or at ``now``/``today`` given) for ``arguments``
    (whole numbers, strings or lists of whole numbers, given by name), built and compiled once
    per language, set of argument names and length of each list. Everything in ``build`` that
    reads the clock must take ``now`` or ``today`` (``published(now)``): a ``today`` read
    inside could not be told from a constant."""

    def __init__(self, build):
        self.build = build
        self.statements = {}

    def __call__(self, now=None, today=None, **arguments):
        kinds = tuple(sorted((name, _kind(value)) for name, value in arguments.items()))
        key = (translation.get_language(), kinds)
        statement = self.statements.get(key)
        if statement is None:
            try:
                statement = self.statements[key] = Statement(self.build, kinds)
            except CannotPrepare as refused:
                statement = self.statements[key] = refused  # not built again for nothing
        if isinstance(statement, CannotPrepare):
            raise statement
        now = now or timezone.now()
        return statement.run({"now": now, "today": today or timezone.localdate(now), **arguments})


class Prefetched(QuerySet):
    """The records of a relation read by a prepared query (``keep_prefetched``): what they
    are, with nothing to build another query on. A query made from it would have lost the
    relation's condition: ``filter()``, ``first()`` and the like raise instead."""

    def _chain(self):
        raise TypeError("read by a prepared query: only .all() and what reads its records")


def keep_prefetched(record, relation, related):
    """``record.<relation>.all()`` answers ``related`` (read by a prepared query) without a
    query of its own, as after ``prefetch_related(relation)``."""
    answer = Prefetched(model=getattr(record, relation).model)
    answer._result_cache, answer._prefetch_done = list(related), True
    record.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = answer
