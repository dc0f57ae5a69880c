from django.urls import path

from . import views

urlpatterns = [
    path("notices/", views.notice_list, name="notice-list"),
    path("notices/read/", views.notices_read, name="notices-read"),
    path("notices/<int:pk>/read/", views.notice_read, name="notice-read"),
]
