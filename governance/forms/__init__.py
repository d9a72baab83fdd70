"""Forms of the boards-and-meetings pages, one module per page group."""
