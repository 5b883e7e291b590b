from django.shortcuts import get_object_or_404, render

from .access import Perm, organization_view
from .models import Person


@organization_view(Perm.VIEW_BASES)
def person_detail(request, pk):
    person = get_object_or_404(Person.objects.filter(organization=request.organization), pk=pk)
    return render(request, "mentoring/person_detail.html", {"person": person})
