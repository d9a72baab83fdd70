"""`manage.py load_demo`: the demo partnerships, people and records (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from stp import demo
from stp.datasets import DEMO_LOADERS


class Command(BaseCommand):
    help = "Load the demo partnerships, people and governance records (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            context = demo.load()
            for loader in DEMO_LOADERS:
                loader(context)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"\nDemo log-ins (password for each: {demo.DEMO_PASSWORD})")
        names = {slug: name for name, _short, slug, _region in demo.PARTNERSHIPS}
        for email, _name, _title, _org, role, where, _staff in demo.DEMO_USERS:
            place = (
                f"{where.removeprefix('region:')} region"
                if where.startswith("region:")
                else names[where]
            )
            self.stdout.write(f"  {email:<30} {role.label} ({place})")
        self.stdout.write("")
