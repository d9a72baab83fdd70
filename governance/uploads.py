"""Board papers uploaded to an agenda item: PDF or Word (DOCX) only, by content, up to a size.

The name a file arrives with proves nothing: a PDF is a file starting with the PDF signature,
a DOCX a zip archive holding `word/document.xml`. The paper is stored under a name with the
extension its content shows.
"""

import zipfile
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx"}
NOT_A_PAPER = "The paper must be a PDF or Word (DOCX) file"


@dataclass(frozen=True)
class Paper:
    content_type: str
    extension: str
    stored_name: str  # e.g. "discharge-report.pdf"
    original_name: str


def max_upload_mb():
    return getattr(settings, "PAPER_MAX_UPLOAD_MB", 20)


def size_hint():
    return f"A PDF or Word (DOCX) file, smaller than {max_upload_mb()} MB."


def check_paper(upload):
    """The paper's type and the name to store it under; ValidationError for anything else."""
    limit = max_upload_mb()
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(f"The paper must be smaller than {limit} MB", code="too_big")
    if upload.size == 0:
        raise ValidationError("The selected paper is empty", code="empty")
    content_type = paper_type(upload)
    if content_type is None:
        raise ValidationError(NOT_A_PAPER, code="not_a_paper")
    extension = EXTENSIONS[content_type]
    original = Path(upload.name or "paper").name
    stem = slugify(Path(original).stem)[:80] or "paper"
    return Paper(content_type, extension, f"{stem}{extension}", original[:200])


def paper_type(upload):
    """PDF or DOCX by the file's content, or None."""
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    guessed = filetype.guess(head)
    if guessed is not None and guessed.mime == PDF:
        return PDF
    if guessed is None or guessed.mime not in ("application/zip", DOCX):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return DOCX if "word/document.xml" in names else None


def content_type_of(name):
    """The content type to serve a stored paper with, from the extension given at upload."""
    return PDF if str(name).lower().endswith(".pdf") else DOCX
