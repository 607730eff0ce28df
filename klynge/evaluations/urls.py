from django.urls import path

from klynge.evaluations import views

urlpatterns = [
    path("moeder/<id:pk>/evaluering/", views.evaluation_manage, name="evaluation_manage"),
    path(
        "moeder/<id:pk>/evaluering/dagsorden/",
        views.evaluation_agenda,
        name="evaluation_agenda",
    ),
    path("evaluering/", views.evaluation_answer, name="evaluation_answer"),
    path("evaluering/<str:token>/", views.evaluation_old_link, name="evaluation_old_link"),
]
