"""Marshmallow schemas of the API: each serialises the answers and, through apispec, describes
them in the OpenAPI document (one definition for both)."""
