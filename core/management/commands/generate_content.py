from django.core.management.base import BaseCommand

from core.sample_content import ContentGenerator


class Command(BaseCommand):
    help = (
        "Add generated bilingual meetings, plans and news articles, linked to each other and "
        "indexed for search, for benchmarks and load tests. Running again with the same seed "
        "adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--meetings", type=int, help="default: one per 100 articles")
        parser.add_argument("--plans", type=int, help="default: one per 1,000 articles")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, articles, meetings, plans, seed, **options):
        meetings = max(1, articles // 100) if meetings is None else meetings
        plans = max(1, articles // 1000) if plans is None else plans
        made = ContentGenerator(seed).run(articles=articles, meetings=meetings, plans=plans)
        self.stdout.write(
            "Added {meetings:,} meetings, {plans:,} plans and {articles:,} articles.".format(**made)
        )
