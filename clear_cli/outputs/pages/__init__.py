"""HTML and Markdown pages rendered with jinja2 (imported only when a page is written)."""
