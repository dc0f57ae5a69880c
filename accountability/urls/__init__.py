from .meetings import urlpatterns as meeting_urls
from .structure import urlpatterns as structure_urls

urlpatterns = structure_urls + meeting_urls
