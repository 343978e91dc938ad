from django.contrib import admin
from django.contrib.auth.views import PasswordResetView
from django.urls import include, path

from accounts import views as account_views
from ops.health import healthz
from outbox.forms import OutboxPasswordResetForm
from plans.views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/tokens/", account_views.api_tokens, name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", account_views.api_token_revoke, name="api_token_revoke"),
    # Before Django's own: the reset e-mail goes through the outbox.
    path(
        "accounts/password_reset/", PasswordResetView.as_view(form_class=OutboxPasswordResetForm), name="password_reset"
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("api.urls")),
    path("language/", home.set_language, name="set_language"),
    path("plans/", include("plans.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("reports/", include("reports.urls")),
    path("indicators/", include("indicators.urls")),
    path("outbox/", include("outbox.urls")),
    path("admin/", admin.site.urls),
]
