"""Assurance report records for the URL walks: a report signed off after its version 1 was
published (so that every page of the lifecycle answers someone), its files, and its region."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.dateformat import format as format_date

from governance.assurance import content_hash
from governance.models import AssuranceReport, AssuranceVersion
from programmes.models import StatusUpdate
from programmes.pages import reporting_month
from programmes.timeline import add_months
from tests.assurance_samples import sample_report_data
from tests.samples import sample_builder


@sample_builder
def assurance_records(partnership, kwargs):
    month = add_months(reporting_month(timezone.localdate()), -1)
    report = AssuranceReport.objects.create(
        partnership=partnership, month=month, status=AssuranceReport.Status.SIGNED_OFF,
        overall_rating=StatusUpdate.Confidence.AMBER, narrative="A sample month.",
        signed_off_at=timezone.now(),
    )
    data = sample_report_data(
        partnership={"name": partnership.name, "slug": partnership.slug,
                     "region": partnership.region.name},
        month=month.isoformat(), month_label=format_date(month, "F Y"),
    )
    version = AssuranceVersion(report=report, number=1, data=data,
                               content_hash=content_hash(data))
    for file_format, content in (("pdf", b"%PDF-1.7 sample"), ("xlsx", b"PK sample xlsx"),
                                 ("csv", b"PK sample csv")):
        getattr(version, file_format).name = _stored(
            f"assurance/samples/{partnership.slug}-v1.{file_format}", content)
    version.save()
    kwargs.update(month=month, number=version.number, file_format="pdf",
                  region=partnership.region_id)


def _stored(name, content):
    """The file saved once under a fixed name (the walks run often; no copies pile up)."""
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(content))
    return name
