"""The user's own API tokens: list, create (the key is shown once), revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import services
from .forms import ApiTokenForm


@login_required
def api_tokens(request):
    new_key = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            for field, problems in (
                error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
            ):
                form.add_error(field, problems)
        else:
            messages.success(request, _('Token "%(name)s" created.') % {"name": token.name})
            form = ApiTokenForm()
    tokens = request.user.api_tokens.all()[:200]
    return render(request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "new_key": new_key})


@login_required
def api_token_revoke(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # Another user's token is not found at all, as everywhere else.
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.api_token_revoke(token=token, user=request.user)
    messages.success(
        request, _('Token "%(name)s" revoked: systems using it can no longer connect.') % {"name": token.name}
    )
    return redirect("api_tokens")
