from datetime import date

from django import template

register = template.Library()


@register.filter
def for_organizations(responsible):
    """Whether a district roadmap's activity goes to every organization («ОО»)."""
    from roadmap.services import FOR_ORGANIZATIONS

    return bool(FOR_ORGANIZATIONS.search(responsible or ""))


@register.filter
def iso_date(value):
    """A date kept as ISO text (in an import preview) back to a date, for the `date` filter."""
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
