"""`manage.py generate_load_data --scale N`: synthetic data N times a realistic partnership."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from stp import loaddata
from stp.datasets import LOAD_DATA_BUILDERS
from stp.models import Partnership


class Command(BaseCommand):
    help = "Build a synthetic partnership SCALE times the size of a realistic one, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete an existing data set of this scale first.",
        )

    def handle(self, *args, scale, replace, **options):
        if scale < 1:
            self.stderr.write("--scale must be 1 or more.")
            return
        slug = f"load-x{scale}"
        if Partnership.objects.filter(slug=slug).exists():
            if not replace:
                self.stdout.write(f"The x{scale} data set is already there (use --replace).")
                return
            self._delete(slug, scale)
        with transaction.atomic():
            context = loaddata.build(scale)
            for builder in LOAD_DATA_BUILDERS:
                builder(context, scale)
        self.stdout.write(
            self.style.SUCCESS(
                f"Built the x{scale} data set; sign in as {loaddata.bench_email(scale)}."
            )
        )

    def _delete(self, slug, scale):
        from stp.models import Organisation, User

        with transaction.atomic():
            Partnership.objects.filter(
                Q(slug=slug) | Q(slug__startswith=f"{slug}-neighbour-")
            ).delete()
            User.objects.filter(email__startswith=f"{slug}-person-").delete()
            User.objects.filter(email=loaddata.bench_email(scale)).delete()
            Organisation.objects.filter(name__startswith=f"{slug} organisation").delete()
