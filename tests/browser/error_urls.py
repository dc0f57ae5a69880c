"""The project's URLs and one that fails, for the axe sweep to see the 500 page a fault gets."""

from django.urls import include, path

from bscb.access import public
from config.urls import handler400, handler403, handler404  # noqa: F401 (the handlers of the project's own)


@public
def fault(request):
    raise RuntimeError("A fault the axe sweep causes to see the 500 page.")


urlpatterns = [
    path("a-fault-for-the-sweep/", fault, name="fault"),
    path("", include("config.urls")),
]
