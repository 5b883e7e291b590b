from django import template

from mentoring.models import Weekday

register = template.Library()


@register.filter
def has_consent(person, kind):
    return person.valid_consent(kind) is not None


@register.filter
def weekdays(values):
    labels = dict(Weekday.choices)
    return ", ".join(str(labels[v]) for v in values or () if v in labels)


@register.filter
def choices_of(objects):
    """(pk, str) pairs of model instances, for the filter selects."""
    return [(o.pk, str(o)) for o in objects]
