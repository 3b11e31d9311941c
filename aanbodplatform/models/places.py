"""Regions, municipalities and postcodes: the reference geography."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aanbodplatform.models.base import Base


class Region(Base):
    """A PNT region: one of the 15 reference regions, Antwerpen, Gent or Brussel."""

    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    refreg_code: Mapped[str | None] = mapped_column(String(10))

    municipalities: Mapped[list[Municipality]] = relationship(back_populates="region")


class Municipality(Base):
    """A municipality of Flanders or Brussels (2025 boundaries)."""

    __tablename__ = "municipality"

    nis_code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name_nl: Mapped[str] = mapped_column(String(120), index=True)
    name_fr: Mapped[str | None] = mapped_column(String(120))
    province_nl: Mapped[str | None] = mapped_column(String(60))
    gewest: Mapped[str] = mapped_column(String(20))  # flanders or brussels
    refreg_code: Mapped[str | None] = mapped_column(String(10))
    refreg_name: Mapped[str | None] = mapped_column(String(120))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)

    region: Mapped[Region] = relationship(back_populates="municipalities")


class Postcode(Base):
    """One (postcode, locality) pair from the Belgian postcode list."""

    __tablename__ = "postcode"

    id: Mapped[int] = mapped_column(primary_key=True)
    postcode: Mapped[str] = mapped_column(String(4), index=True)
    name_nl: Mapped[str | None] = mapped_column(String(120))
    name_fr: Mapped[str | None] = mapped_column(String(120))
    municipality_name_nl: Mapped[str | None] = mapped_column(String(120))
    nis_code: Mapped[str] = mapped_column(String(5), index=True)
    gewest: Mapped[str] = mapped_column(String(20))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
