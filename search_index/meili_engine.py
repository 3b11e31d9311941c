"""The production search engine: Meilisearch, through the official `meilisearch` client.

Every write is an asynchronous Meilisearch task; each one is awaited with a timeout and
its final status checked, because the client returns a failed task without raising.
Client, HTTP and task errors all surface as `SearchError`.

Each offer is stored as one document per location, folded back into one hit per offer by
the index's distinct attribute (`offer_id`), so radius filters and distance sorts use the
offer's nearest location; `search_index.meili_settings` documents the layout and why.
"""

from __future__ import annotations

import copy
import logging
import math
import re
import threading
import time
import unicodedata
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import meilisearch
import requests
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchError,
    MeilisearchTimeoutError,
)

from search_index.contract import (
    DAYPARTS,
    DUTCH_LEVELS,
    MAX_QUERY_LENGTH,
    OFFER_TYPES,
    WEEKDAYS,
    EngineHealth,
    GeoPoint,
    OfferDocument,
    SearchError,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from search_index.geo import nearest_distance_m
from search_index.highlight import (
    MARK_END,
    MARK_START,
    mark_spans,
    render_marked,
    strip_sentinels,
)
from search_index.lexicon import (
    Lexicon,
    QueryPlan,
    QueryWord,
    choose_words,
    highlight_spans,
    merge_spans,
)
from search_index.meili_filters import (
    build_filter,
    format_float,
    in_list,
    offers_filter,
    stale_locations_filter,
)
from search_index.meili_settings import (
    FACET_ATTRIBUTES,
    FOLDED_TEXT,
    LOCALES,
    MAX_TOTAL_HITS,
    OFFER_ID,
    PRIMARY_KEY,
    index_settings,
    summary_field,
    title_field,
)
from search_index.normalize import tokenize

logger = logging.getLogger(__name__)

#: Meilisearch document ids and index uids: letters, digits, "-" and "_" (at most 511 bytes).
_DOCUMENT_ID = re.compile(r"[A-Za-z0-9_-]{1,511}")
#: Offer ids: the same characters, short enough that "<offer id>-<index>" stays within
#: Meilisearch's facet value length (468 bytes, longer values are truncated), because
#: writes select documents by filtering on `id` and `offer_id`.
_OFFER_ID = re.compile(r"[A-Za-z0-9_-]{1,400}")
_MAX_FILTERABLE_ID = 468
_INDEX_UID = re.compile(r"[A-Za-z0-9_-]{1,360}")  # leaves room for the rebuild suffix
_PENDING = ("enqueued", "processing")
#: Facet values we know, to give counts back in our spelling whatever case the engine keeps.
_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "offer_type": OFFER_TYPES,
    "weekday": WEEKDAYS,
    "daypart": DAYPARTS,
    "dutch_level": DUTCH_LEVELS,
}


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------


def _text(value: str) -> str:
    """Return free text safe to index: sentinels could only come from hostile input."""
    return strip_sentinels(str(value))


def _coordinate(value: float, low: float, high: float) -> float:
    """Return `value` as a float within [low, high], or raise ValueError."""
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"coordinate out of range: {value!r}")
    return number


def location_document_id(offer_id: str, index: int) -> str:
    """Return the id of an offer's `index`-th location document ("1234" and 0 -> "1234-0").

    Unique across offers: the index holds no "-", so the text after the last "-" is the
    index and the text before it the offer id.
    """
    doc_id = f"{offer_id}-{int(index)}"
    if not (_DOCUMENT_ID.fullmatch(doc_id) and len(doc_id) <= _MAX_FILTERABLE_ID):
        raise ValueError(f"not usable as a Meilisearch document id: {doc_id!r}")
    return doc_id


def to_meili_documents(doc: OfferDocument) -> list[dict[str, Any]]:
    """Return the Meilisearch documents for `doc`: one per location (layout in meili_settings).

    Every document carries all of the offer's fields and points, plus `offer_id` and its own
    `_geo`; an offer without a point gets one document without `_geo`, so it is still found
    by text and filters but never by a radius filter.
    """
    offer_id = str(doc.id)
    if not _OFFER_ID.fullmatch(offer_id):
        raise ValueError(f"offer id not usable in Meilisearch document ids: {offer_id!r}")
    shared = _offer_fields(doc)
    points: list[dict[str, float]] = shared["points"]
    if not points:
        return [{PRIMARY_KEY: location_document_id(offer_id, 0), OFFER_ID: offer_id, **shared}]
    return [
        {
            PRIMARY_KEY: location_document_id(offer_id, i),
            OFFER_ID: offer_id,
            # A copy each: the documents are independent values, not views of one dict.
            **copy.deepcopy(shared),
            "_geo": dict(point),
        }
        for i, point in enumerate(points)
    ]


