"""Comparing versions of a record: for the history's "compare" page and for edit conflicts;
what each save did, in words, for its history.

Values are compared as django-reversion stores them (``Version.field_dict``): concrete fields
by attname, many-to-many relations as lists of primary keys.
"""

import datetime
import difflib
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import strip_tags
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField

from core.dates import moment_label

#: Bookkeeping that changes on every save; not worth showing.
UNCOMPARED = {"created_at", "updated_at"}
EMPTY = "—"


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str

    @property
    def words(self):
        """``[(op, text), …]`` with op "same", "removed" or "added", word by word."""
        old, new = self.before.split(), self.after.split()
        parts = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
            if op == "equal":
                parts.append(("same", " ".join(old[i1:i2])))
                continue
            if i2 > i1:
                parts.append(("removed", " ".join(old[i1:i2])))
            if j2 > j1:
                parts.append(("added", " ".join(new[j1:j2])))
        return parts


def values_of(record):
    """``record``'s current values, shaped like ``Version.field_dict``."""
    values = {
        field.attname: getattr(record, field.attname) for field in record._meta.concrete_fields
    }
    for field in record._meta.many_to_many:
        if field.remote_field.through._meta.auto_created:
            values[field.attname] = list(getattr(record, field.name).values_list("pk", flat=True))
    return values


def compared_fields(model):
    proxies = set(model.translated_field_names())
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.name in proxies or field.name in UNCOMPARED or field.primary_key:
            continue
        yield field


def shown(field, value):
    """``value`` of ``field`` as an editor reads it."""
    if value in (None, "", []):
        return EMPTY
    if field.many_to_many:
        return ", ".join(
            sorted(str(item) for item in field.related_model.objects.filter(pk__in=value))
        )
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str):
        return re.sub(r"\s+", " ", strip_tags(value)).strip() or EMPTY
    return str(value)


def changes(model, before, after):
    """``[Change, …]``: the fields whose values differ between two ``field_dict``s."""
    found = []
    for field in compared_fields(model):
        if field.attname not in before or field.attname not in after:
            continue
        old, new = before[field.attname], after[field.attname]
        if field.many_to_many:
            old, new = sorted(map(str, old)), sorted(map(str, new))
        if old != new:
            found.append(
                Change(
                    field.attname,
                    field_label(field),
                    shown(field, old),
                    shown(field, new),
                )
            )
    return found


MERGE_CONFLICT_MESSAGE = _(
    "Someone else saved this record after you opened it, and changed some of the fields you "
    "changed. Nothing has been saved: your text is still in the form. For each field below, "
    "keep yours or tick “Use theirs”, then save again; their other changes are kept."
)
CONFLICT_MESSAGE = _(
    "Someone else saved this record after you opened it. Nothing has been saved: your text is "
    "still in the form. Compare it with their changes below; saving again replaces their "
    "version with yours."
)


def field_label(field):
    """A field as the form labels it, in the active language: "Sapo (Tiếng Việt)"."""
    if isinstance(field, TranslationField):
        language = dict(settings.LANGUAGES).get(field.language, field.language)
        return f"{capfirst(str(field.translated_field.verbose_name))} ({language})"
    return capfirst(str(field.verbose_name))


#: The steps of the workflow a save or an action can take, as a history names them.
STEPS = {
    "submitted": pgettext_lazy("workflow step", "Submitted for review"),
    "published": pgettext_lazy("workflow step", "Published"),
    "scheduled": pgettext_lazy("workflow step", "Scheduled to publish at %(moment)s"),
    "unpublished": pgettext_lazy("workflow step", "Unpublished"),
    "draft": pgettext_lazy("workflow step", "Back to draft"),
    "deleted": pgettext_lazy("workflow step", "Deleted"),
    "changes_published": pgettext_lazy("workflow step", "Published the changes of %(author)s"),
}


def step_label(part):
    label = str(STEPS[part["workflow"]])
    if part.get("at"):
        label %= {"moment": moment_label(datetime.datetime.fromisoformat(part["at"]))}
    if "author" in part:
        label %= {"author": part["author"]}
    return label


def describe_save(model, comment):
    """A version's comment in the active language: the workflow step it took, the fields it
    changed by their labels (the admin stores their names, see ``PublishableAdmin``), and the
    related rows it added, changed or deleted as Django words them."""
    try:
        parts = json.loads(comment) if comment.startswith("[") else None
    except ValueError:
        parts = None
    if parts is None:
        return gettext(comment) if comment else ""
    sentences, rows = [], []
    for part in parts:
        if part.get("workflow") in STEPS:
            sentences.append(step_label(part) + ".")
        elif "changed" in part and "name" not in part["changed"]:
            labels = [label_of(model, name) for name in part["changed"].get("fields", [])]
            sentences.append(_("Changed %(fields)s.") % {"fields": get_text_list(labels, _("and"))})
        else:
            rows.append(part)
    if rows:
        sentences.append(LogEntry(change_message=json.dumps(rows)).get_change_message())
    return " ".join(sentences)


def label_of(model, name):
    try:
        return field_label(model._meta.get_field(name))
    except FieldDoesNotExist:
        return name
