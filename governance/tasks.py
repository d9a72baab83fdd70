"""Background work of the governance app: printing published board packs to PDF."""

from celery import shared_task

from governance.models import BoardPack
from governance.pack_pdf import print_pack


@shared_task(ignore_result=True)
def render_pack_pdf(pack_id):
    """Print a published pack's PDFs. Idempotent: a pack whose PDF is ready is left alone."""
    pack = BoardPack.objects.select_related("meeting__board").filter(pk=pack_id).first()
    if pack is not None:
        print_pack(pack)
