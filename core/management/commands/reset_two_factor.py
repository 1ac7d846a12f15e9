from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Turn two-step verification off for an account (its phone is lost): its next login "
        "asks for the password only, and, where it is required, to turn it on again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account is named {username!r}.") from None
        removed, _details = TOTPDevice.objects.filter(user=user).delete()
        if options["verbosity"]:
            self.stdout.write(
                f"Two-step verification is off for {username}"
                + ("." if removed else " (it was not on).")
            )
