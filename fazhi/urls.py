from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("fazhi.accounts.urls")),
    path("audit/", include("fazhi.audit.urls")),
    path("orgs/", include("fazhi.orgs.urls")),
    path("plans/", include("fazhi.plans.urls")),
    path("documents/", include("fazhi.documents.urls")),
    path("tracking/", include("fazhi.tracking.urls")),
    path("settings/calendar/", include("fazhi.workcal.urls")),
    path("settings/", include("fazhi.notify.urls")),
    path("", include("fazhi.web.urls")),
]
