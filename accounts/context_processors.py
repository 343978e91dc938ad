def navigation(request):
    """Unread notification count for the bell in the header: counted when the request's user was
    loaded (``accounts.backends.UserBackend``), otherwise here."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = getattr(user, "unread_count", None)
    if unread is None:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {"unread_notifications": unread}
