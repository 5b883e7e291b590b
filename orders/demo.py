"""The demo's orders: СОШ №4 has signed its regulation on the simple electronic signature (so the marks
of its signatures cite it) and its order on the target model, and has the pairs order awaiting the
director's signature, so both the director and the curator have something to do."""

from mentoring.models import Membership, Role
from roadmap.models import Program

from . import services
from .models import Order


def seed_orders(*, organizations):
    school = organizations["sosh-4"]
    if Order.objects.filter(organization=school).exists():
        return
    settings = services.settings_for(school)
    settings.place = "с. Демонстрационное"
    settings.save()
    program = Program.objects.filter(organization=school).order_by("-period_start").first()
    director = Membership.objects.get(organization=school, role=Role.DIRECTOR).user
    regulation = services.order_create(program=program, kind="esign", user=program.curator)
    services.order_submit(regulation, user=program.curator)
    services.order_sign(regulation, user=director, on=program.period_start)
    signed = services.order_create(program=program, kind="implementation", user=program.curator)
    services.order_submit(signed, user=program.curator)
    services.order_sign(signed, user=director, on=program.period_start)
    pairs = services.order_create(program=program, kind="pairs", user=program.curator)
    services.order_submit(pairs, user=program.curator)