def _offer_fields(doc: OfferDocument) -> dict[str, Any]:
    """Return the fields every location document of `doc` shares (all but id and _geo)."""
    out: dict[str, Any] = {}
    title_locales: list[str] = []
    for locale, text in doc.title.items():
        if text:
            out[title_field(locale)] = _text(text)
            title_locales.append(locale)
    summary_locales: list[str] = []
    for locale, text in doc.summary.items():
        if text:
            out[summary_field(locale)] = _text(text)
            summary_locales.append(locale)
    points = [
        {"lat": _coordinate(p.lat, -90.0, 90.0), "lng": _coordinate(p.lon, -180.0, 180.0)}
        for p in doc.points
    ]
    level = doc.dutch_level if doc.dutch_level in DUTCH_LEVELS else DUTCH_LEVELS[0]
    out.update(
        {
            "title_locales": title_locales,
            "summary_locales": summary_locales,
            "description_nl": _text(doc.description_nl),
            "organisation": _text(doc.organisation),
            "offer_type": doc.offer_type,
            "activities": list(doc.activities),
            "taxonomy_terms": [_text(term) for term in doc.taxonomy_terms],
            "municipality": doc.municipality,
            "municipality_name": _text(doc.municipality_name),
            "place_names": [_text(name) for name in doc.place_names],
            "region": doc.region,
            "points": points,
            "point_municipalities": list(doc.point_municipalities),
            "dutch_context": bool(doc.dutch_context),
            "social_participation": bool(doc.social_participation),
            "pnt_eligible": bool(doc.pnt_eligible),
            "weekdays": list(doc.weekdays),
            "dayparts": list(doc.dayparts),
            "free": bool(doc.free),
            "wheelchair": bool(doc.wheelchair),
            "dutch_level": level,
            "dutch_level_rank": DUTCH_LEVELS.index(level),
            "published_at": int(doc.published_at),
            "confirmed_at": int(doc.confirmed_at),
            FOLDED_TEXT: folded_text(doc),
        }
    )
    return out


def folded_text(doc: OfferDocument) -> str:
    """Return the offer's searchable words as the shared normaliser writes them.

    Queries are sent in that form too, so a spelling the normaliser folds (ښ/ش, ı/i,
    ሠ/ሰ, ł/l ...) finds the offer even where Meilisearch's own tokenizer keeps them apart.
    """
    texts = [
        *doc.title.values(), *doc.summary.values(), *doc.taxonomy_terms,
        doc.organisation, doc.municipality_name, *doc.place_names, doc.description_nl,
    ]
    words: dict[str, None] = {}
    for text in texts:
        words.update(dict.fromkeys(tokenize(_text(text))))
    return " ".join(words)


def _strings(value: Any) -> tuple[str, ...]:
    """Return the string items of a list field, ignoring anything else."""
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))


def _localized(hit: Mapping[str, Any], locales_key: str, field: Any) -> dict[str, str]:
    """Rebuild a locale -> text mapping from the flat `<name>_<loc>` fields of a hit."""
    texts: dict[str, str] = {}
    for locale in _strings(hit.get(locales_key)):
        value = hit.get(field(locale))
        if isinstance(value, str):
            texts[locale] = value
    return texts


