"""Reading numbers from query parameters: anything that is not a plain id is treated as absent, so a
crafted URL (`?form=²`, a 30-digit number) gets the unfiltered page instead of an error."""

MAX_ID = 2**31 - 1


def int_param(value, *, maximum=MAX_ID):
    value = str(value or "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 0 < number <= maximum else None
