from rest_framework.routers import SimpleRouter

from . import api

# SimpleRouter: the API root view belongs to accounts' DefaultRouter.
router = SimpleRouter()
router.register("enterprises", api.EnterpriseViewSet, basename="enterprise")

urlpatterns = router.urls