def from_meili_document(hit: Mapping[str, Any]) -> OfferDocument:
    """Return the `OfferDocument` stored in a location document or hit, with all its points."""
    points: list[GeoPoint] = []
    for point in hit.get("points") or []:
        if isinstance(point, Mapping) and "lat" in point and "lng" in point:
            points.append(GeoPoint(float(point["lat"]), float(point["lng"])))
    # A document written before the per-location layout has no offer_id; its id is the offer's.
    offer_id = hit.get(OFFER_ID)
    return OfferDocument(
        id=str(offer_id if offer_id is not None else hit[PRIMARY_KEY]),
        title=_localized(hit, "title_locales", title_field),
        summary=_localized(hit, "summary_locales", summary_field),
        description_nl=str(hit.get("description_nl") or ""),
        organisation=str(hit.get("organisation") or ""),
        offer_type=str(hit.get("offer_type") or ""),
        activities=_strings(hit.get("activities")),
        taxonomy_terms=_strings(hit.get("taxonomy_terms")),
        municipality=str(hit.get("municipality") or ""),
        municipality_name=str(hit.get("municipality_name") or ""),
        place_names=_strings(hit.get("place_names")),
        region=str(hit.get("region") or ""),
        points=tuple(points),
        point_municipalities=_strings(hit.get("point_municipalities")),
        dutch_context=bool(hit.get("dutch_context")),
        social_participation=bool(hit.get("social_participation")),
        weekdays=_strings(hit.get("weekdays")),
        dayparts=_strings(hit.get("dayparts")),
        free=bool(hit.get("free")),
        wheelchair=bool(hit.get("wheelchair")),
        dutch_level=str(hit.get("dutch_level") or DUTCH_LEVELS[0]),
        published_at=int(hit.get("published_at") or 0),
        confirmed_at=int(hit.get("confirmed_at") or 0),
    )


# ---------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def clean_query_text(text: str) -> str:
    """Return query text as plain words: truncated, no control characters, no operators.

    Meilisearch reads ``"..."`` as a phrase and a leading ``-`` as "must not contain";
    the embedded engine has neither, so both are removed (a hyphen is a word separator
    for Meilisearch's tokenizer anyway, so "e-mail" still finds "e-mail").
    """
    text = strip_sentinels(str(text or "")[:MAX_QUERY_LENGTH])
    # Lone surrogates ("Cs") would make the JSON body invalid UTF-8 for the server.
    chars = [" " if ch in '"-' or unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in text]
    return _SPACES.sub(" ", "".join(chars)).strip()


def _query_text(query: SearchQuery) -> str:
    """Return the query text as typed, minus sentinels (the analyser cuts the words)."""
    return strip_sentinels(str(query.text or "")[:MAX_QUERY_LENGTH])


def _words_text(words: Sequence[QueryWord]) -> str:
    """Return the text sent for some query words: normalised, the last one a prefix or not.

    Meilisearch reads the last word as a prefix unless a space follows it.
    """
    if not words:
        return ""
    text = " ".join(w.token for w in words)
    return text if words[-1].prefix else text + " "


def _concept_filter(plan: QueryPlan) -> list[str]:
    """Return one filter condition per recognised phrase or family (AND-ed by Meilisearch)."""
    out: list[str] = []
    for found in plan.concepts:
        parts = []
        if found.concept.activities:
            parts.append(in_list("activities", found.concept.activities))
        if found.concept.offer_types:
            parts.append(in_list("offer_type", found.concept.offer_types))
        out.append(" OR ".join(parts) if parts else 'offer_id = ""')
    return out


def _with_phrases(marked: str, plan: QueryPlan) -> str:
    """Return sentinel-marked text with the plan's phrases marked too (spans joined)."""
    spans: list[tuple[int, int]] = []
    clean: list[str] = []
    start = 0
    for ch in marked:
        if ch == MARK_START:
            start = len(clean)
        elif ch == MARK_END:
            spans.append((start, len(clean)))
        else:
            clean.append(ch)
    text = "".join(clean)
    spans += highlight_spans(text, plan.phrase_names(), lambda _token: False)
    return mark_spans(text, merge_spans(spans))


def _sort(query: SearchQuery) -> list[str]:
    """Return the Meilisearch sort for the query's effective sort (none for relevance)."""
    sort = query.effective_sort()
    if sort == "distance" and query.origin is not None:
        lat, lng = format_float(query.origin.lat), format_float(query.origin.lon)
        return [f"_geoPoint({lat}, {lng}):asc"]
    if sort == "newest":
        return ["published_at:desc"]
    return []


def _highlight_locale(query: SearchQuery) -> str:
    """Return the locale whose title and summary are highlighted (unknown tags -> nl)."""
    return query.locale if query.locale in LOCALES else "nl"


def _balanced(text: str) -> str:
    """Return `text` unchanged if its sentinels pair up in order, else without any sentinel."""
    open_mark = False
    for ch in text:
        if ch == MARK_START:
            if open_mark:
                return strip_sentinels(text)
            open_mark = True
        elif ch == MARK_END:
            if not open_mark:
                return strip_sentinels(text)
            open_mark = False
    return strip_sentinels(text) if open_mark else text


