"""The API's tables (partner keys and their audit), imported so that migrations see them."""

from api.open311.models import ApiKey, ApiKeyUse

__all__ = ["ApiKey", "ApiKeyUse"]
