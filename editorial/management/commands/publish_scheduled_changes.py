from django.core.management.base import BaseCommand

from editorial.models import WorkingCopy


class Command(BaseCommand):
    help = (
        "Publish the changes to published records that a publisher scheduled for now or "
        "earlier. Run it every minute (deploy/asean-portal-publish.timer)."
    )

    def handle(self, **options):
        published = 0
        for copy in WorkingCopy.objects.due().select_related("author", "scheduled_by"):
            copy.publish(copy.scheduled_by)
            published += 1
        if options["verbosity"]:
            self.stdout.write(f"Scheduled changes published: {published}.")
