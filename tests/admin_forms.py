"""Build the POST data an editor's browser would send from an admin form."""

from django import forms


def _form_values(form):
    values = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        widget = getattr(field.widget, "widget", field.widget)  # unwrap the admin's wrapper
        if isinstance(widget, forms.MultiWidget):
            # A bound form (one shown again with errors) holds the parts as typed.
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, part in enumerate(parts):
                if part is not None:
                    values[f"{key}_{index}"] = str(part)
        elif value is None or value == "" or hasattr(value, "url"):
            continue  # empty, or a stored file the browser does not send back
        elif isinstance(value, bool):
            if value:
                values[key] = "on"
        elif isinstance(value, list | tuple):
            values[key] = [str(getattr(item, "pk", item)) for item in value]
        else:
            values[key] = str(value)
    return values


def admin_post_data(response, **changes):
    """The values of the add or change form in an admin GET response, with ``changes``
    applied (a value of None removes the field)."""
    context = response.context
    data = _form_values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        for form in formset.initial_forms:
            data.update(_form_values(form))
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
