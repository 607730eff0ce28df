from django.urls import path

from klynge.votes import views

urlpatterns = [
    path("punkter/<id:item_pk>/afstemning/ny/", views.vote_create, name="vote_create"),
    path("afstemninger/<id:pk>/slet/", views.vote_delete, name="vote_delete"),
    path(
        "punkter/<id:item_pk>/inhabilitet/ny/",
        views.inhabilitet_create,
        name="inhabilitet_create",
    ),
    path("inhabilitet/<id:pk>/slet/", views.inhabilitet_delete, name="inhabilitet_delete"),
    path("punkter/<id:item_pk>/udtalelse/ny/", views.statement_create, name="statement_create"),
    path("udtalelser/<id:pk>/slet/", views.statement_delete, name="statement_delete"),
]
