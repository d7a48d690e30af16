from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .health import healthz
from .media import protected_media

admin.site.site_header = "智慧安监 · 后台管理"
admin.site.site_title = "智慧安监后台"

api_v1 = [
    path("", include("accounts.api_urls")),
    path("", include("assessment.api_urls")),
    path("", include("accidents.api_urls")),
    path("", include("emergency.api_urls")),
    path("", include("enterprises.api_urls")),
    path("", include("hazards.api_urls")),
    path("", include("inspections.api_urls")),
    path("", include("hazards.reporting.api_urls")),
    path("", include("enterprises.credit.api_urls")),
]

urlpatterns = [
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("assessment/", include("assessment.urls")),
    path("accidents/", include("accidents.urls")),
    path("emergency/", include("emergency.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("enterprises/", include("enterprises.responsibility.urls")),
    path("hazards/", include("hazards.urls")),
    path("inspections/", include("inspections.urls")),
    path("reports/", include("hazards.reporting.urls")),
    path("cockpit/", include("cockpit.urls")),
    path("credit/", include("enterprises.credit.urls")),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Split view: Swagger UI's start-up script is served from ?script= (same origin), not inline (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("media/<path:path>", protected_media, name="media"),
]
