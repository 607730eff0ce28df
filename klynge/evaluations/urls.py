from django.urls import path

from klynge.evaluations import views

urlpatterns = [
    path("moeder/<id:pk>/evaluering/", views.evaluation_manage, name="evaluation_manage"),
    path("evaluering/<str:token>/", views.evaluation_answer, name="evaluation_answer"),
]
