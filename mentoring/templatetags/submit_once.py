"""`{% submit_once %}` in a form that creates or sends: a hidden key, so that the form does its work once
however many times it is posted (see `mentoring.submit`). A builtin: no `{% load %}` needed."""

from django import template
from django.utils.html import format_html

from mentoring.submit import FIELD, new_key

register = template.Library()


@register.simple_tag
def submit_once():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
