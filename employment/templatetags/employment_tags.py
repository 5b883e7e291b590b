from django import template

from .. import figures, selectors

register = template.Library()


@register.filter
def rub(value):
    """«12 345,60 ₽», as the statement and the agreement print it."""
    return "" if value is None or value == "" else figures.rub(value)


@register.inclusion_tag("employment/_ending_this_month.html", takes_context=True)
def ending_this_month(context):
    """The curator's and the head's home: the assignments of their organizations that end this month."""
    request = context["request"]
    return {"request": request, "ending": selectors.ending_this_month(request.user)}


@register.simple_tag
def mentors_under_agreement(mentors):
    """`{% mentors_under_agreement mentors as engaged %}`: ids of those with an open agreement (one query);
    a single mentor may be passed too."""
    return selectors.mentors_under_agreement(mentors if hasattr(mentors, "__iter__") else [mentors])


@register.inclusion_tag("employment/_mentor_assignments.html")
def mentor_assignments(mentor):
    """On a teacher's page in the mentor base: their assignments under ст. 351.8, newest first."""
    from ..models import Assignment

    return {"assignments": Assignment.objects.filter(mentor=mentor).select_related("organization")}
