"""The editors' admin for records with a history (VersionedAdmin) and for publishable ones
(PublishableAdmin): workflow, history, conflicts, translations."""

import datetime
import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Cast
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, resolve, reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion import (
    create_revision,
    is_active,
    set_comment,
    set_user,
)
from reversion.admin import VersionAdmin
from reversion.models import Revision, Version

from core.admin import ContentAdmin
from core.dates import moment_label
from core.models import Workflow
from core.widgets import SplitDateTimeWidget

from .history import (
    CONFLICT_MESSAGE,
    MERGE_CONFLICT_MESSAGE,
    changes,
    describe_save,
    values_of,
)
from .merge import Merge, row_unchanged
from .models import HeldLinks, WorkingCopy
from .recovery import held_links, restore_links
from .working_copies import (
    changed_fields,
    changed_rows,
    field_values,
    rehearsal,
    snapshot,
)


class TranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            (f"missing_{code}", _("Missing %(language)s") % {"language": name})
            for code, name in settings.LANGUAGES
        ]

    def queryset(self, request, queryset):
        codes = {f"missing_{code}": code for code, _name in settings.LANGUAGES}
        if self.value() in codes:
            return queryset.missing_translation(codes[self.value()])
        return queryset


class PublicationFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "publication"
    RECENT_DAYS = 7

    def lookups(self, request, model_admin):
        return [("scheduled", _("Scheduled")), ("recent", _("Published in the last 7 days"))]

    def queryset(self, request, queryset):
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "recent":
            since = timezone.now() - datetime.timedelta(days=self.RECENT_DAYS)
            return queryset.published().filter(published_at__gte=since)
        return queryset


