from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("emergency/plans", api.PlanViewSet, basename="emergency-plan")
router.register("emergency/drills", api.DrillViewSet, basename="emergency-drill")
router.register("emergency/teams", api.TeamViewSet, basename="emergency-team")
router.register("emergency/depots", api.DepotViewSet, basename="emergency-depot")
router.register("emergency/supplies", api.SupplyViewSet, basename="emergency-supply")
router.register("emergency/experts", api.ExpertViewSet, basename="emergency-expert")
router.register("emergency/shelters", api.ShelterViewSet, basename="emergency-shelter")
router.register("emergency/duty", api.DutyViewSet, basename="emergency-duty")
router.register("emergency/events", api.EventViewSet, basename="emergency-event")
router.register("emergency/risk-reports", api.RiskReportViewSet, basename="emergency-riskreport")

urlpatterns = [
    path("emergency/compliance/", api.ComplianceView.as_view(), name="emergency-compliance"),
    path("emergency/geo/teams/", api.TeamGeoJSON.as_view(), name="emergency-geo-teams"),
    path("emergency/geo/depots/", api.DepotGeoJSON.as_view(), name="emergency-geo-depots"),
    path("emergency/geo/shelters/", api.ShelterGeoJSON.as_view(), name="emergency-geo-shelters"),
] + router.urls
