"""Thematic databases: the scope and the branches run through the search engine; versions record what came in
and what left; manual additions and exclusions; one record per family."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import VR_CSV, raw_data
from zhichan.navigation import scope
from zhichan.navigation.actions import do_add_branch, do_create_database, do_refresh
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import Application
from zhichan.search.query.errors import QueryError

pytestmark = pytest.mark.django_db


def test_scope_and_family_rules():
    assert scope.scope_query(["TI=电池", " "], ["H01M"], ["1.1"]) == "(TI=电池) OR IPC=H01M OR SEI=1.1"
    assert scope.scope_query([], [], []) == ""
    rows = [(1, "F1", "2020-01-02"), (2, "F1", "2019-05-01"), (3, "", "2021-01-01"), (4, "F2", ""), (5, "F2", "")]
    assert scope.one_per_family(rows) == [2, 3, 4]
    assert scope.diff([1, 2, 3], [2, 3, 4]) == ([4], [1])


def test_branches_versions_additions_and_exclusions(django_user_model):
    office = django_user_model.objects.create_user("office", password="x", role="office")
    path = raw_data(VR_CSV)
    do_import_patents(None, [path])
    source = pd.read_csv(path, encoding="utf-8-sig", index_col=False, dtype=str, keep_default_na=False)  # trailing commas
    title = next(c for c in source.columns if c.startswith("标题"))
    number = next(c for c in source.columns if c.startswith("申请号"))
    unique = source.drop_duplicates(number)

    with pytest.raises(QueryError):
        do_create_database(office, "坏的", ["TI=(头盔"])
    db = do_create_database(office, "虚拟现实", ["TI=虚拟现实", "TI=增强现实"])
    helmet = do_add_branch(office, db, "头戴显示", "TI=头盔 OR TI=头戴")
    haptics = do_add_branch(office, db, "交互", "TI=手势 OR TI=交互")
    first = do_refresh(office, db)

    def independent(mask):  # pandas over the source file, one row per application
        return int(mask.sum())

    in_scope = unique[title].str.contains("虚拟现实") | unique[title].str.contains("增强现实")
    families = Application.objects.exclude(data__family_id="").exclude(data__family_id=None).count()
    assert families == 0  # this export carries no family data: one record per application
    assert len(first.members) == independent(in_scope)
    expected_helmet = in_scope & (unique[title].str.contains("头盔") | unique[title].str.contains("头戴"))
    assert len(first.branch_members[str(helmet.pk)]) == independent(expected_helmet) > 0
    expected_haptics = in_scope & (unique[title].str.contains("手势") | unique[title].str.contains("交互"))
    assert len(first.branch_members[str(haptics.pk)]) == independent(expected_haptics) > 0
    assert first.number == 1 and len(first.added) == len(first.members) and first.removed == []

    second = do_refresh(office, db)
    assert second.number == 2 and second.added == [] and second.removed == []
    app = Application.objects.get(pk=first.members[0])
    outside = Application.objects.exclude(pk__in=first.members).first()
    db.exclusions, db.additions = [app.key], [outside.key]
    db.save()
    third = do_refresh(office, db)
    assert third.removed == [app.pk] and third.added == [outside.pk]
    assert len(third.members) == len(first.members)
    assert third.definition["exclusions"] == [app.key]
