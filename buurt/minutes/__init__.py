"""Minutes: a meeting's record as a document.

`model` holds the data (built by `buurt.services.minutes`), `render` turns it into Markdown,
HTML, DOCX or PDF. The Markdown templates in `templates/` decide what the documents say; HTML,
DOCX and PDF are made from that Markdown, so a municipality that adapts a template (a copy in its
own folder, see `render.template_folders`) changes every format at once.
"""
