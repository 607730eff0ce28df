from django.urls import path

from klynge.followups import views

urlpatterns = [
    path("punkter/<int:item_pk>/opfoelgning/ny/", views.follow_up_create, name="follow_up_create"),
    path("opfoelgning/<int:pk>/udfoert/", views.follow_up_done, name="follow_up_done"),
]
