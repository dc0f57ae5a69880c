import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import patch_cache_control

SIGNED_OUT_INACTIVE = "You were signed out because you had not used the service for {minutes} minutes."
_LAST_SEEN = "last_seen"
# Refresh the session's expiry at most once a minute, so that reading pages costs no write.
_REFRESH_AFTER_SECONDS = 60


class InactivityTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_MINUTES without a request, and keeps a used one alive."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(_LAST_SEEN, now)
            if now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, SIGNED_OUT_INACTIVE.format(minutes=settings.SESSION_IDLE_MINUTES))
            elif now - last_seen > _REFRESH_AFTER_SECONDS or _LAST_SEEN not in request.session:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)


class AlreadySavedMiddleware:
    """A second post of a form that was saved (bscb.services.AlreadySaved, raised out of the view so that
    nothing of it is saved) is answered as the first was: bscb.forms.save_form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .forms import already_saved_answer
        from .services import AlreadySaved

        if isinstance(exception, AlreadySaved):
            return already_saved_answer(request, exception)
        return None


class PrivatePagesMiddleware:
    """Pages for a signed-in person are never stored by a browser's or a proxy's cache: a shared
    computer's back button must not show governance records to the next person."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
