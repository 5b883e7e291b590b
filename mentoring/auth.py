def axes_username(request, credentials):
    """The login name as django-axes counts failures: emails compare without case."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()
