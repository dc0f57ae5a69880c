from django.contrib import admin
from django.urls import include, path

from bscb.views import auth, pages, records

admin.site.site_header = "Administration"
admin.site.site_title = "Administration"

urlpatterns = [
    path("sign-in/", auth.sign_in, name="sign-in"),
    path("sign-out/", auth.sign_out, name="sign-out"),
    path("password-reset/", auth.password_reset, name="password-reset"),
    path("password-reset/sent/", auth.password_reset_sent, name="password-reset-sent"),
    path("password-reset/<uidb64>/<token>/", auth.password_reset_confirm, name="password-reset-confirm"),
    path("password-reset/done/", auth.password_reset_complete, name="password-reset-complete"),
    path("account/password/", auth.password_change, name="password-change"),
    path("account/password/changed/", auth.password_change_done, name="password-change-done"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("health/", pages.health, name="health"),
    path("bare/", pages.bare, name="bare"),
    path("history/<str:app_label>/<str:model>/<int:pk>/", records.history, name="record-history"),
    path("history/<str:app_label>/<str:model>/<int:pk>/versions/<int:history_id>/<str:field>/",
         records.history_file, name="record-history-file"),
    path("history/<str:app_label>/<str:model>/<int:pk>/redactions/<int:redaction>/", records.redaction,
         name="record-redaction"),
    path("redact/<str:app_label>/<str:model>/<int:pk>/", records.redact, name="record-redact"),
    path("redact/<str:app_label>/<str:model>/<int:pk>/documents/<str:field>/", records.redact_file,
         name="record-redact-file"),
    path("", include("accountability.urls")),
    path("", include("plan.urls")),
    path("", include("challenge_log.urls")),
    path("", include("reporting.urls")),
    path("", include("notifications.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "bscb.views.errors.bad_request"
handler403 = "bscb.views.errors.forbidden"
handler404 = "bscb.views.errors.not_found"
