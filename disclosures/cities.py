"""A provider's city in the page's language (moved out of disclosures/models.py, which was past
400 lines); models.Provider mixes it in, so `provider.city_name(language)` is unchanged."""

from __future__ import annotations


class PublishedCity:
    """For a model with a published `city` (Chinese, free text) and a `province` (a Government)."""

    def city_name(self, language: str) -> str:
        """The city as published, or the registry's English name of it on English pages when
        it is the capital of the provider's province (the cities the portal's offices are in);
        "" when none was published. Reads `province` (load it with the provider in lists)."""
        city = self.city or ""
        province = self.province
        if language == "en" and province is not None and city == province.capital_zh:
            return province.capital_en or city
        return city
