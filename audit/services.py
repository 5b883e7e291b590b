import ipaddress

from mentoring.auth import client_address

from .models import AuditEntry


def audit_log(request, *, action, organization=None, obj=None, label=""):
    """Write one entry for what `request.user` just did; called by the code that does it."""
    user = request.user if request.user.is_authenticated else None
    address = client_address(request) or None
    try:
        address = str(ipaddress.ip_address(address)) if address else None
    except ValueError:  # a proxy that forwards something else
        address = None
    return AuditEntry.objects.create(
        organization=organization,
        user=user,
        user_label=(f"{user.get_full_name()} <{user.email}>".strip() if user else "")[:300],
        action=action,
        object_label=(label or (str(obj) if obj is not None else ""))[:500],
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        path=request.get_full_path()[:500],
        ip_address=address,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:500],
    )
