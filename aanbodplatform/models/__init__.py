"""The domain model: one module per aggregate, all re-exported here."""

from aanbodplatform.models.accounts import (
    ROLES,
    Membership,
    ModeratorScope,
    Organisation,
    User,
)
from aanbodplatform.models.audit import AuditEvent, SearchCursor, SearchDelivery, SearchOutbox
from aanbodplatform.models.base import Base, utcnow
from aanbodplatform.models.clients import CLIENT_STATUSES, Client
from aanbodplatform.models.external import ExternalReference
from aanbodplatform.models.handovers import (
    HANDOVER_EVENT_KINDS,
    HANDOVER_STATUSES,
    OPEN_HANDOVER_STATUSES,
    Handover,
    HandoverEvent,
)
from aanbodplatform.models.links import SignedLink
from aanbodplatform.models.needs import NEED_STATUSES, NEED_TOPICS, OrganisationNeed
from aanbodplatform.models.offers import (
    OFFER_STATUSES,
    Location,
    Offer,
    OfferActivity,
    OfferContact,
    OfferReport,
    OfferStatusChange,
    OfferTranslation,
    ScheduleSlot,
)
from aanbodplatform.models.participation import (
    EXEMPTION_REASONS,
    PNT_HOURS_REQUIRED,
    PROOF_STATUSES,
    ContactPerson,
    CounsellorTask,
    Exemption,
    HourEntry,
    ParticipationProof,
    ProofMessage,
)
from aanbodplatform.models.places import Municipality, Postcode, Region
from aanbodplatform.models.shortlists import ClientShortlistItem
from aanbodplatform.models.taxonomy import Activity, OfferType, TaxonomyLabel
from aanbodplatform.models.translations import (
    TranslationProposal,
    TranslationRequest,
    TranslatorLanguage,
)

__all__ = [
    "CLIENT_STATUSES",
    "EXEMPTION_REASONS",
    "HANDOVER_EVENT_KINDS",
    "HANDOVER_STATUSES",
    "NEED_STATUSES",
    "NEED_TOPICS",
    "OFFER_STATUSES",
    "OPEN_HANDOVER_STATUSES",
    "PNT_HOURS_REQUIRED",
    "PROOF_STATUSES",
    "ROLES",
    "Activity",
    "AuditEvent",
    "Base",
    "Client",
    "ExternalReference",
    "ClientShortlistItem",
    "ContactPerson",
    "CounsellorTask",
    "Exemption",
    "Handover",
    "HandoverEvent",
    "HourEntry",
    "Location",
    "Membership",
    "ModeratorScope",
    "Municipality",
    "Offer",
    "OfferActivity",
    "OfferContact",
    "OfferReport",
    "OfferStatusChange",
    "OfferTranslation",
    "OfferType",
    "Organisation",
    "OrganisationNeed",
    "ParticipationProof",
    "Postcode",
    "ProofMessage",
    "Region",
    "ScheduleSlot",
    "SignedLink",
    "SearchCursor",
    "SearchDelivery",
    "SearchOutbox",
    "TaxonomyLabel",
    "TranslationProposal",
    "TranslationRequest",
    "TranslatorLanguage",
    "User",
    "utcnow",
]
