"""`manage.py generate_load_data --scale N`: synthetic data N times a realistic partnership."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from stp import loaddata
from stp.datasets import LOAD_DATA_BUILDERS
from stp.models import Partnership


class Command(BaseCommand):
    help = "Build a synthetic partnership SCALE times the size of a realistic one, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)

    def handle(self, *args, scale, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if Partnership.objects.filter(slug=f"load-x{scale}").exists():
            self.stdout.write(f"The x{scale} data set is already there; nothing to do.")
            return
        with transaction.atomic():
            context = loaddata.build(scale)
            for builder in LOAD_DATA_BUILDERS:
                builder(context, scale)
        self.stdout.write(
            self.style.SUCCESS(
                f"Built the x{scale} data set; sign in as {loaddata.bench_email(scale)}."
            )
        )
