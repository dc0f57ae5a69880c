from django.urls import path

from . import views

urlpatterns = [
    path("log/<int:pk>/", views.entry_detail, name="entry-detail"),
]
