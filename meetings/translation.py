from modeltranslation.translator import TranslationOptions, register

from .models import Meeting, MeetingSeries, OutcomeDocument


@register(MeetingSeries)
class MeetingSeriesTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"vi": ("name",)}


@register(Meeting)
class MeetingTranslationOptions(TranslationOptions):
    fields = ("title", "city", "venue", "chair_office", "summary", "body")
    required_languages = {"vi": ("title",)}


@register(OutcomeDocument)
class OutcomeDocumentTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = {"vi": ("title",)}
