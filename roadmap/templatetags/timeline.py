"""The timeline's activity rows, rendered in Python.

A roadmap has up to a few hundred activities; through the template engine (or format_html, whose
lazy-aware escaping costs as much) the rows were about two thirds of the page's time. Here every
text that comes from users is escaped with the standard library's `html.escape`; the rest are
our own URLs, CSS classes and numbers. Keep this markup in step with program_timeline.html.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

ROW = (
    '<div class="timeline-row" data-activity="{pk}">'
    '<div class="timeline-label">'
    '<a href="{url}" title="{title}"{link_class}>{number} {short_title}</a>'
    '<div class="small"><span class="badge {badge_class}">{status_label}</span>{late_badge} '
    '<span class="text-body-secondary">{when}</span></div>'
    "</div>"
    '<div class="timeline-track">{bar}</div>'
    "</div>"
)
BAR = '<div class="timeline-bar status-{status}{late}" style="{style}" title="{dates}"></div>'
NO_BAR = '<div class="small text-body-secondary px-2 fst-italic">{}</div>'


@register.simple_tag
def timeline_rows(rows):
    due, no_dates = escape(gettext("due")), escape(gettext("no dates"))
    late_badge = ' <span class="badge nv-status nv-status-overdue">{}</span>'.format(escape(gettext("overdue")))
    return mark_safe("\n".join(_row(row, due, late_badge, no_dates) for row in rows))  # noqa: S308 (escaped above)


def _row(row, due, late_badge, no_dates):
    late = row["is_late"]
    term = escape(row["term_text"]) or no_dates
    if row["bar_style"]:
        bar = BAR.format(
            status=row["status"], late=" late" if late else "", style=row["bar_style"], dates=row["dates_text"]
        )
    else:
        bar = NO_BAR.format(term)
    return ROW.format(
        pk=int(row["pk"]),
        url=escape(row["url"]),
        title=escape(row["title"]),
        link_class=' class="text-late"' if late else "",
        number=escape(row["number"]),
        short_title=escape(row["short_title"]),
        badge_class=row["badge_class"],
        status_label=escape(row["status_label"]),
        late_badge=late_badge if late else "",
        when=f"{due} {escape(row['due_text'])}" if row["due_text"] else term,
        bar=bar,
    )
