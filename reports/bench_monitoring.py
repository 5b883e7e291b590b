"""The analytical note measurement (registered on import by reports.bench)."""

import statistics
import time
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .bench import Result, blank_pdf_ms, measurement, peak_rss_mb
from .bench_dashboard import dashboard_world


@measurement("analytical_note_pdf")
def analytical_note_pdf(ctx):
    """The district's analytical note as PDF, from the figures to the bytes (what the task does)."""
    from pypdf import PdfReader

    from . import documents

    world = dashboard_world(ctx)
    documents.analytical_note_pdf(world.municipality)  # warm-up: fonts and the first layout of the process
    with CaptureQueriesContext(connection) as captured:
        content = documents.analytical_note_pdf(world.municipality)
    samples = []
    for _ in range(3 if ctx.quick else 5):
        started = time.perf_counter()
        content = documents.analytical_note_pdf(world.municipality)
        samples.append((time.perf_counter() - started) * 1000)
    median = statistics.median(samples)
    # Where the time goes: the figures (SQL), the template, the layout (WeasyPrint).
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    with translation.override("ru"):
        started = time.perf_counter()
        context = documents.analytical_note_context(world.municipality)
        figures_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        html = render_to_string("reports/pdf/analytical_note.html", context)
        template_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    HTML(string=html).write_pdf()
    layout_ms = (time.perf_counter() - started) * 1000
    floor = blank_pdf_ms(3 if ctx.quick else 10)
    pages = len(PdfReader(BytesIO(content)).pages)
    sizes = getattr(world, "dashboard_sizes", {})
    return Result(
        name="analytical_note_pdf",
        value=round(median / 1000, 3),
        unit="s",
        target=5,
        ok=median < 5000,
        queries=len(captured.captured_queries),
        floor=round(floor / 1000, 3),
        ratio_to_floor=round(median / floor, 1),
        peak_mb=round(peak_rss_mb(), 1),
        notes=(
            f"{len(world.programs)} organizations, {sizes.get('mentees', '?')} mentees, "
            f"{sizes.get('pairs', '?')} pairs, {sizes.get('answers', '?')} answers; "
            f"{pages} pages, {len(content)} bytes; figures {figures_ms:.0f} ms, template {template_ms:.0f} ms, "
            f"layout {layout_ms:.0f} ms; the floor is a blank page"
        ),
    )
