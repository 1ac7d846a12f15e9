from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("meetings", views.MeetingViewSet, basename="meetings")
router.register("plans", views.PlanViewSet, basename="plans")
router.register("news", views.ArticleViewSet, basename="news")

# Swagger UI (served from the site, scripts in files) sets styles inline, in attributes too.
documentation = csp_replace({"style-src": [SELF, UNSAFE_INLINE]})(
    SpectacularSwaggerSplitView.as_view(url_name="api:schema")
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", documentation, name="docs"),
    *router.urls,
]
