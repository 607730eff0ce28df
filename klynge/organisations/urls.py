from django.urls import path

from klynge.organisations import views

urlpatterns = [
    path("klynger/", views.cluster_list, name="cluster_list"),
    path("klynger/ny/", views.cluster_form, name="cluster_create"),
    path("klynger/<id:pk>/", views.cluster_detail, name="cluster_detail"),
    path("klynger/<id:pk>/rediger/", views.cluster_form, name="cluster_edit"),
    path("klynger/<id:cluster_pk>/organer/ny/", views.body_form, name="body_create"),
    path("klynger/<id:cluster_pk>/organer/<id:pk>/rediger/", views.body_form, name="body_edit"),
    path("organer/<id:body_pk>/medlemmer/ny/", views.membership_add, name="membership_add"),
    path("medlemskaber/<id:pk>/rediger/", views.membership_edit, name="membership_edit"),
    path("medlemskaber/<id:pk>/afslut/", views.membership_end, name="membership_end"),
    path("personer/<id:pk>/rediger/", views.person_edit, name="person_edit"),
    path("organisationer/", views.organisation_list, name="organisation_list"),
    path("organisationer/ny/", views.organisation_form, name="organisation_create"),
    path("organisationer/<id:pk>/rediger/", views.organisation_form, name="organisation_edit"),
]
