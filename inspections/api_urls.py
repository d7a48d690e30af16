from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("patrols", api.PatrolViewSet, basename="patrol")
router.register("enforcement-plans", api.PlanViewSet, basename="enforcementplan")
router.register("inspections", api.InspectionViewSet, basename="inspection")
router.register("enforcement-documents", api.DocumentViewSet, basename="enforcementdocument")
router.register("penalties", api.PenaltyViewSet, basename="penalty")
router.register("random-draws", api.DrawViewSet, basename="randomdraw")

urlpatterns = router.urls
