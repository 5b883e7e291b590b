"""SQLite's LIKE folds the case of ASCII letters only, so on the embedded database «олимп» would not
find «Олимпиада». The portal's searches are Russian: give SQLite a LIKE that folds every letter, as
PostgreSQL's ILIKE does."""

import re
from functools import lru_cache

from django.db.backends.signals import connection_created


@lru_cache(maxsize=512)
def _pattern(like, escape):
    parts, chars = [], iter(like)
    for char in chars:
        if escape and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def unicode_like(like, value, escape=None):
    if like is None or value is None:
        return None
    return _pattern(like, escape).fullmatch(str(value)) is not None


def install(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)


connection_created.connect(install, dispatch_uid="mentoring.sqlite.unicode_like")
