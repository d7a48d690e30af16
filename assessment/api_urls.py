from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("assessment/schemes", api.SchemeViewSet, basename="assessment-scheme")
router.register("assessment/units", api.UnitViewSet, basename="assessment-unit")
router.register("assessment/scores", api.ScoreViewSet, basename="assessment-score")
router.register("assessment/evidence", api.EvidenceViewSet, basename="assessment-evidence")

urlpatterns = router.urls
