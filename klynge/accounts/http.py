from django.http import HttpRequest

from klynge.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind the login: `request.user` is a real user (for type checking)."""

    user: User
