from django.urls import path

from klynge.accounts import views

urlpatterns = [
    path("konto/", views.account, name="account"),
    path("konto/api-noegler/<id:pk>/tilbagekald/", views.api_token_revoke, name="api_token_revoke"),
]
