"""The API's answers other than 200, in its OpenAPI schema (a drf-spectacular hook): every
operation may say that a parameter cannot be read (400), that nothing is there (404) or
that the client asks too often (429)."""

ERRORS = {
    "Problem": {
        "type": "object",
        "description": "What went wrong, for a whole request.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "InvalidParameters": {
        "type": "object",
        "description": "The parameters that could not be read, each with what is wrong.",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
}
RESPONSES = {
    "400": ("InvalidParameters", "A parameter cannot be read (an unknown slug, a bad year…)."),
    "404": ("Problem", "No such record, or a page past the last."),
    "429": ("Problem", "Too many requests from this address: try again later."),
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERRORS)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for status, (schema, description) in RESPONSES.items():
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{schema}"}
                            }
                        },
                    },
                )
    return result
