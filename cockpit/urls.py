from django.urls import path

from . import views

app_name = "cockpit"

urlpatterns = [
    path("", views.CockpitView.as_view(), name="index"),
    path("map/", views.RiskMapView.as_view(), name="map"),
    path("map/data/<slug:layer>.json", views.MapDataView.as_view(), name="map_data"),
    path("league/", views.LeagueView.as_view(), name="league"),
]
