"""Form fields the admin shares."""

from django import forms

from .text import slugify_vi


class SlugFromTextField(forms.SlugField):
    """A slug field that takes what an editor types, "Hội nghị Đà Nẵng" too, and keeps its
    slug ("hoi-nghi-da-nang") instead of refusing anything but ASCII."""

    def to_python(self, value):
        value = super().to_python(value)
        return slugify_vi(value) if value else value
