from plans.notify import unread_count


def navigation(request):
    """Unread notification count for the bell in the header, counted once per request (a
    dashboard renders its cached content and the page around it: two templates)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "unread_notifications"):
        request.unread_notifications = unread_count(user)
    return {"unread_notifications": request.unread_notifications}
