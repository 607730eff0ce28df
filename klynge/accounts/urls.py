from django.urls import path

from klynge.accounts import views

urlpatterns = [
    path("konto/", views.account, name="account"),
    path("konto/to-faktor/", views.two_factor_setup, name="two_factor_setup"),
    path("konto/to-faktor/slaa-fra/", views.two_factor_disable, name="two_factor_disable"),
    path("log-ind/kode/", views.two_factor_verify, name="two_factor_verify"),
    path("konto/api-noegler/<id:pk>/tilbagekald/", views.api_token_revoke, name="api_token_revoke"),
]
