from django.urls import path

from klynge.carryovers import views

urlpatterns = [
    path("klynger/<id:pk>/videreforsel/", views.carry_over_start, name="carry_over_start"),
    path(
        "klynger/<id:pk>/videreforsel/udfoer/", views.carry_over_confirm, name="carry_over_confirm"
    ),
    path("videreforsler/<id:pk>/", views.carry_over_detail, name="carry_over_detail"),
    path("videreforsler/<id:pk>/fortryd/", views.carry_over_undo, name="carry_over_undo"),
]
