from modeltranslation.translator import TranslationOptions, register

from .models import Plan, Thrust


@register(Plan)
class PlanTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "status_note")
    required_languages = {"vi": ("title",)}


@register(Thrust)
class ThrustTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"vi": ("title",)}
