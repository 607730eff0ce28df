from django.urls import path

from klynge.search import views

urlpatterns = [
    path("soeg/", views.search_page, name="search"),
    path("offentlig/soeg/", views.public_search, name="public_search"),
    path("soeg/lignende/<str:kind>/<id:pk>/", views.similar, name="similar"),
]
