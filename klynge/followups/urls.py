from django.urls import path

from klynge.followups import views

urlpatterns = [
    path("punkter/<id:item_pk>/opfoelgning/ny/", views.follow_up_create, name="follow_up_create"),
    path("opfoelgning/<id:pk>/udfoert/", views.follow_up_done, name="follow_up_done"),
]
