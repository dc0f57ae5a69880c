from django.urls import path

from . import views

urlpatterns = [
    path("plan/", views.plan_current, name="plan-current"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/copy/", views.plan_copy, name="plan-copy"),
    path("plans/<int:pk>/put-in-force/", views.plan_activate, name="plan-activate"),
    path("plans/<int:pk>/priorities/new/", views.priority_create, name="priority-create"),
    path("priorities/<int:pk>/", views.priority_detail, name="priority-detail"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority-edit"),
    path("priorities/<int:pk>/outcomes/new/", views.outcome_create, name="outcome-create"),
    path("outcomes/<int:pk>/", views.outcome_detail, name="outcome-detail"),
    path("outcomes/<int:pk>/edit/", views.outcome_edit, name="outcome-edit"),
    path("outcomes/<int:pk>/targets/new/", views.target_create, name="target-create"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target-edit"),
    path("outcomes/<int:pk>/evidence/new/", views.evidence_create, name="evidence-create"),
    path("evidence/<int:pk>/edit/", views.evidence_edit, name="evidence-edit"),
]
