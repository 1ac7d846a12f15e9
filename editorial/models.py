import json

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion import add_to_revision, create_revision, set_comment, set_user

from core.backups import ExactJSONEncoder


class WorkingCopyQuerySet(models.QuerySet):
    def of_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def of(self, model, pk):
        """The working copy of the record ``pk`` of ``model``, or None."""
        return self.of_model(model).filter(object_id=pk).select_related("author").first()

    def awaiting_review(self):
        return self.filter(rejected_at__isnull=True)

    def due(self, now=None):
        """Scheduled by a publisher for ``now`` or earlier."""
        return self.awaiting_review().filter(publish_at__lte=now or timezone.now())


class WorkingCopy(models.Model):
    """Changes to a published record made by someone who may not publish: kept here, as the
    record was (``base``) and as they left it (``proposed``), until a publisher publishes or
    rejects them. Readers, the search index and the cache see only the live record.

    Both are snapshots (``editorial.working_copies.snapshot``): the record and the rows edited
    with it, as Django's serializer writes them. Publishing applies what changed from one to
    the other onto the live record as it is by then."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey()
    base = models.JSONField(encoder=ExactJSONEncoder)
    proposed = models.JSONField(encoder=ExactJSONEncoder)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rejected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True)
    review_note = models.TextField(_("note to the editor"), blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = WorkingCopyQuerySet.as_manager()

    class Meta:
        verbose_name = _("changes awaiting review")
        verbose_name_plural = _("changes awaiting review")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_working_copy_per_record"
            )
        ]

    def __str__(self):
        return f"{self.content_type} {self.object_id}"

    @property
    def author_name(self):
        return person(self.author)

    @property
    def rejected_by_name(self):
        return person(self.rejected_by)

    @property
    def is_rejected(self):
        return self.rejected_at is not None

    def apply(self, keep_time=False):
        """Write the changes onto the live record (``working_copies.apply``); returns it."""
        from .working_copies import apply

        model = self.content_type.model_class()
        return apply(model, self.base, self.proposed, keep_time=keep_time)

    def reject(self, user, note):
        self.rejected_by, self.rejected_at, self.review_note = user, timezone.now(), note
        self.publish_at = self.scheduled_by = None
        self.save()

    def schedule(self, user, moment):
        self.publish_at, self.scheduled_by = moment, user
        self.save(update_fields=["publish_at", "scheduled_by", "updated_at"])

    def publish(self, user):
        """Apply the changes to the live record, in one revision of its history (by
        ``user``, naming the changes' author), and drop the working copy."""
        from .working_copies import changed_fields

        model = self.content_type.model_class()
        fields = changed_fields(model, self.base, self.proposed)
        step = {"workflow": "changes_published", "author": str(self.author_name)}
        with transaction.atomic(), create_revision():
            set_user(user)
            set_comment(json.dumps([step, *([{"changed": {"fields": fields}}] if fields else [])]))
            record = self.apply()
            add_to_revision(record)  # with its rows as they are now
            self.delete()
        return record


def person(user):
    """How a history names a user."""
    if user is None:
        return _("unknown user")
    return user.get_full_name() or user.get_username()


class HeldLinks(models.Model):
    """Kept with the revision a record's deletion saves (django-reversion's meta model): the
    links other records held to it, which the deletion removed and its recovery puts back
    (``editorial.recovery``)."""

    revision = models.OneToOneField(
        "reversion.Revision", on_delete=models.CASCADE, related_name="held_links"
    )
    links = models.JSONField(encoder=ExactJSONEncoder, default=list)

    class Meta:
        verbose_name = _("links held by other records")
        verbose_name_plural = _("links held by other records")

    def __str__(self):
        return str(self.revision_id)
