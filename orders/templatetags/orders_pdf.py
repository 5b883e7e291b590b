from django import template

from orders.kinds import TEXT_APPENDICES

register = template.Library()


@register.filter
def is_local_act(kind):
    """The Положение and the Программа are approved by the order rather than attached to it."""
    return kind in TEXT_APPENDICES


@register.filter
def paragraphs(text):
    from orders.documents import paragraphs as blocks

    return blocks(text)
