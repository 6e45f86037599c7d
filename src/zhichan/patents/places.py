"""The applicant directory at work: what the resolver reads, what an import teaches it, and re-placing the records
of names whose place became known (their parties, the application's region columns and the indicator facts)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone

from zhichan.core.models import Region
from zhichan.patents import facts, names
from zhichan.patents import record as rec
from zhichan.patents.models import ApplicantPlace, Application, FactGap, FactRegion, Outbox, Party, PatentFact

PLACED_BY_RECORD = {"code", "address"}  # a party placed by what its own record says is never re-placed


def directory() -> dict[str, str]:
    """normalised name -> region code: learnt places, then organisations registered on the platform, then the
    office's own entries (each overriding the one before)."""
    from zhichan.core.models import Organization

    rows = ApplicantPlace.objects.values_list("normalized_name", "region_id", "source")
    found = {key: code for key, code, source in rows if source == ApplicantPlace.LEARNT}
    found.update({names.normalize(name): code for name, code in
                  Organization.objects.exclude(region=None).values_list("name", "region_id")})
    found.update({key: code for key, code, source in rows if source != ApplicantPlace.LEARNT})
    return found


def teach(resolver: object) -> int:
    """After an import: store what its addresses taught and re-place earlier records of those names. Returns how
    many applications were re-placed."""
    learnt: dict[str, Counter[str]] = getattr(resolver, "learnt", {})
    if not learnt:
        return 0
    changed = learn(learnt, getattr(resolver, "spelled", {}))
    return replace(unplaced_applications(changed)) if changed else 0


def learn(learnt: dict[str, Counter[str]], spelled: dict[str, str]) -> set[str]:
    """Store what an import's addresses taught (the most frequent place of each name); an office or organisation
    entry stays. Returns the names whose place is new or changed."""
    known = set(Region.objects.values_list("code", flat=True))
    existing = {p.normalized_name: p for p in ApplicantPlace.objects.filter(normalized_name__in=list(learnt))}
    changed, create, update = set(), [], []
    for key, codes in learnt.items():
        code, count = codes.most_common(1)[0]
        if code not in known or not key:
            continue
        row = existing.get(key)
        if row is None:
            create.append(ApplicantPlace(normalized_name=key[:300], name=spelled.get(key, key)[:300], region_id=code,
                                         records=count))
            changed.add(key)
        elif row.source == ApplicantPlace.LEARNT and row.region_id != code and count >= row.records:
            row.region_id, row.records = code, count
            update.append(row)
            changed.add(key)
    ApplicantPlace.objects.bulk_create(create, batch_size=1000, ignore_conflicts=True)
    ApplicantPlace.objects.bulk_update(update, ["region", "records"], batch_size=1000)
    return changed


def unplaced_applications(keys: Iterable[str]) -> list[int]:
    """Applications with an applicant or holder of these (normalised) names that its own record did not place."""
    wanted = list(keys)
    ids: set[int] = set()
    for start in range(0, len(wanted), 500):
        ids |= set(Party.objects.filter(normalized_name__in=wanted[start:start + 500], role__in=["applicant", "holder"])
                   .exclude(region_source__in=PLACED_BY_RECORD).values_list("application_id", flat=True))
    return sorted(ids)


def replace(application_ids: list[int], codes: set[str] | None = None,
            progress: Callable[[int], None] | None = None) -> int:
    """Place again the parties of these applications that their own records did not place, from the directory;
    rewrite their parties' regions, the application's region columns and its indicator facts. `progress(done)`
    hears how many applications were read after each chunk (its own transaction)."""
    from zhichan.patents.ingest.loader import make_classifier

    codes = codes or set(Region.objects.exclude(level=Region.Level.NATION).values_list("code", flat=True))
    places = directory()
    classifier = make_classifier("any")
    changed = 0
    for start in range(0, len(application_ids), 1000):
        chunk = application_ids[start:start + 1000]
        with transaction.atomic():
            apps = list(Application.objects.filter(pk__in=chunk).only("pk", "data", "main_ipc", "region", "province_code", "city_code"))
            touched = [app for app in apps if _place_parties(app.data, places, codes)]
            if touched:
                _write(touched, codes, classifier)
            changed += len(touched)
        if progress is not None:
            progress(start + len(chunk))
    return changed


def _place_parties(snap: dict, places: dict[str, str], codes: set[str]) -> bool:
    moved = False
    for party in snap.get("parties", []):
        if party["role"] not in {rec.APPLICANT, rec.HOLDER} or party.get("region_source") in PLACED_BY_RECORD:
            continue
        code = places.get(names.normalize(party["name"]), "")
        current = party.get("region_code") or ""
        stated = party.get("region_source") == "province"  # the record's own province column must agree
        if code in codes and code != current and (not stated or code[:2] == current[:2]):
            party["region_code"], party["region_source"] = code, "directory"
            moved = True
    return moved


def _write(apps: list[Application], codes: set[str], classifier: object) -> None:
    """Store the re-placed applications of one chunk: their snapshots and region columns, their parties' regions,
    their indicator facts and an outbox row each (the search index holds the region too), in a few bulk writes."""
    from zhichan.patents.ingest.loader import insert_facts

    now, ids = timezone.now(), [app.pk for app in apps]
    fact_rows, regions, gaps, places_by_party = [], [], [], {}
    for app in apps:
        snap = app.data
        located = [p for p in facts.holders(snap) if p.get("region_code")]
        region = facts.place(located[0]["region_code"]) if located else ""
        region = region if region in codes else ""
        app.updated_at, app.region_id = now, region or None
        app.province_code = region[:2] + "0000" if region else ""
        app.city_code = region[:4] + "00" if region and not region.endswith("0000") else ""
        places_by_party.update({(app.pk, p["role"], p["name"]): p.get("region_code") or None for p in snap["parties"]})
        sei = classifier.flags(app.main_ipc, snap.get("ipc", [])) if classifier else (False, False)  # type: ignore[attr-defined]
        row, holder_rows, gap_rows = facts.rows(facts.fact(app.pk, snap, codes, *sei))
        fact_rows.append(row)
        regions += holder_rows
        gaps += gap_rows
    Application.objects.bulk_update(apps, ["data", "updated_at", "region", "province_code", "city_code"])
    moved = []
    for party in Party.objects.filter(application_id__in=ids, role__in=["applicant", "holder"]):
        code = places_by_party.get((party.application_id, party.role, party.name))
        if code != party.region_id and (code is None or code in codes):
            party.region_id, party.region_source = code, "directory"
            moved.append(party)
    Party.objects.bulk_update(moved, ["region", "region_source"], batch_size=1000)
    for model in (PatentFact, FactRegion, FactGap):
        model.objects.filter(application_id__in=ids).delete()
    insert_facts(fact_rows, regions, gaps)
    Outbox.objects.bulk_create([Outbox(application_id=pk) for pk in ids])
