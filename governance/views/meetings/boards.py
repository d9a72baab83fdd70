"""The partnership's boards, and a board's page."""

from django.shortcuts import get_object_or_404, render

from governance.models import Board
from governance.pages import board_list_page, board_page
from stp.permissions import partnership_or_404, require


def board_list(request, partnership):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    require(request.user, "view_boards", partnership)
    return render(request, "governance/board_list.html",
                  board_list_page(partnership, request.user))


def detail(request, partnership, board):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    board = get_object_or_404(Board.objects.select_related("partnership"), pk=board,
                              partnership=partnership)
    require(request.user, "view_board", board)
    return render(request, "governance/board_detail.html", board_page(board, request.user))
