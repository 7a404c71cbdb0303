"""Disclosure models: reception standards, budgets, providers, contracts, services, receptions.

The current tables (`budget`, `office_provider`, `contract`, …) hold what is published now for
each (office, kind, year); a `Publication` row keeps each revision, and the one open draft, as a
JSON snapshot, never changed once published (the publication model: disclosures/README.md).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    cast,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from disclosures.cities import PublishedCity
from portal.clock import utcnow
from portal.database import Base, UTCDateTime
from portal.models import Account, Government, Office, enum_column
from portal.names import BilingualName, keep_name_sort, name_sort_column


class BudgetCategory(enum.StrEnum):
    ACCOMMODATION = "accommodation"
    DINING = "dining"
    VEHICLES = "vehicles"
    VENUES = "venues"
    OTHER = "other"


class ProviderKind(enum.StrEnum):
    HOTEL = "hotel"
    RESTAURANT = "restaurant"
    VEHICLE_RENTAL = "vehicle_rental"
    VENUE = "venue"
    OTHER = "other"


class ProcurementMethod(enum.StrEnum):
    OPEN_TENDER = "open_tender"
    INVITED_TENDER = "invited_tender"
    COMPETITIVE_NEGOTIATION = "competitive_negotiation"
    COMPETITIVE_CONSULTATION = "competitive_consultation"
    INQUIRY = "inquiry"
    SINGLE_SOURCE = "single_source"
    FRAMEWORK_AGREEMENT = "framework_agreement"


class ServiceAudience(enum.StrEnum):
    PUBLIC = "public"
    ENTERPRISES = "enterprises"
    MIGRANT_WORKERS = "migrant_workers"
    ETHNIC_AFFAIRS = "ethnic_affairs"
    EMERGENCIES = "emergencies"


class PaymentMethod(enum.StrEnum):
    BANK_TRANSFER = "bank_transfer"
    OFFICIAL_CARD = "official_card"
    CASH = "cash"


class DisclosureKind(enum.StrEnum):
    """What one publication covers, for one office and one year."""

    BUDGETS = "budgets"
    PROVIDERS = "providers"
    CONTRACTS = "contracts"
    SERVICES = "services"
    RECEPTIONS = "receptions"


class PublicationStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class ReceptionStandard(Base):
    """The reception standard a provincial government sets for one year (caps in fen).

    A reception hosted in a province is judged against that province's standard for the year of
    the reception: accommodation per guest per night, dining per person per meal, at most
    `max_work_meals` work meals, at most `max_hosts_small` hosts for up to `small_group_guests`
    guests and otherwise at most one host per `host_ratio` guests, and no cash unless allowed.
    """

    __tablename__ = "reception_standard"
    __table_args__ = (
        UniqueConstraint("province_id", "year"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
        CheckConstraint("night_cap_fen >= 0", name="night_cap_not_negative"),
        CheckConstraint("meal_cap_fen >= 0", name="meal_cap_not_negative"),
        CheckConstraint("max_work_meals >= 0", name="work_meals_not_negative"),
        CheckConstraint("max_hosts_small >= 1", name="hosts_small_positive"),
        CheckConstraint("small_group_guests >= 1", name="small_group_positive"),
        CheckConstraint("host_ratio >= 1", name="host_ratio_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("government.id"))
    year: Mapped[int] = mapped_column(Integer)
    night_cap_fen: Mapped[int] = mapped_column(Integer)
    meal_cap_fen: Mapped[int] = mapped_column(Integer)
    max_work_meals: Mapped[int] = mapped_column(Integer, default=1)
    max_hosts_small: Mapped[int] = mapped_column(Integer, default=3)
    small_group_guests: Mapped[int] = mapped_column(Integer, default=10)
    host_ratio: Mapped[int] = mapped_column(Integer, default=3)
    cash_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    reference: Mapped[str | None] = mapped_column(String(200))

    province: Mapped[Government] = relationship()


class Publication(Base):
    """One revision (or the one open draft) of one kind of disclosure of one office for one year.

    `content` is the JSON snapshot of the revision: {"items": [...]} with amounts in fen and
    dates as ISO strings (see `disclosures/items.py` for each kind's item keys). Revision 1 is
    the first publication; every later revision is a correction and carries a `reason`.
    """

    __tablename__ = "publication"
    __table_args__ = (
        UniqueConstraint("office_id", "kind", "year", "revision"),
        CheckConstraint("revision >= 1", name="revision_positive"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
        CheckConstraint(
            "status <> 'published' OR published_at IS NOT NULL", name="published_has_time"
        ),
        CheckConstraint(
            "status <> 'published' OR revision = 1 OR reason IS NOT NULL",
            name="correction_has_reason",
        ),
        Index("ix_publication_published_at", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    kind: Mapped[DisclosureKind] = mapped_column(enum_column(DisclosureKind, "disclosure_kind"))
    year: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    status: Mapped[PublicationStatus] = mapped_column(
        enum_column(PublicationStatus, "publication_status")
    )
    reason: Mapped[str | None] = mapped_column(Text)
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))

    office: Mapped[Office] = relationship()
    publisher: Mapped[Account | None] = relationship()

    def __repr__(self) -> str:
        return f"<Publication {self.kind} {self.year} r{self.revision} {self.status}>"


class Budget(Base):
    """An office's published reception budget for one year; its lines hold the amounts."""

    __tablename__ = "budget"
    __table_args__ = (
        UniqueConstraint("office_id", "year"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    year: Mapped[int] = mapped_column(Integer)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"), index=True)

    office: Mapped[Office] = relationship()
    publication: Mapped[Publication] = relationship()
    lines: Mapped[list[BudgetLine]] = relationship(
        cascade="all, delete-orphan", order_by="BudgetLine.category", back_populates="budget"
    )


class BudgetLine(Base):
    """One category of a budget: planned and actual spending in fen (actual unknown until spent)."""

    __tablename__ = "budget_line"
    __table_args__ = (
        UniqueConstraint("budget_id", "category"),
        CheckConstraint("planned_fen >= 0", name="planned_not_negative"),
        CheckConstraint("actual_fen IS NULL OR actual_fen >= 0", name="actual_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budget.id", ondelete="CASCADE"))
    category: Mapped[BudgetCategory] = mapped_column(enum_column(BudgetCategory, "budget_category"))
    planned_fen: Mapped[int] = mapped_column(BigInteger)
    actual_fen: Mapped[int | None] = mapped_column(BigInteger)

    budget: Mapped[Budget] = relationship(back_populates="lines")


@keep_name_sort
class Provider(BilingualName, PublishedCity, Base):
    """A company that sells reception services, keyed by its unified social credit code.

    One company is one provider, whichever offices buy from it. `province_id` is the province of
    the registering authority (from characters 3–8 of the code). `owner_government_id` is set when
    the company is state-owned or affiliated to a government (read by rule R10).
    """

    __tablename__ = "provider"
    __table_args__ = (
        UniqueConstraint("uscc"),
        CheckConstraint("length(uscc) = 18", name="uscc_eighteen_characters"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(300))
    name_sort: Mapped[str] = name_sort_column()  # pinyin of name_zh (portal/names.py)
    kind: Mapped[ProviderKind] = mapped_column(enum_column(ProviderKind, "provider_kind"))
    city: Mapped[str | None] = mapped_column(String(100))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("government.id"), index=True)
    owner_government_id: Mapped[int | None] = mapped_column(ForeignKey("government.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    province: Mapped[Government | None] = relationship(foreign_keys=[province_id])
    owner_government: Mapped[Government | None] = relationship(foreign_keys=[owner_government_id])

    def __repr__(self) -> str:
        return f"<Provider {self.uscc} {self.name_zh}>"


class OfficeProvider(Base):
    """A provider on an office's published list of service providers for one year."""

    __tablename__ = "office_provider"
    __table_args__ = (
        UniqueConstraint("office_id", "year", "provider_id"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
        Index("ix_office_provider_provider_year", "provider_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    year: Mapped[int] = mapped_column(Integer)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id"))
    services: Mapped[str | None] = mapped_column(String(300))
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"), index=True)

    office: Mapped[Office] = relationship()
    provider: Mapped[Provider] = relationship()


class Contract(Base):
    """A published contract between an office and a provider (amount in fen)."""

    __tablename__ = "contract"
    __table_args__ = (
        UniqueConstraint("office_id", "year", "reference"),
        CheckConstraint("amount_fen >= 0", name="amount_not_negative"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
        Index("ix_contract_provider_year", "provider_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id"))
    year: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(100))
    category: Mapped[BudgetCategory] = mapped_column(enum_column(BudgetCategory, "budget_category"))
    services: Mapped[str | None] = mapped_column(String(300))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    procurement_method: Mapped[ProcurementMethod] = mapped_column(
        enum_column(ProcurementMethod, "procurement_method")
    )
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"), index=True)

    office: Mapped[Office] = relationship()
    provider: Mapped[Provider] = relationship()


class ServiceListing(Base):
    """A service an office offers the public, on its published list for one year (Markdown)."""

    __tablename__ = "service_listing"
    __table_args__ = (
        UniqueConstraint("office_id", "year", "title"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    year: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[ServiceAudience] = mapped_column(
        enum_column(ServiceAudience, "service_audience")
    )
    channel: Mapped[str | None] = mapped_column(String(300))
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"), index=True)

    office: Mapped[Office] = relationship()


COST_FIELDS = ("accommodation_fen", "dining_fen", "vehicles_fen", "venues_fen", "other_fen")
"""A reception's costs by category (fen); together they are its total."""


class ReceptionRecord(Base):
    """A published business reception: who came, how many, what it cost by category (fen).

    The four elements the rules require are the official letter, the approval, the standard
    applied and the reception list; a missing one is an empty (NULL) reference.
    """

    __tablename__ = "reception_record"
    __table_args__ = (
        UniqueConstraint("office_id", "year", "reference"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
        CheckConstraint("guests >= 1", name="guests_positive"),
        CheckConstraint("hosts >= 0", name="hosts_not_negative"),
        CheckConstraint("nights >= 0", name="nights_not_negative"),
        CheckConstraint("work_meals >= 0", name="work_meals_not_negative"),
        CheckConstraint(
            " AND ".join(f"{name} >= 0" for name in COST_FIELDS), name="costs_not_negative"
        ),
        Index("ix_reception_record_office_year", "office_id", "year"),
        Index("ix_reception_record_provider", "provider_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    year: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(100))
    received_on: Mapped[date] = mapped_column(Date)
    visiting_party: Mapped[str] = mapped_column(String(300))
    purpose: Mapped[str] = mapped_column(String(500))
    guests: Mapped[int] = mapped_column(Integer)
    hosts: Mapped[int] = mapped_column(Integer)
    nights: Mapped[int] = mapped_column(Integer, default=0)
    work_meals: Mapped[int] = mapped_column(Integer, default=0)
    accommodation_fen: Mapped[int] = mapped_column(Integer, default=0)
    dining_fen: Mapped[int] = mapped_column(Integer, default=0)
    vehicles_fen: Mapped[int] = mapped_column(Integer, default=0)
    venues_fen: Mapped[int] = mapped_column(Integer, default=0)
    other_fen: Mapped[int] = mapped_column(Integer, default=0)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider.id"))
    payment_method: Mapped[PaymentMethod] = mapped_column(
        enum_column(PaymentMethod, "payment_method")
    )
    letter_reference: Mapped[str | None] = mapped_column(String(200))
    approval_reference: Mapped[str | None] = mapped_column(String(200))
    standard_applied: Mapped[str | None] = mapped_column(String(200))
    reception_list_reference: Mapped[str | None] = mapped_column(String(200))
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"), index=True)

    office: Mapped[Office] = relationship()
    provider: Mapped[Provider | None] = relationship()

    @hybrid_property
    def total_fen(self) -> int:
        """What the reception cost in all (fen): the one definition, in Python and in SQL."""
        return sum(getattr(self, name) for name in COST_FIELDS)

    @total_fen.inplace.expression
    @classmethod
    def _total_fen_expression(cls):
        # The costs are INTEGER columns and PostgreSQL adds INTEGERs as INTEGER, failing past
        # 2**31 fen (21 million yuan): the first term is cast, so every sum is BIGINT.
        first, *rest = (getattr(cls, name) for name in COST_FIELDS)
        return sum(rest, cast(first, BigInteger))


DISCLOSURE_MODELS = {
    DisclosureKind.BUDGETS: Budget,
    DisclosureKind.PROVIDERS: OfficeProvider,
    DisclosureKind.CONTRACTS: Contract,
    DisclosureKind.SERVICES: ServiceListing,
    DisclosureKind.RECEPTIONS: ReceptionRecord,
}
"""The table that holds the current published content of each kind."""
