from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from bscb import access, services
from bscb.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm, SignInForm

LOCKED_OUT = (
    "You have entered the wrong password too many times. Sign-in for this email address is "
    "locked for {minutes} minutes. Wait, or reset your password."
)

sign_in = access.public(
    auth_views.LoginView.as_view(
        template_name="registration/sign_in.html", authentication_form=SignInForm,
        redirect_authenticated_user=True,
    )
)
# Sign-out is a POST (a link could be triggered by another site); a signed-out user who posts
# it again is simply shown the sign-in page.
sign_out = access.public(auth_views.LogoutView.as_view())

class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        # Not form.save(): that sends the email inside the request; a task sends it after the commit.
        services.password_reset_request(email=form.cleaned_data["email"])
        return redirect(self.get_success_url())


password_reset = access.public(
    PasswordResetView.as_view(
        form_class=PasswordResetForm,
        template_name="registration/password_reset.html",
        success_url=reverse_lazy("password-reset-sent"),
    )
)
password_reset_sent = access.public(
    auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_sent.html")
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        services.sign_in_lockout_clear(user=form.user)
        return response


password_reset_confirm = access.token(
    PasswordResetConfirmView.as_view(
        form_class=SetPasswordForm,
        template_name="registration/password_reset_confirm.html",
        success_url=reverse_lazy("password-reset-complete"),
    )
)
password_reset_complete = access.public(
    auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html")
)
password_change = access.signed_in(
    auth_views.PasswordChangeView.as_view(
        form_class=PasswordChangeForm,
        template_name="registration/password_change.html",
        success_url=reverse_lazy("password-change-done"),
    )
)
password_change_done = access.signed_in(
    auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html")
)


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes calls this instead of the sign-in view once an email address is locked.

    The form is not validated again (that would count another failure); the email typed is kept.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = SignInForm(request, initial={"username": request.POST.get("username", "")})
    message = LOCKED_OUT.format(minutes=minutes)
    context = {"form": form, "locked_out": [{"text": message, "href": "#id_password"}]}
    return render(request, "registration/sign_in.html", context, status=429)
