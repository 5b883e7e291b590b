"""The rows of the roadmap table (its inline status controls included), built in Python: with 200
activities a row template cost about 0.7 ms a row, ten times the rest of the page. The table and the
htmx reply to a status change both print `row_html`, so a row looks the same either way. Every text
from the data goes through `escape` (what the templates' autoescape does)."""

from functools import lru_cache
from html import escape as _html_escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Activity, Section


@lru_cache(maxsize=8)
def _choices(field):
    """The labels of a field's choices, as `get_<field>_display` finds them (translated when printed)."""
    return dict(Activity._meta.get_field(field).flatchoices)


def _display(field, value):
    return str(_choices(field).get(value, value))


LATE = ' class="text-late"'


def escape(value):
    """Django's `escape` (the same characters, the same entities) without its lazy-string wrapper;
    a SafeString (the status options) is kept as it is."""
    if isinstance(value, SafeString):
        return value
    return _html_escape(str(value), quote=True)


def _cut(text, limit):
    """What `truncatechars` prints, without a Truncator for the texts that fit (nearly all)."""
    return text if len(text) <= limit else Truncator(text).chars(limit)


@lru_cache(maxsize=8)
def _labels(language):
    """The row's fixed words in one language, translated and escaped once."""
    return {
        key: escape(text)
        for key, text in (
            ("overdue", _("overdue")),
            ("status", _("Status")),
            ("save", _("Save")),
            ("open", _("Open")),
            # The columns' names, which a phone's card prints before each cell (static/css/fit.css).
            ("activity", _("Activity")),
            ("term", _("Term")),
            ("responsible", _("Responsible")),
            ("result", _("Result")),
            ("evidence", _("Evidence")),
        )
    }


def _responsible(activity):
    names = ", ".join(escape(name) for name in activity.responsible_names)
    if activity.responsible_text:
        return f"{names}<div>{escape(activity.responsible_text)}</div>"
    if activity.responsible_role and not names:
        return escape(capfirst(_display("responsible_role", activity.responsible_role)))
    return names


def _status_cell(activity, labels, *, can_edit, csrf_token, return_url, errors):
    if not can_edit:
        return f'<span class="badge {escape(activity.badge_class)}">{escape(activity.status_label)}</span>'
    url = escape(activity.status_url)
    notes = "".join(
        f'<div class="invalid-feedback d-block">{escape(error)} '
        f'<a href="{escape(activity.url)}">{labels["open"]}</a></div>'
        for error in errors
    )
    return (
        f'<form method="post" action="{url}" hx-post="{url}" hx-target="closest tr" hx-swap="outerHTML"'
        ' hx-trigger="change">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        f'<input type="hidden" name="next" value="{escape(return_url)}">'
        f'<select name="status" class="form-select form-select-sm{" is-invalid" if errors else ""}"'
        f' aria-label="{labels["status"]}">{escape(activity.status_options)}</select>'
        '<noscript><button class="btn btn-sm btn-outline-primary mt-1" type="submit">'
        f"{labels['save']}</button></noscript>"
        f"{notes}</form>"
    )


def row_html(activity, *, can_edit, csrf_token, return_url, errors=()):
    """One activity's <tr> (`activity` from `selectors.table_rows`, decorated by `selectors.decorate`
    and given its `selectors.with_responsible_names`)."""
    return mark_safe(_row(activity, _labels(get_language()), can_edit, csrf_token, return_url, errors))  # noqa: S308


def _row(activity, labels, can_edit, csrf_token, return_url, errors):
    late = activity.is_late
    section = escape(Section.heading(activity.section_number, activity.section_title))
    if activity.track:
        section = f"{section} · {escape(_display('track', activity.track))}"
    term = f'<div class="text-body-secondary">{escape(activity.term_text)}</div>' if activity.term_text else ""
    result = ""
    if activity.result_kind:
        result = (
            f'<span class="badge text-bg-light border">{escape(_display("result_kind", activity.result_kind))}</span> '
        )
    if activity.result_text != activity.title:
        result += escape(_cut(activity.result_text, 120))
    evidence = f'<i class="bi bi-paperclip"></i>{activity.n_evidence}' if activity.n_evidence else ""
    overdue = f' <span class="badge text-bg-danger">{labels["overdue"]}</span>' if late else ""
    status = _status_cell(
        activity, labels, can_edit=can_edit, csrf_token=csrf_token, return_url=return_url, errors=errors
    )
    return (
        f'<tr id="activity-{activity.pk}" class="{"row-late" if late else ""}">'
        f'<td class="text-nowrap" data-label="№">{escape(activity.number)}</td>'
        f'<td data-label="{labels["activity"]}">'
        f'<a href="{escape(activity.url)}">{escape(_cut(activity.title, 160))}</a>'
        f'<div class="small text-body-secondary">{section}</div></td>'
        f'<td class="small" data-label="{labels["term"]}">'
        f'<span{LATE if late else ""}>{escape(activity.dates_text)}</span>{overdue}{term}</td>'
        f'<td class="small" data-label="{labels["responsible"]}">{_responsible(activity)}</td>'
        f'<td class="small" data-label="{labels["result"] if result else ""}">{result}</td>'
        f'<td class="small text-center" data-label="{labels["evidence"] if evidence else ""}">{evidence}</td>'
        f'<td style="min-width: 10rem" data-label="{labels["status"]}">{status}</td>'
        "</tr>"
    )


def rows_html(activities, *, can_edit, csrf_token, return_url):
    """The table's body: every row, one token for all the forms (the forms of a page may share one)."""
    labels = _labels(get_language())
    rows = (_row(a, labels, can_edit, csrf_token, return_url, ()) for a in activities)
    return mark_safe("\n".join(rows))  # noqa: S308  (every text in it escaped)
