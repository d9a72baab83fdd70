"""The programmes app's views: thin, they check permission, call one function and render."""
