"""Login through the region's or municipality's identity provider (OpenID Connect,
mozilla-django-oidc), on when `OIDC_RP_CLIENT_ID` is set.

People are matched by e-mail to the users the secretariat has made: the identity provider
says who someone is, Klynge's memberships say what they may do, so no user is created here.
"""

from typing import Any

from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from klynge.accounts.models import User


class EmailOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = (claims.get("email") or "").strip()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        # An address the provider has not verified could be anyone's.
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        if not user.name and claims.get("name"):
            user.name = str(claims["name"])[:200]
            user.save(update_fields=["name"])
        return user
