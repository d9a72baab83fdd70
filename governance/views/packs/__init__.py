"""Board pack pages: preview and publish (PMO), read on the web, download the PDF, readers."""

from django.urls import path

from governance.views.packs import publishing, reading

VERSION = "meetings/<int:meeting>/pack/<int:version>/"

urlpatterns = [
    path("meetings/<int:meeting>/pack/preview/", publishing.preview, name="pack_preview"),
    path("meetings/<int:meeting>/pack/publish/", publishing.publish, name="pack_publish"),
    path(VERSION, reading.contents, name="pack"),
    path(f"{VERSION}pdf/", reading.pdf, name="pack_pdf"),
    path(f"{VERSION}public-pdf/", reading.public_pdf, name="pack_public_pdf"),
    path(f"{VERSION}status/", publishing.status, name="pack_status"),
    path(f"{VERSION}retry/", publishing.retry, name="pack_retry"),
    path(f"{VERSION}readers/", publishing.readers, name="pack_readers"),
    path(f"{VERSION}papers/<slug:section>/", reading.paper, name="pack_paper"),
    # Last: a section's slug would otherwise shadow the pages above.
    path(f"{VERSION}<slug:section>/", reading.section, name="pack_section"),
]
