from django.urls import path

from omil_crm.balance import views

app_name = "balance"

urlpatterns = [
    path("parques/<int:pk>/balance/", views.park_balance, name="park"),
]
