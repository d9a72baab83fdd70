"""Forms of the programmes app, split by the pages that use them."""
