from django.contrib import admin
from django.urls import include, path

from plans.views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("language/", home.set_language, name="set_language"),
    path("plans/", include("plans.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("reports/", include("reports.urls")),
    path("indicators/", include("indicators.urls")),
    path("admin/", admin.site.urls),
]
