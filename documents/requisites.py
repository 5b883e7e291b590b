"""Requisites that every document writes the same way (ГОСТ Р 7.0.97-2025)."""


def initials_surname(full_name):
    """«Иванов Иван Иванович» → «И.И. Иванов», as a signature line reads (initials before the surname;
    the documents keep the two on one line)."""
    parts = (full_name or "").split()
    if len(parts) < 2:
        return full_name or ""
    return "".join(f"{p[0]}." for p in parts[1:3]) + " " + parts[0]


def short_date(value):
    return value.strftime("%d.%m.%Y") if value else ""
