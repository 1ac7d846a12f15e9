from modeltranslation.translator import TranslationOptions, register

from .models import Article


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "lead", "body", "source_name", "image_alt", "image_caption")
    required_languages = {"vi": ("title",)}
