from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import JavaScriptCatalog, set_language

from klynge.accounts.forms import PasswordResetForm, SetPasswordForm
from klynge.api import api_urls
from klynge.front import views as front_views

urlpatterns = [
    path("", front_views.home, name="home"),
    path("healthz", front_views.healthz, name="healthz"),
    path("readyz", front_views.readyz, name="readyz"),
    path("metrics", front_views.metrics, name="metrics"),
    path("revision/", front_views.audit_log, name="audit_log"),
    path("opgaver/", front_views.task_list, name="task_list"),
    path("opgaver/<uuid:pk>/proev-igen/", front_views.task_retry, name="task_retry"),
    path("tilgaengelighed/", front_views.accessibility_statement, name="accessibility_statement"),
    path("privatliv/", front_views.privacy_notice, name="privacy_notice"),
    path(
        "log-ind/",
        login_not_required(
            auth_views.LoginView.as_view(
                template_name="front/login.html",
                extra_context={
                    "oidc_enabled": bool(settings.OIDC_RP_CLIENT_ID),
                    "oidc_provider": settings.OIDC_PROVIDER_NAME,
                },
            )
        ),
        name="login",
    ),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "glemt-adgangskode/",
        login_not_required(
            auth_views.PasswordResetView.as_view(
                form_class=PasswordResetForm,
                template_name="accounts/password_reset.html",
            )
        ),
        name="password_reset",
    ),
    path(
        "glemt-adgangskode/sendt/",
        login_not_required(
            auth_views.PasswordResetDoneView.as_view(
                template_name="accounts/password_reset_done.html"
            )
        ),
        name="password_reset_done",
    ),
    path(
        "ny-adgangskode/<uidb64>/<token>/",
        login_not_required(
            auth_views.PasswordResetConfirmView.as_view(
                form_class=SetPasswordForm,
                template_name="accounts/password_reset_confirm.html",
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "ny-adgangskode/gemt/",
        login_not_required(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="accounts/password_reset_complete.html"
            )
        ),
        name="password_reset_complete",
    ),
    # Without a CSRF token: the worst a forged post does is switch the language, and a token in
    # every page's header would make each public page a visitor's own (klynge.core.pagecache).
    path("sprog/", login_not_required(csrf_exempt(set_language)), name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("klynge.accounts.urls")),
    path("", include("klynge.organisations.urls")),
    path("", include("klynge.meetings.urls")),
    path("", include("klynge.votes.urls")),
    path("", include("klynge.actionplans.urls")),
    path("", include("klynge.followups.urls")),
    path("", include("klynge.recommendations.urls")),
    path("", include("klynge.archive.urls")),
    path("", include("klynge.outcomes.urls")),
    path("", include("klynge.reports.urls")),
    path("", include("klynge.carryovers.urls")),
    path("", include("klynge.healthplans.urls")),
    path("", include("klynge.budgets.urls")),
    path("", include("klynge.evaluations.urls")),
    path("", include("klynge.search.urls")),
    path("api/v1/", api_urls()),
    path("admin/", admin.site.urls),
]
if settings.OIDC_RP_CLIENT_ID:
    from mozilla_django_oidc import views as oidc_views

    urlpatterns += [
        path(
            "oidc/authenticate/",
            login_not_required(oidc_views.OIDCAuthenticationRequestView.as_view()),
            name="oidc_authentication_init",
        ),
        path(
            "oidc/callback/",
            login_not_required(oidc_views.OIDCAuthenticationCallbackView.as_view()),
            name="oidc_authentication_callback",
        ),
    ]

handler500 = "klynge.front.views.server_error"
