from django.urls import path

from . import calendar_views, dashboard_views, home_views, theme_views, views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("themes/", theme_views.theme_list, name="theme-list"),
    path("themes/new/", theme_views.theme_create, name="theme-create"),
    path("themes/<int:pk>/", theme_views.theme_detail, name="theme-detail"),
    path("themes/<int:pk>/edit/", theme_views.theme_edit, name="theme-edit"),
    path("summaries/", views.summary_list, name="summary-list"),
    path("summaries/received/", views.summaries_received, name="summaries-received"),
    path("summaries/<int:pk>/", views.summary_detail, name="summary-detail"),
    path("summaries/<int:pk>/edit/", views.summary_edit, name="summary-edit"),
    path("summaries/<int:pk>/submit/", views.summary_submit, name="summary-submit"),
    path("summaries/<int:pk>/remind/", views.summary_remind, name="summary-remind"),
    path("due/", views.due_list, name="due-list"),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path("calendar/reset/", calendar_views.calendar_reset, name="calendar-reset"),
    path("calendar/<str:token>/mine.ics", calendar_views.calendar_feed, name="calendar-feed"),
    path("calendar/<str:token>/partnership.ics", calendar_views.calendar_partnership, name="calendar-partnership"),
    path("quarterly/", views.quarterly_overview, name="quarterly-overview"),
    path("yearly/", views.yearly_overview, name="yearly-overview"),
    path("summaries/<int:pk>/nominate/", views.summary_nominate, name="summary-nominate"),
    path("summaries/<int:pk>/amend/", views.summary_amend, name="summary-amend"),
    path("summaries/<int:pk>/versions/<int:number>/", views.summary_version, name="summary-version"),
    path("summaries/receipts/<int:pk>/received/", views.receipt_received, name="receipt-received"),
    # Issue 18: the dashboards.
    path("dashboards/board/", dashboard_views.board, name="dashboard-board"),
    path("dashboards/business-unit/", dashboard_views.business_unit, name="dashboard-business-unit"),
    path("dashboards/bodies/<int:pk>/", dashboard_views.body, name="dashboard-body"),
    path("dashboards/agencies/<int:pk>/", dashboard_views.agency, name="dashboard-agency"),
]
