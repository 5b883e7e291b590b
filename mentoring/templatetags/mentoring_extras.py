import re

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


NBSP = "\u00a0"
_BEFORE_NUMBER_SIGN = re.compile(r"(?<=\S)\s+(?=№)")
_AFTER_NUMBER_SIGN = re.compile(r"(?<=№)\s+(?=\d)")
_ABBREVIATION_QUOTE = re.compile(r"(?<=[А-ЯЁA-Z]{2})\s+(?=«)")


@register.filter
def nobreak(name):
    """An organization's name that never breaks inside «СОШ №3», «№ 14» or «МБОУ «…»: the sign «№» is
    joined to the word before it and to its number, an abbreviation to the opening quote after it, with
    no-break spaces. The rest of the name wraps as usual."""
    name = str(name or "")
    name = _BEFORE_NUMBER_SIGN.sub(NBSP, name)
    name = _AFTER_NUMBER_SIGN.sub(NBSP, name)
    return _ABBREVIATION_QUOTE.sub(NBSP, name)


@register.filter
def lowerfirst(text):
    """«Для несовершеннолетнего…» → «для несовершеннолетнего…», for a message printed after a colon; a
    word in capitals (an abbreviation) keeps its case."""
    text = str(text)
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text
