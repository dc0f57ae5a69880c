from django.urls import path

from ..views import structure as views

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("organisations/<int:pk>/leads/new/", views.organisation_lead_add, name="organisation-lead-add"),
    path("organisation-leads/<int:pk>/end/", views.organisation_lead_end, name="organisation-lead-end"),
    path("bodies/", views.body_list, name="body-list"),
    path("bodies/new/", views.body_create, name="body-create"),
    path("bodies/<int:pk>/", views.body_detail, name="body-detail"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body-edit"),
    path("bodies/<int:pk>/members/new/", views.body_membership_add, name="body-membership-add"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership-end"),
    path("people/", views.person_list, name="person-list"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/history/", views.person_history, name="person-history"),
]
