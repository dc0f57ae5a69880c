"""A URL configuration with two URLs the sweep must reject: proof that it fails a new URL."""

from django.http import HttpResponse
from django.urls import include, path

from bscb.access import signed_in


@signed_in
def declared(request):
    return HttpResponse("ok")


def undeclared(request):
    return HttpResponse("ok")


urlpatterns = [
    path("not-in-the-registry/", declared, name="not-in-the-registry"),
    path("undeclared/", undeclared, name="home"),
    path("", include("config.urls")),
]
