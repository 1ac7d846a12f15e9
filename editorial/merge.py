"""Three-way merge of an edit with what others saved since it was opened.

Against the version the editor opened (the base): a field only the others changed keeps
their value, a field only this editor changed takes theirs, and a field both changed to
different values is a conflict, shown side by side for the editor to choose. Rows edited
inline merge by row: a row only the others changed keeps their change.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model

from core.text import normalize_nfc

from .history import field_label, shown


@dataclass(frozen=True)
class FieldConflict:
    name: str
    label: str
    mine: str
    theirs: str


def comparable(field, value):
    """A value of ``field`` in one form whatever its source (a form's cleaned data, the
    database, a version): keys for relations, a set for links, text as it would be stored."""
    if field.many_to_many:
        return sorted(str(getattr(item, "pk", item)) for item in (value or []))
    if isinstance(value, Model):
        value = value.pk
    if isinstance(value, str):
        value = normalize_nfc(value)
        sanitize = getattr(field, "sanitize", None)
        value = sanitize(value) if sanitize else value
    if field.is_relation and value is not None:
        value = str(value)
    return None if value in ("", None) else value


class Merge:
    """Merges the cleaned data of ``form`` (mine) with the record as saved now (theirs, the
    database's ``record``), both against ``base`` (a ``Version.field_dict``). Fields only
    they changed are written into the cleaned data at once; ``conflicts`` lists the rest."""

    def __init__(self, form, base, record):
        model = type(record)
        self.kept_theirs, self.conflicts, self.record = [], [], record
        cleaned = form.cleaned_data
        for name in form.fields:
            field = _model_field(model, name)
            if field is None or name not in cleaned or field.attname not in base:
                continue
            mine = comparable(field, cleaned[name])
            theirs = comparable(field, self.current(field))
            if mine == theirs:
                continue
            if mine == comparable(field, base[field.attname]):
                cleaned[name] = self.current(field)
                self.kept_theirs.append(field_label(field))
            elif theirs != comparable(field, base[field.attname]):
                self.conflicts.append(
                    FieldConflict(
                        name,
                        field_label(field),
                        shown(field, _stored(field, cleaned[name])),
                        shown(field, _stored(field, self.current(field))),
                    )
                )

    def current(self, field):
        if field.many_to_many:
            return list(getattr(self.record, field.name).all())
        return getattr(self.record, field.name)

    def take_theirs(self, form, names):
        for conflict in self.conflicts:
            if conflict.name in names:
                field = _model_field(type(self.record), conflict.name)
                form.cleaned_data[conflict.name] = self.current(field)
                self.kept_theirs.append(conflict.label)


def row_unchanged(row_form, base):
    """Whether an inline row's form still holds the row as it was in ``base`` (its
    ``Version.field_dict``): then a change the others made to it since is theirs alone."""
    if base is None:
        return False
    model = row_form._meta.model
    for name, value in row_form.cleaned_data.items():
        field = _model_field(model, name)
        if field is None or field.primary_key or field.attname not in base:
            continue
        if comparable(field, value) != comparable(field, base[field.attname]):
            return False
    return True


def _model_field(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a form's own field (edit_token…): not merged
        return None
    return field if getattr(field, "concrete", False) or field.many_to_many else None


def _stored(field, value):
    """``value`` as ``history.shown`` reads it (keys for relations)."""
    if field.many_to_many:
        return [getattr(item, "pk", item) for item in value or []]
    return value.pk if isinstance(value, Model) else value
