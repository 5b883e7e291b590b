"""A signal for changes that bypass `save()` (queryset updates, bulk creation) but change what the kept
figures count: the service that makes such a change sends it, `reports.signals` listens. (Lower apps do
not import `reports`; this keeps the dependencies pointing one way.)

    figures_changed.send(sender=Activity, program=program.pk)

Keyword arguments name what changed by its owner: organization=, program=, pair=, person=, campaign=,
response= (ids)."""

from django.dispatch import Signal

figures_changed = Signal()
