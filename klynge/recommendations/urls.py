from django.urls import path

from klynge.recommendations import views

urlpatterns = [
    path("eksterne-organer/", views.external_body_list, name="external_body_list"),
    path("eksterne-organer/<id:pk>/rediger/", views.external_body_edit, name="external_body_edit"),
    path(
        "punkter/<id:item_pk>/anbefaling/ny/",
        views.recommendation_send,
        name="recommendation_send",
    ),
    path("anbefalinger/<id:pk>/status/", views.recommendation_state, name="recommendation_state"),
    path(
        "organer/<id:pk>/sendt-videre/",
        views.body_recommendations,
        name="body_recommendations",
    ),
]
