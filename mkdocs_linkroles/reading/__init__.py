"""Reading a page: HTML, character references, source lines, marking links."""
