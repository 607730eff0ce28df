from django.urls import path

from klynge.budgets import views

urlpatterns = [
    path("klynger/<id:pk>/oekonomi/", views.money_overview, name="money_overview"),
    path("klynger/<id:pk>/oekonomi/ramme/", views.frame_edit, name="frame_edit"),
    path(
        "klynger/<id:pk>/oekonomi/bevillinger/ny/",
        views.allocation_create,
        name="allocation_create",
    ),
    path("bevillinger/<id:pk>/rediger/", views.allocation_edit, name="allocation_edit"),
    path("bevillinger/<id:pk>/slet/", views.allocation_delete, name="allocation_delete"),
    path(
        "klynger/<id:pk>/oekonomi/medfinansiering/ny/",
        views.co_financing_create,
        name="co_financing_create",
    ),
    path("medfinansiering/<id:pk>/rediger/", views.co_financing_edit, name="co_financing_edit"),
    path("medfinansiering/<id:pk>/slet/", views.co_financing_delete, name="co_financing_delete"),
    path("klynger/<id:pk>/oekonomi/forbrug/", views.spending_entry, name="spending_entry"),
    path("forbrug/<id:pk>/slet/", views.spending_delete, name="spending_delete"),
    path(
        "klynger/<id:pk>/oekonomi/forbrug/indlaes/",
        views.spending_import,
        name="spending_import",
    ),
    path(
        "klynger/<id:pk>/oekonomi/forbrug/indlaes/gem/",
        views.spending_import_confirm,
        name="spending_import_confirm",
    ),
]
