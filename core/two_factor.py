"""Two-step verification for the admin (django-otp, TOTP): a code from an authenticator app
after the password. Optional for everyone; required of those who publish when
``REQUIRE_2FA`` is on (DJANGO_REQUIRE_2FA=true)."""

import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial.permissions import PUBLISHABLE_MODELS

from .views import admin_next_page


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def publishes(user):
    return any(user.has_perm(f"{app_label}.publish") for app_label in PUBLISHABLE_MODELS)


def required_of(user):
    """Whether ``user`` may use the admin only after a second step."""
    return settings.REQUIRE_2FA and user.is_authenticated and user.is_staff and publishes(user)


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=gettext_lazy("Authentication code"),
            max_length=10,
            widget=forms.TextInput(
                attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
            ),
            **kwargs,
        )

    def to_python(self, value):
        return "".join(super().to_python(value).split())


def check_code(device, code):
    """A ValidationError unless ``code`` is the device's current one. django-otp slows down
    guessing: after each wrong code the next check waits twice as long."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(
            _("Too many wrong codes in a row: wait a minute, then enter the code shown now."),
            code="throttled",
        )
    if not device.verify_token(code):
        raise ValidationError(
            _("This code is wrong or has expired: enter the one your app shows now."),
            code="invalid_code",
        )


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login, with the code of an authenticator app for accounts that have one."""

    otp_token = CodeField(
        required=False,
        help_text=gettext_lazy(
            "Only if two-step verification is on for your account: the six digits your "
            "authenticator app shows."
        ),
    )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        device = confirmed_device(user)
        if device is None:
            return
        code = self.cleaned_data.get("otp_token", "")
        if not code:
            raise ValidationError(
                _("Two-step verification is on for this account: enter the code from your app."),
                code="code_required",
            )
        check_code(device, code)
        # django-otp marks the session verified when the login completes.
        user.otp_device = device


class CodeForm(forms.Form):
    otp_token = CodeField()

    def __init__(self, device, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_otp_token(self):
        code = self.cleaned_data["otp_token"]
        check_code(self.device, code)
        return code


def qr_code_svg(text):
    """``text`` as an inline SVG QR code (no style attributes: the CSP allows it)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    # Safe: drawn here from our own data (an otpauth:// address), never from input.
    return mark_safe(svg[svg.index("<svg") :])


def grouped_key(device):
    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@staff_member_required
def two_factor(request):
    """Turn two-step verification on (scan, then confirm a code), verify a session that
    needs it, or turn it off (with a code, unless it is required of this account)."""
    user = request.user
    device = confirmed_device(user)
    context = {
        **admin.site.each_context(request),
        "title": _("Two-step verification"),
        "required": required_of(user),
        "device": device,
    }
    if device is None:
        pending = TOTPDevice.objects.filter(
            user=user, confirmed=False
        ).first() or TOTPDevice.objects.create(user=user, confirmed=False, name="authenticator")
        form = CodeForm(pending, request.POST or None)
        if form.is_valid():
            pending.confirmed = True
            pending.save(update_fields=["confirmed"])
            otp_login(request, pending)
            messages.success(request, _("Two-step verification is on for your account."))
            return redirect(admin_next_page(request, request.GET.get("next", "")))
        context.update(
            form=form,
            qr_code=qr_code_svg(pending.config_url),
            key=grouped_key(pending),
        )
    elif not user.is_verified():
        form = CodeForm(device, request.POST or None)
        if form.is_valid():
            otp_login(request, device)
            return redirect(admin_next_page(request, request.GET.get("next", "")))
        context["form"] = form
    elif request.method == "POST" and not context["required"]:
        form = CodeForm(device, request.POST)
        if form.is_valid():
            TOTPDevice.objects.filter(user=user).delete()
            messages.success(request, _("Two-step verification is off for your account."))
            return redirect("admin:index")
        context["form"] = form
    else:
        context["form"] = None if context["required"] else CodeForm(device)
    return TemplateResponse(request, "admin/two_factor.html", context)


class TwoFactorRequiredMiddleware:
    """Where two-step verification is required of an account, its admin pages wait until the
    session has passed it: they lead to the page that turns it on or asks for the code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith("/admin/")
            and required_of(request.user)
            and not request.user.is_verified()
            and request.path not in self.open_paths()
        ):
            return redirect(f"{reverse('two_factor')}?{urlencode({'next': request.path})}")
        return self.get_response(request)

    @staticmethod
    def open_paths():
        return {
            reverse(name)
            for name in (
                "two_factor",
                "admin:logout",
                "admin:login",
                "admin:jsi18n",
                "admin_language",
            )
        }
