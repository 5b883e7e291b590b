"""What the kept figures count changed: note its organization (`reports.kept.touch`), whose row is
marked changed after the commit (and, with workers, refreshed by a debounced task). Saves and deletes
of the counted models are heard here; queryset updates and bulk creation send
`mentoring.changes.figures_changed` from their service."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from mentoring.changes import figures_changed
from mentoring.models import Mentee, Mentor, Organization, Pair, PairMember, Person
from orders.models import Order
from roadmap.models import Activity, Program
from surveys.models import Campaign, Response

from . import kept

# Each model and how it names its owner without a query (resolved after the commit). Answers are
# heard through their sheet: they count once it is submitted (`surveys.services.sheet_save`).
OWNERS = {
    Organization: lambda o: {"organization": o.pk},
    Program: lambda o: {"organization": o.organization_id},
    Activity: lambda o: {"organization": o.organization_id},
    Pair: lambda o: {"program": o.program_id},
    PairMember: lambda o: {"pair": o.pair_id},
    Person: lambda o: {"organization": o.organization_id},
    Mentee: lambda o: {"person": o.person_id},
    Mentor: lambda o: {"person": o.person_id},
    Campaign: lambda o: {"organization": o.organization_id},
    Response: lambda o: {"campaign": o.campaign_id},
    Order: lambda o: {"organization": o.organization_id},
}


def _changed(sender, instance, **kwargs):
    if kwargs.get("raw"):  # fixtures loading
        return
    kept.touch(**OWNERS[sender](instance))


for model in OWNERS:
    post_save.connect(_changed, sender=model, dispatch_uid=f"kept-figures-save-{model.__name__}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"kept-figures-delete-{model.__name__}")


@receiver(figures_changed, dispatch_uid="kept-figures-changed")
def _bulk_changed(sender, **ids):
    ids.pop("signal", None)
    kept.touch(**ids)
