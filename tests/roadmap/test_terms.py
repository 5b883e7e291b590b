from datetime import date

import pytest

from roadmap.terms import parse_term

SEPT, MAY = date(2026, 9, 1), date(2027, 5, 31)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("апрель, май 2020 г.", (date(2020, 4, 1), date(2020, 5, 31))),
        ("июль 2020 г. – май 2021 г.", (date(2020, 7, 1), date(2021, 5, 31))),
        ("Август 2024", (date(2024, 8, 1), date(2024, 8, 31))),
        ("Май-июнь 2025", (date(2025, 5, 1), date(2025, 6, 30))),
        ("До 30.09.2022 г", (date(2022, 9, 30), date(2022, 9, 30))),
        ("В течение года", (SEPT, MAY)),
        ("В течение первого месяца (сентябрь)", (date(2026, 9, 1), date(2026, 9, 30))),
        ("В течение первого-второго месяца", (date(2026, 9, 1), date(2026, 10, 31))),
        ("В конце отчетного периода", (date(2027, 5, 1), date(2027, 5, 31))),
        ("декабрь – январь", (date(2026, 12, 1), date(2027, 1, 31))),
        ("апрель", (date(2027, 4, 1), date(2027, 4, 30))),
        ("По отдельному графику", (None, None)),
        ("В течение месяца после издания приказа о внедрении", (None, None)),
        ("", (None, None)),
    ],
)
def test_terms_as_schools_write_them(text, expected):
    assert parse_term(text, SEPT, MAY) == expected


@pytest.mark.parametrize("text", ["до 31.09.2023", "с 30.02.2024 по 31.02.2024"])
def test_mistyped_dates_give_no_dates_instead_of_an_error(text):
    assert parse_term(text, SEPT, MAY) == (None, None)
