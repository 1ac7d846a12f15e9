from django.conf import settings
from django.utils.translation import get_language


class RememberLanguageMiddleware:
    """Remember the language of the last public page read, so that ``/`` sends the reader
    back to it. Goes after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = get_language()
        prefix = f"/{language}/"
        if (
            request.path.startswith(prefix)
            and response.status_code == 200
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language
        ):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
            )
        return response
