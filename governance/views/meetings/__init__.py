"""meetings pages."""

urlpatterns = []
