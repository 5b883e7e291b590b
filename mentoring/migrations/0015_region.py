"""Regions above the districts: the free-text `Municipality.region` becomes a Region row (its text
the region's name) and the municipality points at it; the regional coordinator's role and scope."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify

CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch - y - e iu ia".split(),
        strict=True,
    )
)


def region_slug(text, taken):
    latin = "".join(CYRILLIC.get(c, c) for c in text.lower()).replace("-", " ")
    base = slugify(latin)[:40].strip("-") or "region"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def regions_from_text(apps, schema_editor):
    Municipality = apps.get_model("mentoring", "Municipality")
    Region = apps.get_model("mentoring", "Region")
    taken = set(Region.objects.values_list("slug", flat=True))
    by_name = {}
    for municipality in Municipality.objects.exclude(region_name="").order_by("pk"):
        name = " ".join(municipality.region_name.split())
        if not name:
            continue
        key = name.lower()
        if key not in by_name:
            by_name[key] = Region.objects.create(name=name, short_name=name[:120], slug=region_slug(name, taken))
        municipality.region = by_name[key]
        municipality.save(update_fields=["region"])


def text_from_regions(apps, schema_editor):
    Municipality = apps.get_model("mentoring", "Municipality")
    for municipality in Municipality.objects.filter(region__isnull=False).select_related("region"):
        municipality.region_name = municipality.region.name
        municipality.save(update_fields=["region_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0014_consent_revocation_scan"),
    ]

    operations = [
        # The free text is kept under another name while it is turned into Region rows below.
        migrations.RenameField(model_name="municipality", old_name="region", new_name="region_name"),
        migrations.CreateModel(
            name="Region",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=300, verbose_name="full name")),
                ("short_name", models.CharField(max_length=120, verbose_name="short name")),
                ("slug", models.SlugField(unique=True, verbose_name="slug")),
                (
                    "code",
                    models.CharField(
                        blank=True,
                        help_text="The subject's two-digit code, e.g. 69.",
                        max_length=2,
                        validators=[django.core.validators.RegexValidator("^\\d{2}$", "Two digits, e.g. 69.")],
                        verbose_name="subject code",
                    ),
                ),
            ],
            options={
                "verbose_name": "region",
                "verbose_name_plural": "regions",
                "ordering": ["short_name"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="membership",
            name="mentoring_membership_scope_matches_role",
        ),
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(
                choices=[
                    ("coordinator", "district coordinator"),
                    ("director", "director"),
                    ("curator", "curator"),
                    ("mentor", "mentor"),
                    ("mentee", "mentee"),
                    ("regional_coordinator", "regional coordinator"),
                ],
                max_length=20,
                verbose_name="role",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="region",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to="mentoring.region",
                verbose_name="region",
            ),
        ),
        migrations.AddField(
            model_name="municipality",
            name="region",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="municipalities",
                to="mentoring.region",
                verbose_name="region",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("municipality__isnull", False),
                        ("organization__isnull", True),
                        ("region__isnull", True),
                        ("role", "coordinator"),
                    ),
                    models.Q(
                        ("municipality__isnull", True),
                        ("organization__isnull", True),
                        ("region__isnull", False),
                        ("role", "regional_coordinator"),
                    ),
                    models.Q(
                        models.Q(("role__in", ["coordinator", "regional_coordinator"]), _negated=True),
                        ("municipality__isnull", True),
                        ("organization__isnull", False),
                        ("region__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="mentoring_membership_scope_matches_role",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("region__isnull", False)),
                fields=("user", "role", "region"),
                name="mentoring_membership_unique_region_role",
            ),
        ),
        migrations.RunPython(regions_from_text, text_from_regions),
        migrations.RemoveField(model_name="municipality", name="region_name"),
    ]
