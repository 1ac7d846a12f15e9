from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from core.two_factor import AdminLoginForm, two_factor
from core.views import set_admin_language, switch_language
from meetings.views import DocumentListView

from .health import healthz
from .media import serve_upload
from .security import csp_report, security_txt
from .sitemaps import SITEMAPS, one_address
from .views import HomeView, RobotsView

admin.site.site_header = _("ASEAN Information Portal – editors")
admin.site.site_title = _("ASEAN Information Portal")
admin.site.index_title = _("Content")
# Lists need the width (title, state, date, translations at 1366 px); the breadcrumbs and the
# home page lead everywhere the sidebar did.
admin.site.enable_nav_sidebar = False
admin.site.login_form = AdminLoginForm

handler404 = "asean_portal.views.page_not_found"

urlpatterns = [
    path("admin/language/", set_admin_language, name="admin_language"),
    path("admin/two-factor/", two_factor, name="two_factor"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<str:language>/", switch_language, name="switch_language"),
    path("healthz", healthz, name="healthz"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("csp-report/", csp_report, name="csp_report"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("api/v1/", include("api.urls")),
    path(
        "sitemap.xml",
        one_address(sitemaps.index, paged=False),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        one_address(sitemaps.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]

urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("meetings/", include("meetings.urls")),
    path("documents/", DocumentListView.as_view(), name="documents"),
    path("plans/", include("plans.urls")),
    path("news/", include("news.urls")),
    path("search/", include("search.urls")),
    path("pages/", include("pages.urls")),
    prefix_default_language=True,
)

# Uploads, where no web server in front serves them (runserver, `make serve`).
if settings.DEBUG or settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_upload, name="upload")]
