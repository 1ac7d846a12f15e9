from django.urls import reverse
from django.utils import translation

from .models import AdminPreference


class AdminLanguageMiddleware:
    """Signed-in staff read the admin in the language they chose for it (``AdminPreference``),
    not in the one of the last public page they read. Comes after the authentication
    middleware; the sign-in page keeps the reader's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(reverse("admin:index")) and request.user.is_staff:
            language = AdminPreference.language_of(request.user)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
