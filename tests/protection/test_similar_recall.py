"""The similar-patent risk list against a labelled set built from the shared real exports (issue 16, "Done when"):
recall on pairs whose later application discloses the earlier patent's invention (divisionals, same-day invention
and utility model), precision against random pairs of the same IPC subclass. How the set is built:
`tests/protection/labelled.py` and docs/protection.md, "Similar-patent recall".

The real records are imported through the platform's loader; the later side of every labelled pair is held back
and imported afterwards, under a third party's name, as a new publication: the detection rightly ignores an
enterprise's own filings, and a divisional is its parent's applicant's. Each earlier side's applicant is watched
(重点企业) by an office list; the drain raises the events."""

from __future__ import annotations

import dataclasses

import pytest

from tests.conftest import CONTAINER, THUNDERSOFT, TOYOTA, raw_data
from tests.protection import labelled
from zhichan.patents import record as rec
from zhichan.patents.ingest.loader import Loader
from zhichan.patents.models import ImportFile, ImportRun
from zhichan.protection import watch, watch_events
from zhichan.protection.models import WatchEvent
from zhichan.search import sync

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

OPENAI = CONTAINER / "20230502--OpenAI--zlfx2023.2" / "72.xlsx"
THIRD_PARTY = "评测用第三方科技有限公司"
# Measured 2026-11-27: 41 of the 45 positive pairs (0.91); the four missed are divisionals claiming another part of
# the parent's disclosure (Jaccard 0.22-0.24, and 0.27 lost in the LSH bands). Asserted with room for one
# more such miss when the exports or the normalisation change, not for a collapse.
RECALL_MIN = 0.88


def load(records: list[rec.PatentRecord]) -> None:
    run = ImportRun.objects.create()
    loader = Loader(ImportFile.objects.create(run=run, name="similar-recall", sha256="x", format="test"))
    loader.store(loader.group(records))
    sync.drain()


def as_third_party(r: rec.PatentRecord) -> rec.PatentRecord:
    return dataclasses.replace(r, parties=[rec.PartyRecord(rec.APPLICANT, THIRD_PARTY, country="CN")], events=[])


def rate(found: int, total: int) -> str:
    return f"{found}/{total} = {found / total:.3f}" if total else "0/0"


def test_similar_risk_list_recall_on_real_pairs(django_user_model, monkeypatch):
    recs = labelled.read([raw_data(TOYOTA), raw_data(THUNDERSOFT), raw_data(OPENAI)])
    valid = {k for k, r in recs.items() if r.legal_status == "valid"}
    positives = [p for p in labelled.positives(recs) if p.earlier in valid]  # only valid patents are watched
    negatives = labelled.negatives(recs, positives)
    cited = [p for p in labelled.cited_pairs(recs) if p.earlier in valid]
    later = {p.later for p in positives + negatives + cited}
    cited = [p for p in cited if p.earlier not in later]
    assert len(positives) >= 40 and len(negatives) >= 30

    load([r for k, r in sorted(recs.items()) if k not in later])
    office = django_user_model.objects.create_user("office_recall", password="x", role="office")
    for holder in sorted({labelled.applicants(recs[p.earlier])[0] for p in positives + negatives + cited}):
        watch.do_add_item(office, watch.do_create_list(office, holder[:100]), "enterprise", holder)
    # a list shows 20 similar pairs a day at most (the most similar); the evaluation reads every pair found
    monkeypatch.setattr(watch_events, "SIMILAR_PER_LIST", 10_000)
    load([as_third_party(recs[k]) for k in sorted(later)])

    found = set(WatchEvent.objects.filter(kind="similar").values_list("application__key", "watched__key"))
    hit = {label: [p for p in pairs if (p.later, p.earlier) in found]
           for label, pairs in (("positive", positives), ("negative", negatives), ("cited", cited))}
    labelled_pairs = {(p.later, p.earlier) for p in positives + negatives + cited}
    recall = len(hit["positive"]) / len(positives)
    precision = len(hit["positive"]) / (len(hit["positive"]) + len(hit["negative"]))
    by_label = {label: rate(sum(p.label == label for p in hit["positive"]), sum(p.label == label for p in positives))
                for label in (labelled.DIVISIONAL, labelled.SAME_DAY)}
    print(f"\nsimilar-patent recall {rate(len(hit['positive']), len(positives))} {by_label};"
          f" negatives flagged {rate(len(hit['negative']), len(negatives))}, precision {precision:.3f};"
          f" cited prior art flagged {rate(len(hit['cited']), len(cited))};"
          f" other pairs flagged {len(found - labelled_pairs)}")
    print("missed:", [(p.earlier, p.later) for p in positives if p not in hit["positive"]])
    assert not hit["negative"]
    assert recall >= RECALL_MIN
