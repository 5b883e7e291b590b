"""The project's URLs plus the floor every page measurement is compared with."""

from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def floor(request):
    return render(request, "reports/bench_floor.html", {"user": request.user})


urlpatterns = [path("__bench__/floor/", floor, name="bench_floor"), *project_urlpatterns]
