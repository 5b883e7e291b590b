"""The Content-Security-Policy on every page, its two exceptions, the other headers kept, and no inline
script or handler left in the templates."""

import re
from pathlib import Path

from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def policy(response):
    return dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


def test_pages_allow_scripts_from_our_own_files_only_and_no_framing(client, world):
    client.force_login(world.curator)
    response = client.get(reverse("roadmap:program_list", args=[world.school_a.slug]))
    directives = policy(response)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_only_the_public_embed_may_be_framed_by_other_sites(client, world):
    embed = client.get(reverse("publication:org_embed", args=[world.school_a.slug]))
    assert policy(embed)["frame-ancestors"] == "*" and "X-Frame-Options" not in embed
    public = client.get(reverse("publication:org_public", args=[world.school_a.slug]))
    assert policy(public)["frame-ancestors"] == "'none'"
    login = client.get(reverse("login"))
    assert policy(login)["frame-ancestors"] == "'none'"


def test_no_template_has_an_inline_script_or_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)}")
        for match in re.finditer(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)}")
        if re.search(r"href=[\"']javascript:", text):
            offenders.append(f"{path.relative_to(TEMPLATES)}: javascript: link")
    assert offenders == []
