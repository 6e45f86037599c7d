import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from zhichan.patents import record as rec


def _record(pub_kind="A", pub_date=dt.date(2022, 1, 1), status="pending", applicant="甲公司", address=""):
    return rec.PatentRecord(
        key="CN202210836006.7", country="CN", legal_status=status, title="标题",
        publications=[rec.PublicationRecord(f"CN115438209{pub_kind}", "CN", pub_kind, pub_date)],
        parties=[rec.PartyRecord(rec.APPLICANT, applicant, address=address, region_code="610100" if address else "")],
    ).snapshot()


def test_newer_record_wins_and_older_cannot_undo_it():
    old = _record(status="pending", address="陕西省西安市")
    new = _record("B", dt.date(2023, 5, 1), status="valid")
    merged = rec.merge(old, new)
    assert merged["legal_status"] == "valid"
    assert [p["number"] for p in merged["publications"]] == ["CN115438209A", "CN115438209B"]
    assert merged["parties"][0]["region_code"] == "610100"  # the newer list did not lose the address
    assert rec.merge(merged, old) == merged  # an older export imported later changes nothing


statuses = st.sampled_from(["pending", "valid", "lapsed", ""])
days = st.integers(0, 3000).map(lambda d: dt.date(2015, 1, 1) + dt.timedelta(days=d))


@given(st.lists(st.tuples(st.sampled_from("ABU"), days, statuses), min_size=1, max_size=4))
def test_merge_is_idempotent(parts):
    snapshots = [_record(k, d, s) for k, d, s in parts]
    merged = snapshots[0]
    for snap in snapshots[1:]:
        merged = rec.merge(merged, snap)
    for snap in snapshots:
        assert rec.merge(merged, snap) == merged
