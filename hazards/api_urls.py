from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("hazards", api.HazardViewSet, basename="hazard")
router.register("self-checks", api.SelfCheckViewSet, basename="selfcheck")
router.register("check-templates", api.CheckTemplateViewSet, basename="checktemplate")

urlpatterns = router.urls