def _field(obj: Any, name: str, camel: str | None = None) -> Any:
    """Read `name` from a client model object, or `camel` (or `name`) from a dict."""
    if isinstance(obj, Mapping):
        return obj.get(camel or name, obj.get(name))
    return getattr(obj, name, None)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Yield lists of at most `size` items."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextmanager
def _client_errors(what: str) -> Iterator[None]:
    """Turn client and HTTP errors raised inside the block into SearchError."""
    try:
        yield
    except MeilisearchTimeoutError as exc:
        raise SearchError(f"Meilisearch {what} timed out: {exc.message}") from exc
    except MeilisearchApiError as exc:
        code = exc.code or exc.status_code
        raise SearchError(f"Meilisearch {what} failed ({code}): {exc.message}") from exc
    except MeilisearchError as exc:
        raise SearchError(f"Meilisearch {what} failed: {exc.message}") from exc
    except requests.RequestException as exc:
        raise SearchError(f"Meilisearch {what} failed: {exc}") from exc


class IndexMissingError(SearchError):
    """The engine's index does not exist and the engine may not create it."""


def _is_index_not_found(exc: BaseException) -> bool:
    """Return True when a SearchError was caused by a missing index."""
    cause = exc.__cause__
    return isinstance(cause, MeilisearchApiError) and cause.code == "index_not_found"


