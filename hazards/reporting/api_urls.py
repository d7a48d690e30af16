from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("public-reports", api.ReportViewSet, basename="publicreport")
router.register("report-rewards", api.RewardViewSet, basename="reportreward")

urlpatterns = router.urls
