from django_prose_editor.fields import ProseEditorField

#: What editors may format in body text. The same list drives the editor's toolbar and the
#: nh3 allow-list that cleans stored HTML, so nothing outside it is ever saved.
RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}


class RichTextField(ProseEditorField):
    """Body text edited with a WYSIWYG editor whose HTML is sanitised with an allow-list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", RICH_TEXT_EXTENSIONS)
        kwargs.setdefault("sanitize", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)