class MeiliSearchEngine:
    """Offers search on a Meilisearch index, with zero-downtime rebuilds by index swap."""

    name = "meilisearch"

    def __init__(
        self,
        url: str,
        api_key: str | None = None,
        *,
        index_name: str = "offers",
        synonyms: Mapping[str, Sequence[str]] | None = None,
        lexicon: Lexicon | None = None,
        timeout_s: float = 10.0,
        task_timeout_s: float = 120.0,
        batch_size: int = 1000,
        client: Any = None,
        create_missing: bool = True,
    ) -> None:
        """Prepare the engine; nothing is sent to Meilisearch until a method is called."""
        if not _INDEX_UID.fullmatch(index_name):
            raise ValueError(f"invalid Meilisearch index name: {index_name!r}")
        if not (timeout_s > 0 and task_timeout_s > 0 and batch_size >= 1):
            raise ValueError("timeouts must be positive and batch_size at least 1")
        self.index_name = index_name
        #: Phrases, families and stop words queries are read with (stop words only if None).
        self.lexicon = lexicon if lexicon is not None else Lexicon()
        self._settings = index_settings(synonyms)
        self._task_timeout_s = float(task_timeout_s)
        self._batch_size = int(batch_size)
        self._configured = False
        #: Off in the application: only `rebuild` (search reindex, setup) makes an index, so a
        #: missing one is reported as missing instead of being served empty.
        self.create_missing = create_missing
        self._url = url.rstrip("/")  # the client joins paths with "/" itself
        self._api_key = api_key
        # The client's HTTP timeout is whole seconds; round up rather than down.
        self._http_timeout_s = max(1, math.ceil(timeout_s))
        self._injected_client = client
        self._local = threading.local()

    @property
    def _client(self) -> Any:
        """Return the injected client, or this thread's own `meilisearch.Client`.

        One client per thread, because the client mutates a shared headers dict on every
        request (setting or removing Content-Type), which is a race between threads.
        """
        if self._injected_client is not None:
            return self._injected_client
        client = getattr(self._local, "client", None)
        if client is None:
            client = meilisearch.Client(self._url, self._api_key, timeout=self._http_timeout_s)
            self._local.client = client
        return client

    # -- tasks and indexes ---------------------------------------------------

    def _await(self, task_info: Any, what: str, ok_codes: tuple[str, ...] = ()) -> None:
        """Wait for a task and raise SearchError unless it succeeded (or failed with `ok_codes`)."""
        uid = _field(task_info, "task_uid", "taskUid")
        try:
            task = self._client.wait_for_task(uid, timeout_in_ms=int(self._task_timeout_s * 1000))
        except MeilisearchTimeoutError as exc:
            raise SearchError(
                f"Meilisearch task {uid} ({what}) did not finish within {self._task_timeout_s:g} s"
            ) from exc
        except (MeilisearchError, requests.RequestException) as exc:
            raise SearchError(f"could not follow Meilisearch task {uid} ({what}): {exc}") from exc
        status = _field(task, "status")
        if status == "succeeded":
            return
        if status in _PENDING:
            raise SearchError(
                f"Meilisearch task {uid} ({what}) still {status} after {self._task_timeout_s:g} s"
            )
        error = _field(task, "error") or {}
        code = error.get("code") if isinstance(error, Mapping) else None
        message = error.get("message") if isinstance(error, Mapping) else None
        if status == "failed" and code in ok_codes:
            return
        raise SearchError(
            f"Meilisearch task {uid} ({what}) {status}: {message or 'no error message'}"
            + (f" [{code}]" if code else "")
        )

    def _create_index(self, uid: str, ok_codes: tuple[str, ...] = ()) -> None:
        """Create index `uid` with our primary key and wait for it."""
        with _client_errors(f"creating index {uid}"):
            task = self._client.create_index(uid, {"primaryKey": PRIMARY_KEY})
        self._await(task, f"create index {uid}", ok_codes)

    def _ensure_index(self, uid: str, create: bool = True) -> None:
        """Create index `uid` if it is missing (when `create`); refuse another primary key."""
        try:
            with _client_errors(f"reading index {uid}"):
                index = self._client.get_index(uid)
        except SearchError as exc:
            if not _is_index_not_found(exc):
                raise
            if not create:
                raise IndexMissingError(
                    f"Meilisearch index {uid} does not exist; run `flask search reindex`"
                ) from exc
            # Another process may create it at the same moment; that is fine too.
            self._create_index(uid, ok_codes=("index_already_exists",))
            return
        primary_key = _field(index, "primary_key", "primaryKey")
        # None means no document yet: add_documents always names the key, so it is set then.
        if primary_key not in (None, PRIMARY_KEY):
            raise SearchError(
                f"Meilisearch index {uid} has primary key {primary_key!r}, expected {PRIMARY_KEY!r}"
            )

    def _apply_settings(self, uid: str) -> None:
        """Send our settings to index `uid` and wait until they are applied."""
        with _client_errors(f"updating settings of {uid}"):
            task = self._client.index(uid).update_settings(copy.deepcopy(self._settings))
        self._await(task, f"settings of {uid}")

    def _add_documents(self, uid: str, location_docs: Iterable[dict[str, Any]]) -> None:
        """Add or replace location documents in index `uid` in batches, then await every batch.

        Batches count Meilisearch documents (locations), which is what sizes a request.
        """
        index = self._client.index(uid)
        tasks = []
        for batch in _batches(location_docs, self._batch_size):
            with _client_errors(f"adding documents to {uid}"):
                tasks.append(index.add_documents(batch, primary_key=PRIMARY_KEY))
        for task in tasks:
            self._await(task, f"add documents to {uid}")

    def _delete_stale_locations(self, uid: str, written: Mapping[str, Sequence[str]]) -> None:
        """Delete the location documents of the `written` offers that the upsert did not write.

        Runs only after the additions succeeded, so an offer always has documents in the
        index: first its old and new ones (the distinct attribute shows it once), then the
        new ones only. A failed addition leaves the old documents in place.
        """
        index = self._client.index(uid)
        tasks = []
        for batch in _batches(written.items(), self._batch_size):
            expression = stale_locations_filter(
                (offer_id for offer_id, _ in batch), (i for _, ids in batch for i in ids)
            )
            with _client_errors("deleting stale location documents"):
                tasks.append(index.delete_documents(filter=expression))
        for task in tasks:
            self._await(task, "delete stale location documents")

    def _delete_index(self, uid: str) -> None:
        """Delete index `uid` and wait; a missing index counts as deleted."""
        with _client_errors(f"deleting index {uid}"):
            task = self._client.delete_index(uid)
        self._await(task, f"delete index {uid}", ok_codes=("index_not_found",))

    def _offer_count(self, uid: str) -> int:
        """Return the number of offers in index `uid` (not the number of location documents).

        Index stats count documents, i.e. locations. A placeholder search with `page` and
        `hitsPerPage: 0` returns no hit but an exhaustive `totalHits`, computed after the
        distinct attribute folded each offer's documents into one. Like every total it is
        capped at `MAX_TOTAL_HITS`.
        """
        with _client_errors(f"counting offers in {uid}"):
            response = self._client.index(uid).search("", {"page": 1, "hitsPerPage": 0})
        total = response.get("totalHits") if isinstance(response, Mapping) else None
        if not isinstance(total, int) or isinstance(total, bool):
            raise SearchError(f"Meilisearch returned no totalHits when counting offers in {uid}")
        return total

    def _ensure_configured(self) -> None:
        """Configure once per engine, so writes never auto-create an index without settings."""
        if not self._configured:
            self.configure()

    # -- the SearchEngine protocol -------------------------------------------

    def configure(self) -> None:
        """Apply the settings to the index (creating it only with `create_missing`); idempotent.

        Without `create_missing` a missing index raises `IndexMissingError`, and writes
        (which configure first) fail with it instead of letting Meilisearch create an empty
        index on the first document.
        """
        self._ensure_index(self.index_name, create=self.create_missing)
        self._apply_settings(self.index_name)
        self._configured = True

    def upsert(self, docs: Iterable[OfferDocument]) -> None:
        """Add or replace offers by id: write their location documents, then drop stale ones.

        An offer that lost locations keeps documents like "<id>-2" from its earlier version;
        they are deleted by filter once the new documents are in, never before.
        """
        # Every offer is converted (and its id checked) before anything is sent: a bad
        # document found later would leave the batches before it added but never cleaned up.
        location_docs: list[dict[str, Any]] = []
        written: dict[str, list[str]] = {}
        for doc in docs:
            offer_docs = to_meili_documents(doc)
            # An offer given twice keeps its last version: Meilisearch applies additions in order.
            written[offer_docs[0][OFFER_ID]] = [d[PRIMARY_KEY] for d in offer_docs]
            location_docs.extend(offer_docs)
        self._ensure_configured()
        if not location_docs:
            return
        self._add_documents(self.index_name, location_docs)
        self._delete_stale_locations(self.index_name, written)

    def delete(self, ids: Iterable[str]) -> None:
        """Remove offers by id, all their locations; unknown ids (and a missing index) are ignored."""
        unique = sorted({str(i) for i in ids})
        if not unique:
            return
        self._ensure_configured()
        index = self._client.index(self.index_name)
        tasks = []
        for batch in _batches(unique, self._batch_size):
            # By filter, not by id list: the client deprecates the id-list route, and an
            # offer's location documents share only offer_id. String filters ignore case,
            # which is harmless for our ids (decimal database keys).
            with _client_errors("deleting documents"):
                tasks.append(index.delete_documents(filter=offers_filter(batch)))
        for task in tasks:
            self._await(task, "delete documents", ok_codes=("index_not_found",))

    def search_requests(
        self, query: SearchQuery, words: Sequence[QueryWord] | None = None
    ) -> list[dict[str, Any]]:
        """Return the multi-search queries for `query`: the page, then one per facet.

        The text sent is the plan's words (all of them unless `words` is given), in
        normalised form; recognised phrases and families become filters.
        """
        plan = self.lexicon.analyse(_query_text(query), query.locale)
        text = _words_text(plan.words if words is None else words)
        concepts = _concept_filter(plan)
        page, size = query.clamped_page(), query.clamped_page_size()
        locale = _highlight_locale(query)
        highlight = list(
            dict.fromkeys(
                [title_field(locale), summary_field(locale), title_field("nl"), summary_field("nl")]
            )
        )
        main: dict[str, Any] = {
            "indexUid": self.index_name,
            "q": text,
            # Past maxTotalHits every page is empty; ask for page 1 and drop its hits.
            "page": page if (page - 1) * size < MAX_TOTAL_HITS else 1,
            "hitsPerPage": size,
            # Every query word must match, like the embedded engine.
            "matchingStrategy": "all",
            "attributesToHighlight": highlight,
            "highlightPreTag": MARK_START,
            "highlightPostTag": MARK_END,
        }
        main_filter = build_filter(query) + concepts
        if main_filter:
            main["filter"] = main_filter
        sort = _sort(query)
        if sort:
            main["sort"] = sort
        queries = [main]
        for facet in self._facet_names(query):
            # Disjunctive facets: each count ignores the searcher's choice in its own group.
            facet_query: dict[str, Any] = {
                "indexUid": self.index_name,
                "q": text,
                "matchingStrategy": "all",
                # Not "limit": 0. Only with page/hitsPerPage does Meilisearch apply the
                # distinct attribute to every candidate before counting facets, so the
                # counts are offers; with offset/limit they would count locations.
                "page": 1,
                "hitsPerPage": 0,
                "facets": [FACET_ATTRIBUTES[facet]],
            }
            facet_filter = build_filter(query, omit_group=facet) + concepts
            if facet_filter:
                facet_query["filter"] = facet_filter
            queries.append(facet_query)
        return queries

    @staticmethod
    def _facet_names(query: SearchQuery) -> list[str]:
        """Return the requested facets we know, once each, in the order asked."""
        return [f for f in dict.fromkeys(query.facets) if f in FACET_ATTRIBUTES]

    def _multi_search(self, queries: list[dict[str, Any]]) -> list[Any]:
        """Send one multi-search and return its results, one per query."""
        with _client_errors("search"):
            response = self._client.multi_search(queries)
        results = response.get("results") if isinstance(response, Mapping) else None
        if not isinstance(results, list) or len(results) != len(queries):
            raise SearchError("Meilisearch multi-search returned an unexpected response")
        return results

    def _probe(self, texts: list[str], concepts: list[str]) -> list[int]:
        """Return how many offers each text matches with the concepts alone (no filters)."""
        queries = []
        for text in texts:
            probe: dict[str, Any] = {
                "indexUid": self.index_name,
                "q": text,
                "matchingStrategy": "all",
                "page": 1,
                "hitsPerPage": 0,
            }
            if concepts:
                probe["filter"] = concepts
            queries.append(probe)
        return [int(r.get("totalHits", 0) or 0) for r in self._multi_search(queries)]

    def _choose_words(self, plan: QueryPlan) -> tuple[list[QueryWord], tuple[str, ...]]:
        """Return the words to search and those left out, when not all can match together.

        The same rule as the embedded engine (`search_index.lexicon.choose_words`),
        asked of Meilisearch with counting searches; only run when a search found nothing.
        """
        words = list(plan.words)
        concepts = _concept_filter(plan)
        if self._probe([_words_text(words)], concepts)[0]:
            return words, ()
        counts = self._probe([_words_text([w]) for w in words], [])
        tried: dict[tuple[int, ...], bool] = {}

        def matches(kept: list[int]) -> bool:
            """Return True if the kept words match some offer together."""
            key = tuple(kept)
            if key not in tried:
                chosen = [words[i] for i in kept]
                tried[key] = bool(self._probe([_words_text(chosen)], concepts)[0])
            return tried[key]

        protected = [w.names_term for w in words]
        choice = choose_words(counts, bool(concepts), matches, protected)
        return [words[i] for i in choice.kept], tuple(words[i].text for i in choice.left_out)

    def search(self, query: SearchQuery) -> SearchResult:
        """Answer a query with one multi-search: the page of hits plus one query per facet.

        When nothing is found and the words could be what keeps them apart, a few
        counting searches decide which words to leave out, and the search runs again.
        """
        started = time.perf_counter()
        plan = self.lexicon.analyse(_query_text(query), query.locale)
        queries = self.search_requests(query)
        results = self._multi_search(queries)
        left_out: tuple[str, ...] = ()
        first_total = results[0].get("totalHits", results[0].get("estimatedTotalHits", 0))
        if not first_total and (len(plan.words) > 1 or (plan.words and plan.concepts)):
            words, left_out = self._choose_words(plan)
            if left_out:
                queries = self.search_requests(query, words)
                results = self._multi_search(queries)
        took_ms = (time.perf_counter() - started) * 1000.0

        page, size = query.clamped_page(), query.clamped_page_size()
        main = results[0]
        raw_hits = main.get("hits") or []
        if (page - 1) * size >= MAX_TOTAL_HITS:
            raw_hits = []
        total = main.get("totalHits", main.get("estimatedTotalHits", 0))
        hits = [self._hit(raw, query, plan) for raw in raw_hits]
        facets: dict[str, dict[str, int]] = {}
        for facet, result in zip(self._facet_names(query), results[1:], strict=True):
            distribution = (result.get("facetDistribution") or {}).get(
                FACET_ATTRIBUTES[facet]
            ) or {}
            facets[facet] = self._facet_counts(facet, distribution)
        return SearchResult(
            hits=hits,
            total=int(total or 0),
            page=page,
            page_size=size,
            facets=facets,
            took_ms=took_ms,
            left_out=left_out,
        )

    @staticmethod
    def _facet_counts(facet: str, distribution: Mapping[str, Any]) -> dict[str, int]:
        """Return facet counts with known values spelled as in the contract."""
        canonical = {v.lower(): v for v in _VOCABULARIES.get(facet, ())}
        counts: dict[str, int] = {}
        for value, count in distribution.items():
            key = canonical.get(str(value).lower(), str(value))
            counts[key] = counts.get(key, 0) + int(count)
        return counts

    @staticmethod
    def _hit(raw: Mapping[str, Any], query: SearchQuery, plan: QueryPlan | None = None) -> SearchHit:
        """Return a SearchHit from a Meilisearch hit: document, distance and safe highlights.

        The distance is measured here to the nearest of all the offer's points, not taken
        from `_geoDistance`: that is the distance to the location document Meilisearch
        kept, which is the nearest one only under a distance sort (with relevance or
        newest, all of an offer's documents rank alike and any of them may be kept).
        """
        doc = from_meili_document(raw)
        distance: float | None = None
        if query.origin is not None:
            distance = nearest_distance_m(query.origin, doc.points)
        formatted = raw.get("_formatted")
        if not isinstance(formatted, Mapping):
            formatted = {}
        locale = _highlight_locale(query)
        highlights: dict[str, str] = {}
        for key, texts, field in (
            ("title", doc.title, title_field),
            ("summary", doc.summary, summary_field),
        ):
            chosen = locale if texts.get(locale) else "nl"
            marked = formatted.get(field(chosen))
            if not isinstance(marked, str):
                marked = strip_sentinels(texts.get(chosen, ""))
            marked = _balanced(marked)
            if plan is not None and plan.concepts:
                marked = _with_phrases(marked, plan)
            highlights[key] = render_marked(marked)
        return SearchHit(document=doc, distance_m=distance, highlights=highlights)

    def rebuild(self, docs: Iterable[OfferDocument]) -> None:
        """Build a fresh index aside, swap it with the live one, then delete the old one."""
        live = self.index_name
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
        fresh = f"{live}_{stamp}_{uuid.uuid4().hex[:8]}"
        try:
            self._create_index(fresh)
            self._apply_settings(fresh)
            # Lazily: a rebuild may stream every offer; a bad one fails the whole rebuild.
            self._add_documents(fresh, (d for doc in docs for d in to_meili_documents(doc)))
            # Older servers only swap two existing indexes.
            self._ensure_index(live)
            with _client_errors(f"swapping {live} and {fresh}"):
                task = self._client.swap_indexes([{"indexes": [live, fresh]}])
            self._await(task, f"swap {live} and {fresh}")
        except Exception:
            # Before the swap `fresh` holds the half-built index, after it the old one.
            try:
                self._delete_index(fresh)
            except SearchError:
                logger.warning(
                    "could not delete Meilisearch index %s after a failed rebuild", fresh
                )
            raise
        self._configured = True
        try:
            self._delete_index(fresh)
        except SearchError as exc:
            raise SearchError(
                f"rebuilt and swapped {live}, but the old index remains: {exc}"
            ) from exc

    def health(self) -> EngineHealth:
        """Report whether Meilisearch answers and the index exists; never raises.

        `documents` is the number of offers (see `_offer_count`), not of location documents.
        """
        try:
            with _client_errors("health check"):
                status = self._client.health()
        except SearchError as exc:
            return EngineHealth(ok=False, engine=self.name, detail=f"unreachable: {exc}")
        state = status.get("status") if isinstance(status, Mapping) else None
        if state != "available":
            return EngineHealth(ok=False, engine=self.name, detail=f"status: {state}")
        try:
            documents = self._offer_count(self.index_name)
        except SearchError as exc:
            detail = (
                f"index {self.index_name} does not exist" if _is_index_not_found(exc) else str(exc)
            )
            return EngineHealth(ok=False, engine=self.name, detail=detail)
        return EngineHealth(
            ok=True,
            engine=self.name,
            detail=f"available, index {self.index_name}",
            documents=documents,
        )

    def index_exists(self) -> bool:
        """Return whether the live index exists, creating nothing; SearchError when unreachable."""
        try:
            with _client_errors(f"reading index {self.index_name}"):
                self._client.get_index(self.index_name)
        except SearchError as exc:
            if _is_index_not_found(exc):
                return False
            raise
        return True

    def count(self) -> int:
        """Return the number of offers in the index (0 when it does not exist).

        Offers, not Meilisearch documents: see `_offer_count`.
        """
        try:
            return self._offer_count(self.index_name)
        except SearchError as exc:
            if _is_index_not_found(exc):
                return 0
            raise

    def drop(self) -> None:
        """Delete the index and wait; a missing index is fine (used by tests)."""
        self._delete_index(self.index_name)
        self._configured = False
