"""This app's pages, all under /p/<partnership>/."""

urlpatterns = []
