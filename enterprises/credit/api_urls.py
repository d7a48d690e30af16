from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("credit-listings", api.ListingViewSet, basename="creditlisting")

urlpatterns = router.urls
