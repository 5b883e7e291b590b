"""«Версия для слабовидящих» (Рособрнадзор order № 831; Постановление № 102 of 07.02.2026): a visitor's
choice of colours and type size, kept in a cookie and read on every page by the context processor."""

LOW_VISION_COOKIE = "low_vision"
LOW_VISION_SCHEMES = ("bw", "wb")  # black on white, white on black
LOW_VISION_SIZES = ("150", "200")
LOW_VISION_DEFAULT = "bw-150"
LOW_VISION_AGE = 365 * 24 * 3600


def low_vision_choice(request):
    """The visitor's low-vision settings as (scheme, size), or None for the usual version."""
    value = request.COOKIES.get(LOW_VISION_COOKIE, "")
    scheme, _sep, size = value.partition("-")
    if scheme in LOW_VISION_SCHEMES and size in LOW_VISION_SIZES:
        return scheme, size
    return None


def low_vision(request):
    """Context processor: `low_vision` is None for the usual version, else {"scheme", "size"}."""
    choice = low_vision_choice(request)
    if choice is None:
        return {"low_vision": None}
    scheme, size = choice
    return {"low_vision": {"scheme": scheme, "size": size}}
