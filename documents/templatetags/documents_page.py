from django import template

from documents.requisites import MARGINS_MM, PAGE_NUMBER_PT

register = template.Library()


@register.simple_tag
def page_margins():
    """The CSS `margin` of a document's pages: the fields of documents.requisites."""
    return " ".join(f"{MARGINS_MM[side]}mm" for side in ("top", "right", "bottom", "left"))


@register.simple_tag
def page_number_size():
    return f"{PAGE_NUMBER_PT}pt"