class ChangesFilter(admin.SimpleListFilter):
    """Published records with a working copy, awaiting review or rejected."""

    title = _("changes to published records")
    parameter_name = "changes"

    def lookups(self, request, model_admin):
        return [("awaiting", _("Awaiting review")), ("rejected", _("Rejected"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(changes_awaiting=True)
        if self.value() == "rejected":
            return queryset.filter(changes_rejected=True)
        return queryset


class EditedByFilter(admin.SimpleListFilter):
    """Records the user saved at least once (their history says so)."""

    title = _("edited by")
    parameter_name = "edited_by"

    def lookups(self, request, model_admin):
        return [("me", _("Me"))]

    def queryset(self, request, queryset):
        return saved_by(queryset, request.user) if self.value() == "me" else queryset


def saved_by(queryset, user):
    """The records of ``queryset`` that ``user`` saved at least once."""
    versions = Version.objects.get_for_model(queryset.model).filter(revision__user=user)
    ids = versions.annotate(record=Cast("object_id", models.BigIntegerField())).values("record")
    return queryset.filter(pk__in=ids)


#: Fields of the workflow: a history names the step they took, not the fields.
WORKFLOW_FIELDS = {"state", "published_at", "edit_token", "confirm_past_time"}


def workflow_step(record, before, rescheduled):
    """The step of the workflow a save took ``record`` (in state ``before``, None when new)
    through, as its history keeps it (``editorial.history.describe_save``); None for none."""
    state = record.state
    if state == Workflow.PUBLISHED and (before != state or rescheduled):
        if record.is_scheduled:
            return {"workflow": "scheduled", "at": record.published_at.isoformat()}
        return {"workflow": "published"}
    if state == before or (state == Workflow.DRAFT and before is None):
        return None
    steps = {Workflow.REVIEW: "submitted", Workflow.UNPUBLISHED: "unpublished"}
    return {"workflow": steps.get(state, "draft")}


class PublishableForm(forms.ModelForm):
    """The admin form of a publishable record. The admin sets, per request, which states the
    user may choose and what the record looked like in the database when the form was built."""

    #: When the record was last saved, as the editor saw it: a second save is a conflict.
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    #: When the record was last saved, as the conflict the editor was shown saw it.
    conflict_seen = forms.CharField(widget=forms.HiddenInput, required=False)
    #: Shown (as a checkbox) only when a record being published has a time in the past.
    confirm_past_time = forms.BooleanField(
        label=_("Publish with this past time"), required=False, widget=forms.HiddenInput
    )
    #: How far in the past a publication time may be without asking: the minutes between
    #: opening the form and saving it.
    PAST_TIME_GRACE = datetime.timedelta(minutes=10)

    allowed_states = list(Workflow.values)
    may_reschedule = True
    stored = None  # {"state": …, "updated_at": …} of the record in the database, or None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if "state" in self.fields:
            field = self.fields["state"]
            field.choices = [c for c in field.choices if c[0] in self.allowed_states]
        if "published_at" in self.fields and not self.may_reschedule:
            self.fields["published_at"].disabled = True
        if self.stored:
            self.fields["edit_token"].initial = self.stored["updated_at"].isoformat()

    def clean(self):
        cleaned = super().clean()
        if self.stored and self.is_bound:
            self.check_conflict(cleaned.get("edit_token") or "")
        self.check_past_time(cleaned)
        return cleaned

    def check_past_time(self, cleaned):
        """A record published with a time long past would appear backdated, below news
        that came after it: that must be what the publisher meant."""
        when = cleaned.get("published_at")
        being_published = cleaned.get("state") == Workflow.PUBLISHED and (
            (self.stored or {}).get("state") != Workflow.PUBLISHED
        )
        if not (being_published and when) or cleaned.get("confirm_past_time"):
            return
        if when >= timezone.now() - self.PAST_TIME_GRACE:
            return
        self.fields["confirm_past_time"].widget = forms.CheckboxInput()
        self.add_error(
            "published_at",
            ValidationError(
                _(
                    "This time has passed: the record would appear as published at "
                    "%(moment)s, below the news that came after it. Tick “Publish with "
                    "this past time” to keep it, or empty the field to publish it now."
                ),
                code="past_publication_time",
                params={"moment": moment_label(when)},
            ),
        )

    def check_conflict(self, token):
        saved = self.stored["updated_at"]
        try:
            opened = datetime.datetime.fromisoformat(token)
        except ValueError:
            opened = None
        if opened == saved:
            return
        self.conflict = Conflict(self.instance._meta.model, self.instance.pk, opened)
        if not self.conflict.known:
            # Nothing to merge against: saving again, having seen it, overwrites.
            self.data = self.data.copy()
            self.data[self.add_prefix("edit_token")] = saved.isoformat()
            raise ValidationError(CONFLICT_MESSAGE, code="edit_conflict")
        merge = self.conflict.merge(self)
        seen = self.data.get(self.add_prefix("conflict_seen"))
        if merge.conflicts and seen != saved.isoformat():
            # Both changed the same fields: shown side by side, saved once the editor chose.
            self.data = self.data.copy()
            self.data[self.add_prefix("conflict_seen")] = saved.isoformat()
            raise ValidationError(MERGE_CONFLICT_MESSAGE, code="edit_conflict")
        merge.take_theirs(self, self.data.getlist("keep_theirs"))


class Conflict:
    """What others saved to a record since an editor opened it (at ``opened``)."""

    def __init__(self, model, pk, opened):
        self.record = model._default_manager.get(pk=pk)
        versions = list(Version.objects.get_for_object(self.record).order_by("-pk")[:100])
        seen = self.version_at(versions, opened)
        self.known = seen is not None  # the version the editor opened is in the history
        self.saves = [
            version.revision for version in versions if seen is None or version.pk > seen.pk
        ]
        self.changes = changes(model, seen.field_dict, values_of(self.record)) if seen else []
        self.opened_version, self.merged = seen, None

    def merge(self, form):
        """The three-way merge of ``form``'s data with the record as saved now, against
        the version the editor opened (``editorial.merge``)."""
        self.merged = Merge(form, self.opened_version.field_dict, self.record)
        return self.merged

    def opened_rows(self, model):
        """``{pk: field_dict}`` of the rows of ``model`` in the version the editor opened."""
        versions = self.opened_version.revision.version_set.get_for_model(model)
        key = model._meta.pk.attname
        return {version.field_dict[key]: version.field_dict for version in versions}

    @staticmethod
    def version_at(versions, opened):
        """The version whose ``updated_at`` is ``opened`` (stored to the millisecond)."""
        if opened is None:
            return None
        opened = opened.replace(microsecond=opened.microsecond // 1000 * 1000)
        return next((v for v in versions if v.field_dict.get("updated_at") == opened), None)


class VersionedAdmin(VersionAdmin, ContentAdmin):
    """Admin for records with a history: every save is a django-reversion version, listed in
    its reader's language (``editorial.history.describe_save``), compared two at a time, restored,
    and recovered once deleted."""

    object_history_template = "admin/versioned_history.html"
    delete_confirmation_template = "admin/versioned_delete_confirmation.html"
    history_latest_first = True
    #: How many of the records that use one a delete confirmation names, per kind.
    used_by_shown = 10
    #: Fields whose change the history names as a step (``saved_step``), not by name.
    fields_named_by_step = ()

    def render_delete_form(self, request, context):
        context["used_by"] = self.used_by(context["object"])
        return super().render_delete_form(request, context)

    def used_by(self, record):
        """``(kind, count, [(record, admin url or None), …])`` for each kind of record that
        links to ``record`` (a topic's articles and meetings, a series' meetings): what a
        delete takes from them, named before anyone confirms it."""
        groups = []
        for relation in record._meta.related_objects:
            if relation.one_to_one or relation.related_model._meta.auto_created:
                continue
            users = getattr(record, relation.get_accessor_name()).all()
            count = users.count()
            if count:
                shown = [(user, self.admin_url_of(user)) for user in users[: self.used_by_shown]]
                groups.append((relation.related_model._meta.verbose_name_plural, count, shown))
        return groups

    def admin_url_of(self, record):
        opts = record._meta
        try:
            return reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=[quote(record.pk)],
            )
        except NoReverseMatch:
            return None

    def construct_change_message(self, request, form, formsets, add=False):
        """As Django's, but the record's own fields by name (the history labels them in its
        reader's language) and, where a subclass says so, the step the save took apart."""
        parts = super().construct_change_message(request, form, formsets, add)
        # Django's parts about inline rows name the row; the record's own are rebuilt here.
        rows = [part for part in parts if "name" in next(iter(part.values()), {})]
        own = [name for name in form.changed_data if name not in self.fields_named_by_step]
        step = self.saved_step(request, form, add)
        return [
            *([{"added": {}}] if add else []),
            *([step] if step else []),
            *([{"changed": {"fields": own}}] if own and not add else []),
            *rows,
        ]

    def saved_step(self, request, form, add):
        return None

    def log_addition(self, request, obj, message):
        return self.keep_in_history(super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return self.keep_in_history(super().log_change(request, obj, message))

    @staticmethod
    def keep_in_history(entry):
        """The version keeps the message as data, not in the words of whoever saved it
        (django-reversion's way): its history words it in its reader's language."""
        if is_active() and entry.change_message.startswith("["):
            set_comment(entry.change_message)
        return entry

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # A version of this model only: reversion looks the id up across all models.
        get_object_or_404(
            Version.objects.get_for_model(self.model), pk=version_id, object_id=unquote(object_id)
        )
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        request.recovered_revision = version.revision
        return super().recover_view(request, version.pk, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        revision = getattr(request, "recovered_revision", None)
        if revision is not None and object_id:
            # The record is back (django-reversion reverted its last version, in the same
            # transaction as the form): the links others held to it come back with it.
            request.recovered_revision = None
            kept = HeldLinks.objects.filter(revision=revision).first()
            if kept is not None:
                restore_links(self.model._default_manager.get(pk=unquote(object_id)), kept.links)
        return super().changeform_view(request, object_id, form_url, extra_context)

    # Deleting: a last version, with what the deletion takes from other records.

    def delete_model(self, request, obj):
        self.keep_for_recovery(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for record in queryset:
            self.keep_for_recovery(request, record)
        super().delete_queryset(request, queryset)

    def keep_for_recovery(self, request, record):
        """A version of ``record`` as it is deleted, with its rows and the links other
        records hold to it (``editorial.recovery``), in one revision: recovering the record
        from it puts all of them back.

        Written here rather than by django-reversion's ``create_revision``: inside the list's
        own revision (the delete action), that one is saved after the deletion, without the
        versions of records gone by then."""
        revision = Revision.objects.create(
            date_created=timezone.now(),
            user=request.user,
            comment=json.dumps([{"workflow": "deleted"}]),
        )
        rows = [row for name in self.model.edited_with for row in getattr(record, name).all()]
        Version.objects.bulk_create(
            Version(
                revision=revision,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=str(obj.pk),
                db=router.db_for_write(type(obj)),
                format="json",
                serialized_data=serializers.serialize("json", [obj]),
                object_repr=str(obj)[:191],
            )
            for obj in [record, *rows]
        )
        HeldLinks.objects.create(revision=revision, links=held_links(record))

    def history_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
        versions = (
            Version.objects.get_for_object_reference(self.model, unquote(object_id))
            .select_related("revision__user")
            .order_by("-pk")
        )
        action_list = [
            {
                "version_id": version.pk,
                "revision": version.revision,
                "comment": describe_save(self.model, version.revision.comment),
                "url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=(quote(version.object_id), version.pk),
                ),
            }
            for version in versions
        ]
        context = {"action_list": action_list, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def compare_view(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404
        versions = Version.objects.get_for_object(record)
        try:
            older, newer = sorted(
                (versions.get(pk=int(request.GET[key])) for key in ("from", "to")),
                key=lambda version: version.pk,
            )
        except (KeyError, ValueError, Version.DoesNotExist):
            raise Http404("Pick two versions of this record") from None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": record,
            "title": _("Compare versions of %(record)s") % {"record": record},
            "older": older,
            "newer": newer,
            "changes": changes(self.model, older.field_dict, newer.field_dict),
        }
        return TemplateResponse(request, "admin/versioned_compare.html", context)


class RowFormSet(BaseInlineFormSet):
    """The inline rows of a record (thrusts, documents, meeting–plan links), for its admin."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # A row's key is refused only when the row is gone: someone deleted it meanwhile.
        form.fields[self.model._meta.pk.name].error_messages["invalid_choice"] = _(
            "Someone else deleted this row after you opened the record. Tick “Delete” to "
            "agree, or copy your text into a new row."
        )


class RejectionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the editor"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What to change before the changes can be published."),
    )


class ScheduleForm(forms.Form):
    publish_at = forms.SplitDateTimeField(
        label=_("Publish the changes at"), widget=SplitDateTimeWidget
    )

    def clean_publish_at(self):
        moment = self.cleaned_data["publish_at"]
        if moment <= timezone.now():
            raise ValidationError(
                _("This time has passed: publish the changes now instead."), code="past"
            )
        return moment


def rendered(response):
    """``response``, rendered now (a template response renders late, after a rehearsal)."""
    if hasattr(response, "render"):
        response.render()
    return response


class PublishableAdmin(VersionedAdmin):
    """Admin for meetings, plans and articles: a history (``VersionedAdmin``) and a workflow.

    Editors write and submit for review; Publishers (``<app>.publish``) publish and unpublish.
    The state a user may pick is limited by ``states_for`` in the form itself, so no form
    field, action or crafted POST publishes for an Editor."""

    form = PublishableForm
    change_form_template = "admin/publishable_change_form.html"
    fields_named_by_step = WORKFLOW_FIELDS
    actions = ["submit_for_review", "publish", "unpublish"]
    workflow_fieldset = (
        _("Publishing"),
        {"fields": ["state", "published_at", "confirm_past_time", "edit_token", "conflict_seen"]},
    )

    def get_fieldsets(self, request, obj=None):
        # First: where the record stands, not under a 2,500-pixel form.
        return [self.workflow_fieldset, *super().get_fieldsets(request, obj)]

    def get_list_display(self, request):
        """The state right after the title: the column that matters, never pushed off."""
        columns = list(super().get_list_display(request))
        after = columns.index("title") + 1 if "title" in columns else len(columns)
        return [*columns[:after], "workflow_status", *columns[after:]]

    def get_list_filter(self, request):
        return [
            "state",
            PublicationFilter,
            ChangesFilter,
            TranslationFilter,
            EditedByFilter,
            *super().get_list_filter(request),
        ]

    # Who may do what.

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm(self.model.publish_permission())

    def stored_record(self, request, object_id):
        """The record's state and last save, read before anything (a revert) changes them."""
        if not hasattr(request, "stored_record"):
            queryset = self.model._default_manager.filter(pk=object_id)
            if request.method == "POST":
                # The record's row only: a manager may join others (a plan's adopting meeting,
                # for its status), and PostgreSQL cannot lock the nullable side of a join.
                queryset = queryset.select_for_update(of=("self",))
            request.stored_record = queryset.values("state", "updated_at").first()
        return request.stored_record

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        stored = self.stored_record(request, obj.pk) if obj is not None else None
        stored_state = stored["state"] if stored else None
        form.stored = stored
        form.allowed_states = self.model.states_for(request.user, stored_state)
        form.may_reschedule = self.has_publish_permission(request) or stored_state not in (
            Workflow.PUBLISHED,
            Workflow.UNPUBLISHED,
        )
        return form

    def saved_step(self, request, form, add):
        """The step of the workflow that saving ``form`` takes (``workflow_step``), from the
        state read before anything changed (``stored_record``)."""
        before = None if add else (self.stored_record(request, form.instance.pk) or {}).get("state")
        step = workflow_step(form.instance, before, "published_at" in form.changed_data)
        copy = getattr(request, "applied_working_copy", None)
        if step is None and copy is not None:
            return {"workflow": "changes_published", "author": str(copy.author_name)}
        return step

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        message = self.workflow_message(obj, self.saved_step(request, form, not change))
        if message:
            self.message_user(request, message, messages.SUCCESS)
        merged = form.conflict.merged if form.conflict else None
        if merged and merged.kept_theirs:
            self.message_user(
                request,
                _("Saved with the changes others made since you opened it: %(fields)s.")
                % {"fields": ", ".join(map(str, merged.kept_theirs))},
                messages.INFO,
            )

    def save_formset(self, request, form, formset, change):
        """Inline rows merge by row: a row this editor left as it was when they opened the
        record keeps what others changed in it since."""
        if form.conflict and form.conflict.merged:
            opened = form.conflict.opened_rows(formset.model)
            for row_form in formset.initial_forms:
                if row_form not in formset.deleted_forms and row_unchanged(
                    row_form, opened.get(row_form.instance.pk)
                ):
                    # What has_changed() reads: the formset then leaves the row alone.
                    row_form.__dict__["changed_data"] = []
        super().save_formset(request, form, formset, change)

    @staticmethod
    def workflow_message(record, step):
        """What a save did for readers, in words, when it changed the record's step."""
        step = step or {}
        if step.get("workflow") == "scheduled":
            return _("Scheduled: readers will see it from %(moment)s.") % {
                "moment": moment_label(record.published_at)
            }
        return {
            "published": _("Published: readers see it now."),
            "submitted": _(
                "Submitted for review: readers will see it once a publisher publishes it."
            ),
            "unpublished": _("Unpublished: readers no longer see it."),
            "changes_published": _("Published: readers see the changes now."),
        }.get(step.get("workflow"))

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self.stored_record(request, unquote(object_id))
        record = self.get_object(request, unquote(object_id))
        if record is None or not self.keeps_working_copy(request, record):
            return super().revision_view(request, object_id, version_id, extra_context)
        # Restoring a version of a live record, without the right to publish: the restored
        # version becomes the working copy (``changeform_view`` saves it as one).
        request.live_snapshot = snapshot(record)
        request.rehearsing = True
        with rehearsal():
            response = super().revision_view(request, object_id, version_id, extra_context)
        return self.kept_for_review(request, record, response)

    def recover_view(self, request, version_id, extra_context=None):
        request.stored_record = None  # a recovered record starts as what the user may set
        return super().recover_view(request, version_id, extra_context)

    # Working copies: a live record changed by someone who may not publish
    # (``editorial.working_copies``).

    def keeps_working_copy(self, request, record):
        """Whether what ``request``'s user saves of ``record`` waits for a publisher."""
        return record.state == Workflow.PUBLISHED and not self.has_publish_permission(request)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        record = self.get_object(request, unquote(object_id)) if object_id else None
        if record is None or getattr(request, "recovered_revision", None) is not None:
            # A recovered record starts as what the user may set: no working copy.
            return super().changeform_view(request, object_id, form_url, extra_context)
        if getattr(request, "live_snapshot", None) is not None:
            # A version restored for review (``revision_view``), already in a rehearsal.
            return self.changeform_in_rehearsal(request, object_id, form_url, extra_context)
        copy = WorkingCopy.objects.of(self.model, record.pk)
        context = {
            **(extra_context or {}),
            "working_copy": copy,
            "saves_for_review": self.keeps_working_copy(request, record),
        }
        if request.method == "POST" and self.keeps_working_copy(request, record):
            request.live_snapshot = snapshot(record)
            request.rehearsing = True
            with rehearsal():
                if copy is not None:
                    copy.apply(keep_time=True)
                response = rendered(
                    self.changeform_in_rehearsal(request, object_id, form_url, context)
                )
            return self.kept_for_review(request, record, response)
        if copy is None:
            return super().changeform_view(request, object_id, form_url, context)
        if request.method == "POST":
            # A publisher's save (or one of a record no longer live) puts the changes live
            # along with theirs.
            request.applied_working_copy = copy
            with transaction.atomic():
                copy.apply(keep_time=True)
                response = super().changeform_view(request, object_id, form_url, context)
                if response.status_code == 302:
                    copy.delete()
                else:
                    rendered(response)
                    transaction.set_rollback(True)
            return response
        with rehearsal():  # the form shows the working copy
            copy.apply(keep_time=True)
            return rendered(super().changeform_view(request, object_id, form_url, context))

    def changeform_in_rehearsal(self, request, object_id, form_url, extra_context):
        """The admin's own form and save, without a revision of the history: the save is
        rolled back, and ``log_change`` keeps what it made of the record."""
        return super(VersionAdmin, self).changeform_view(
            request, object_id, form_url, extra_context
        )

    def log_change(self, request, obj, message):
        if getattr(request, "rehearsing", False):
            request.proposed = snapshot(obj)
        return super().log_change(request, obj, message)

    def message_user(self, request, *args, **kwargs):
        # A rehearsed save's messages would say it was saved: ``kept_for_review`` says what.
        if not getattr(request, "rehearsing", False):
            super().message_user(request, *args, **kwargs)

    def kept_for_review(self, request, record, response):
        """After a rehearsed save: its changes become the record's working copy (or, when
        nothing differs from the live record any more, the working copy goes)."""
        request.rehearsing = False
        proposed = getattr(request, "proposed", None)
        if proposed is None:
            return response  # the form, shown again with its errors
        base = request.live_snapshot
        copies = WorkingCopy.objects.of_model(self.model).filter(object_id=record.pk)
        if not (
            changed_fields(self.model, base, proposed) or changed_rows(self.model, base, proposed)
        ):
            copies.delete()
            self.message_user(
                request,
                _("Nothing differs from the published version: no changes await review."),
                messages.INFO,
            )
            return response
        WorkingCopy.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=record.pk,
            defaults={
                "base": base,
                "proposed": proposed,
                "author": request.user,
                "rejected_by": None,
                "rejected_at": None,
                "review_note": "",
                "publish_at": None,
                "scheduled_by": None,
            },
        )
        self.message_user(
            request,
            _(
                "Saved for review: readers see the published version until a publisher "
                "publishes your changes."
            ),
            messages.SUCCESS,
        )
        return response

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/changes/",
                self.admin_site.admin_view(self.working_copy_view),
                name=f"{opts.app_label}_{opts.model_name}_changes",
            ),
            path(
                "<path:object_id>/changes/preview/",
                self.admin_site.admin_view(self.working_copy_preview),
                name=f"{opts.app_label}_{opts.model_name}_changes_preview",
            ),
            *super().get_urls(),
        ]

    def working_copy_of(self, request, object_id, permission):
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404
        if not permission(request, record):
            raise PermissionDenied
        return record, WorkingCopy.objects.of(self.model, record.pk)

    def working_copy_view(self, request, object_id):
        """The changes awaiting review against the live record, and what to do with them:
        publish or reject with a note (publishers), discard (publishers and their author)."""
        record, copy = self.working_copy_of(request, object_id, self.has_change_permission)
        change_url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[quote(record.pk)],
        )
        if copy is None:
            self.message_user(request, _("No changes await review."), messages.INFO)
            return HttpResponseRedirect(change_url)
        may_publish = self.has_publish_permission(request)
        action = request.POST.get("action") if request.method == "POST" else None
        rejection = RejectionForm(request.POST if action == "reject" else None)
        schedule = ScheduleForm(request.POST if action == "schedule" else None)
        if action:
            if action == "publish" and may_publish:
                copy.publish(request.user)
                self.message_user(request, _("Published: readers see the changes now."))
                return HttpResponseRedirect(change_url)
            if action == "schedule" and may_publish and schedule.is_valid():
                copy.schedule(request.user, schedule.cleaned_data["publish_at"])
                self.message_user(
                    request,
                    _("Scheduled: readers will see the changes from %(moment)s.")
                    % {"moment": moment_label(copy.publish_at)},
                )
                return HttpResponseRedirect(change_url)
            if action == "reject" and may_publish and rejection.is_valid():
                copy.reject(request.user, rejection.cleaned_data["note"])
                self.message_user(request, _("Rejected: the editor sees your note."))
                return HttpResponseRedirect(change_url)
            if action == "discard" and (may_publish or copy.author == request.user):
                copy.delete()
                self.message_user(request, _("The changes were discarded."))
                return HttpResponseRedirect(change_url)
            if action not in ("reject", "schedule") or not may_publish:
                raise PermissionDenied
            # A note or a time that was refused: the page again, with the form's errors.
        with rehearsal():
            live = snapshot(record)
            changed = snapshot(copy.apply())
            field_changes = changes(
                self.model, field_values(self.model, live), field_values(self.model, changed)
            )
            row_changes = [
                (model._meta.verbose_name, state, str(row))
                for model, state, row in changed_rows(self.model, live, changed)
            ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": record,
            "title": _("Changes awaiting review: %(record)s") % {"record": record},
            "working_copy": copy,
            "changes": field_changes,
            "row_changes": row_changes,
            "may_publish": may_publish,
            "may_discard": may_publish or copy.author == request.user,
            "rejection": rejection,
            "schedule": schedule,
        }
        return TemplateResponse(request, "admin/working_copy.html", context)

    def working_copy_preview(self, request, object_id):
        """The record's public page as the changes would make it, for staff."""
        record, copy = self.working_copy_of(request, object_id, self.has_view_or_change_permission)
        if copy is None:
            raise Http404
        language = request.GET.get("language")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        request.previewing_changes = True
        with rehearsal(), translation.override(language):
            address = copy.apply().get_absolute_url()
            match = resolve(address)
            response = rendered(match.func(request, *match.args, **match.kwargs))
        add_never_cache_headers(response)
        return response

    # The list.

    def get_queryset(self, request):
        copies = WorkingCopy.objects.of_model(self.model).filter(object_id=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                changes_awaiting=Exists(copies.awaiting_review()),
                changes_rejected=Exists(copies.filter(rejected_at__isnull=False)),
            )
        )

    @admin.display(description=_("state"), ordering="state")
    def workflow_status(self, obj):
        if obj.is_scheduled:
            state = format_html(
                '<span class="workflow workflow--scheduled">{}</span>',
                _("Scheduled for %(time)s") % {"time": moment_label(obj.published_at)},
            )
        else:
            state = format_html(
                '<span class="workflow workflow--{}">{}</span>', obj.state, obj.get_state_display()
            )
        if getattr(obj, "changes_awaiting", False):
            return format_html(
                '{} <span class="workflow workflow--review">{}</span>',
                state,
                _("changes awaiting review"),
            )
        if getattr(obj, "changes_rejected", False):
            return format_html(
                '{} <span class="workflow workflow--rejected">{}</span>',
                state,
                _("changes rejected"),
            )
        return state

    # Actions: each record is saved on its own, so the index, history and slugs follow.

    def change_state(self, request, records, state, step, message):
        changed = 0
        with create_revision():
            set_user(request.user)
            set_comment(json.dumps([{"workflow": step}]))
            for record in records:
                record.state = state
                record.save()
                changed += 1
        self.message_user(request, message(changed) % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Submit the selected drafts for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self.change_state(
            request,
            queryset.filter(state=Workflow.DRAFT),
            Workflow.REVIEW,
            "submitted",
            lambda n: ngettext(
                "%(count)d draft submitted for review.", "%(count)d drafts submitted for review.", n
            ),
        )

    @admin.action(description=_("Publish the selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        self.change_state(
            request,
            queryset.exclude(state=Workflow.PUBLISHED),
            Workflow.PUBLISHED,
            "published",
            lambda n: ngettext("%(count)d record published.", "%(count)d records published.", n),
        )

    @admin.action(description=_("Unpublish the selected records"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self.change_state(
            request,
            queryset.filter(state=Workflow.PUBLISHED),
            Workflow.UNPUBLISHED,
            "unpublished",
            lambda n: ngettext(
                "%(count)d record unpublished.", "%(count)d records unpublished.", n
            ),
        )

    # History and comparing two versions.
