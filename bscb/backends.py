from django.contrib.auth.backends import ModelBackend


class AdminModelBackend(ModelBackend):
    """Signs people in by email and password; Django's model permissions are for the admin only.

    Permissions in the app come from `rules` over memberships. Without this, every `perms` check
    that `rules` refuses would load all of a person's model permissions (two queries a page).
    The account is found by its normalised address (UserManager.get_by_natural_key, bscb.identity)."""

    def has_perm(self, user_obj, perm, obj=None):
        return bool(user_obj.is_staff) and super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        return bool(user_obj.is_staff) and super().has_module_perms(user_obj, app_label)
