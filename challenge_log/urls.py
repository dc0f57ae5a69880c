from django.urls import path

from . import overview_views, views

urlpatterns = [
    path("log/", views.entry_list, name="entry-list"),
    path("log/new/", views.entry_create, name="entry-create"),
    path("log/noncompliance/<str:key>/", views.noncompliance_create, name="noncompliance-create"),
    path("log/yours/", views.agency_challenges, name="agency-challenges"),
    path("log/queue/", views.log_queue, name="log-queue"),
    path("log/escalated/", views.escalated_list, name="escalated-list"),
    path("log/<int:pk>/", views.entry_detail, name="entry-detail"),
    path("log/<int:pk>/edit/", views.entry_edit, name="entry-edit"),
    path("log/<int:pk>/request/", views.entry_request, name="entry-request"),
    path("log/<int:pk>/nominate/", views.entry_nominate, name="entry-nominate"),
    path("log/<int:pk>/escalate/", views.entry_escalate, name="entry-escalate"),
    path("log/<int:pk>/review/", views.entry_review, name="entry-review"),
    path("log/<int:pk>/treat/", views.entry_treat, name="entry-treat"),
    path("log/<int:pk>/close/", views.entry_close, name="entry-close"),
    path("log/<int:pk>/withdraw/", views.entry_withdraw, name="entry-withdraw"),
    path("log/requests/<int:pk>/answer/", views.request_answer, name="request-answer"),
    path("log/answers/<int:pk>/judge/", views.response_judge, name="response-judge"),
    path("log/escalations/<int:pk>/outcome/", views.escalation_outcome, name="escalation-outcome"),
    path("log/tolerances/<int:pk>/decide/", views.tolerance_decide, name="tolerance-decide"),
    path("log/attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("log/heat-map/", overview_views.heat_map, name="log-heat-map"),
    path("log/quarters/", overview_views.quarter_outcomes, name="log-quarter-current"),
    path("log/quarters/<str:code>/", overview_views.quarter_outcomes, name="log-quarter"),
    path("log/quarters/<str:code>/<slug:figure>/", overview_views.quarter_records, name="log-quarter-records"),
]
