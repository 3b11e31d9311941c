"""The embedded search engine: SQLite FTS5 + R*Tree in its own file, Meilisearch semantics.

Storage (one SQLite file, WAL mode):

* ``fts``: FTS5 over pre-normalised text, one column per searchable attribute in
  ranking order (title, summary, taxonomy, organisation, municipality, description);
  the tokenizer only ever sees output of :mod:`search_index.normalize`.
* ``docs``: id and the filter columns (narrow, so scans are cheap); ``doc_activity``
  for activities; ``payloads``: the documents (MessagePack), read only for the page.
* ``geo``: an integer R*Tree with one entry per location: the point's unit vector on the
  sphere, scaled by 2**30 (about 6 mm on Earth).  A radius becomes a cube around the
  origin (the bounding-box prefilter) plus an exact chord-length test in integer
  arithmetic, so no row needs trigonometry or a lookup in another table.  Entry ids are
  ``doc << 10 | k``: the document is in the id.
* ``labels``: taxonomy labels, stored once and referred to by id from payloads.
* ``meta``: schema and text versions, an index id, a generation counter bumped by every
  write; ``changes`` lists the documents each generation touched.

Search runs in one read snapshot.  Per (index id, generation) the engine keeps, in
memory, the vocabulary (for typo candidates, with each term's documents per attribute,
read through a temporary fts5vocab table) and a bitmap per filter value (Python ints
as bitsets over document rowids).  Text matching asks FTS5 for the documents of
vocabulary terms the engine quoted itself, turns them into bitmaps and intersects;
filters, disjunctive facets and totals are bitmap operations; ranking is a lazy bucket
sort (typo → attribute → exactness → newest) that only refines the buckets reaching
into the requested page.

An FTS5 query costs little per document it walks past and much per row it returns,
so a query's documents come back as one ``group_concat`` string that numpy turns into
a bitmap, and rows are kept few: the query word with the
fewest documents is asked for first and every other question (the other words, typo
levels, attributes, exactness) only within its documents; a question most documents
answer yes to is asked as its complement; a word's attribute is asked for only when a
bucket needs it and only where the vocabulary says the word occurs; a prefix with few
completions is asked for as the list of them (FTS5 merges a prefix's lists anew for
every query, unless it has 2 or 3 characters, which have their own index).

Modules: ``storage`` (schema, stored documents, indexed text, connections),
``bitmaps`` (bitmaps from SQLite, members, facet counts), ``geo`` (the R*Tree),
``vocabulary`` (typo and prefix derivations), ``state`` (one generation in memory),
``planner`` (geo-first plans), ``snapshot`` (the saved state), ``query`` (one search),
``engine`` (the index's life and the contract).
"""

from search_index.sqlite.engine import SQLiteSearchEngine
from search_index.sqlite.query import MAX_QUERY_WORDS
from search_index.sqlite.storage import MISSING_INDEX

__all__ = ["MAX_QUERY_WORDS", "MISSING_INDEX", "SQLiteSearchEngine"]
