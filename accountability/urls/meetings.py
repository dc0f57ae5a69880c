from django.urls import path

from ..views import meetings, reports

urlpatterns = [
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("bodies/<int:pk>/meetings/new/", meetings.body_meeting_create, name="body-meeting-create"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/held/", meetings.meeting_held, name="meeting-held"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/agenda/new/", meetings.meeting_agenda_add, name="meeting-agenda-add"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/minutes-document/", meetings.meeting_minutes_document, name="meeting-minutes-document"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/decisions/new/", meetings.meeting_decision_add, name="meeting-decision-add"),
    path("decisions/", reports.decision_log, name="decision-log"),
    path("attendance/", reports.attendance_report, name="attendance-report"),
]
