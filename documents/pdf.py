"""One way to make the portal's PDFs: the variant an archive accepts, tagged for screen readers.

Every PDF the portal produces (orders, reports, notes) goes through `render`, so the fonts, page rules
(templates/documents/base.html) and the PDF variant cannot drift apart between documents.

Why PDF/A-3b with tags, rather than PDF/A-3a (or -3u) or PDF/UA-1: WeasyPrint offers each of them as
one variant, but a claim of level A or of PDF/UA promises a complete, correct logical structure, and
there is no PDF/A or PDF/UA validator on the machines the portal is built and checked on (veraPDF is
not packaged for Debian here). PDF/A-3 level B (fonts embedded, sRGB output intent, XMP metadata, no
external content) is what Росархив's rules ask of an archived electronic document, and WeasyPrint
produces it faithfully with our Liberation/DejaVu fonts and SVG charts (transparency is allowed from
PDF/A-2 on). The tags (`Tagged: yes`: a structure tree with headings, paragraphs, lists and tables,
the document's language from `<html lang="ru">`) give screen readers what Постановление № 102 asks,
without claiming a conformance level nobody here has checked. Level 3 also lets a signed order carry
its signed data as an attachment.
"""

from dataclasses import dataclass

from django.conf import settings

ARCHIVAL_VARIANT = "pdf/a-3b"


@dataclass(frozen=True)
class Attachment:
    """A file carried inside the PDF (PDF/A-3 allows any, marked as the document's data)."""

    name: str
    content: bytes
    description: str


def render(html, *, archival=True, tagged=True, attachments=()):
    """The PDF of a document's HTML. `archival=False, tagged=False` is the plain PDF that the bench
    compares against; every document the portal hands out is archival and tagged."""
    from weasyprint import HTML
    from weasyprint import Attachment as WeasyAttachment

    options = {"pdf_tags": tagged}
    if archival:
        options["pdf_variant"] = ARCHIVAL_VARIANT
    if attachments:
        options["attachments"] = [
            WeasyAttachment(string=a.content, name=a.name, description=a.description, relationship="Data")
            for a in attachments
        ]
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(**options)
