from django.core.management.base import BaseCommand

from search.index import rebuild


class Command(BaseCommand):
    help = "Empty the search index and index every meeting, plan and article again."

    def handle(self, *args, **options):
        counts = rebuild()
        if options["verbosity"]:
            summary = ", ".join(f"{count} {kind}(s)" for kind, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {summary}."))
