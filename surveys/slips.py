"""Paper slips with the personal links, for pupils and parents without an email address: one slip a
person (none of them named in an anonymous campaign), eight to an A4 page with cut lines, each with a
QR code of the link, the link itself to type, the questionnaire, the close date, how long it takes
and who sees the answers.

Where the links come from. A personal link's token is stored only as hashes, so the slips can be
printed only while the tokens exist: from the links page kept in the curator's session for 12 hours
(surveys.views._keep_links), the same place that page reads. The PDF is made from that session entry
on the server; the tokens are never posted back from the page (a form carrying tokens would take
whatever is typed into it, and nothing could be checked without the tokens themselves) and never
stored anywhere else. After the 12 hours a named campaign's class gets new slips by re-issuing its
links (services.class_reissue); an anonymous campaign cannot, by design.

Why no short link (such as /a/<8–10 characters>) to type: a short code is a second key to the same
sheet, and it could only be stored as a hash, like the token. Ten characters carry about 50 bits:
enough against guessing over the network only behind a rate limit, and the portal throttles logins
alone; and whoever holds the database could try every code offline against the hashes, which in an
anonymous campaign would lead from an answer sheet back to the person invited. So the slip prints the
full link, large, in a monospace font and in groups of four characters to type without a mistake.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from documents import pdf, qr

from . import results

SLIPS_PER_PAGE = 8
GROUP = 4
GROUPS_A_LINE = 4


def link_groups(url):
    """The link split to be typed: the site and «/s/» as they are, the token in groups of four."""
    head, _sep, token = url.rstrip("/").rpartition("/")
    return head + "/", [token[i : i + GROUP] for i in range(0, len(token), GROUP)]


def class_groups(rows, *, anonymous):
    """The kept rows by class, in the order of the classes («» — not in a class — last). In an
    anonymous campaign a class with fewer slips than SURVEY_ANONYMITY_MIN_GROUP would be those few
    people's own: then the slips are not split by class at all."""
    groups = {}
    for row in rows:
        groups.setdefault(row.get("class", ""), []).append(row)
    if anonymous and any(len(g) < settings.SURVEY_ANONYMITY_MIN_GROUP for g in groups.values()) and len(groups) > 1:
        return {ALL_CLASSES: list(rows)}
    return dict(sorted(groups.items(), key=lambda item: (item[0] == "", class_sort_key(item[0]))))


# The key of "every class together" (an anonymous campaign's small classes); a class name never has it.
ALL_CLASSES = "*"


def class_sort_key(name):
    digits = "".join(c for c in name if c.isdigit())
    return (int(digits) if digits else 0, name)


def class_label(name):
    if name == ALL_CLASSES:
        return _("all classes")
    return name or _("not in a class")


def pdf_bytes(campaign, rows):
    """The slips of `rows` (kept links page rows) as one PDF."""
    questionnaire = campaign.questionnaire
    minutes = results.minutes_to_answer(questionnaire)
    slips = []
    for row in rows:
        site, groups = link_groups(row["url"])
        slips.append(
            {
                "name": "" if campaign.anonymous else row["name"],
                "class": "" if campaign.anonymous else row.get("class", ""),
                "qr": qr.svg_data_uri(row["url"], border=4),
                "site": site,
                "lines": [groups[i : i + GROUPS_A_LINE] for i in range(0, len(groups), GROUPS_A_LINE)],
            }
        )
    pages = [slips[i : i + SLIPS_PER_PAGE] for i in range(0, len(slips), SLIPS_PER_PAGE)]
    for page in pages:
        page.extend([None] * (SLIPS_PER_PAGE - len(page)))  # the last page keeps its cut lines
    html = render_to_string(
        "surveys/pdf/slips.html",
        {
            "campaign": campaign,
            "organization": campaign.organization,
            "questionnaire": questionnaire,
            "minutes": minutes,
            "pages": [[page[i : i + 2] for i in range(0, SLIPS_PER_PAGE, 2)] for page in pages],
            "document_title": _("Slips with personal links: %(title)s") % {"title": questionnaire.title},
            "document_author": campaign.organization.short_name,
        },
    )
    return pdf.render(html)
