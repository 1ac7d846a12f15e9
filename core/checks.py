from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def security_contact_is_set(app_configs, **kwargs):
    if settings.SECURITY_CONTACT:
        return []
    return [
        Warning(
            "No security contact: /.well-known/security.txt answers 404.",
            hint="Set DJANGO_SECURITY_CONTACT to an e-mail address or an https:// URL.",
            id="core.W001",
        )
    ]
