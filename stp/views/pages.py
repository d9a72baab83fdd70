"""Pages anyone may read: the accessibility statement."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def accessibility(request):
    return render(request, "stp/accessibility.html")
