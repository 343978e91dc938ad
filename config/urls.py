from django.contrib import admin
from django.contrib.auth.views import PasswordResetView
from django.urls import include, path

from ops.health import healthz
from outbox.forms import OutboxPasswordResetForm
from plans import views as plan_views

urlpatterns = [
    path("", plan_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    # Before Django's own: the reset e-mail goes through the outbox.
    path("accounts/password_reset/", PasswordResetView.as_view(form_class=OutboxPasswordResetForm), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("language/", plan_views.set_language, name="set_language"),
    path("plans/", include("plans.urls")),
    path("reports/", include("reports.urls")),
    path("outbox/", include("outbox.urls")),
    path("admin/", admin.site.urls),
]
