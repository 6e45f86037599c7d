"""One bad document or row is a rejected row, the rest of the file imports (issue 12, defect 9; docs/import.md).
The XML below copies the structure of the shared fixtures (us-patentsview-fixtures/xml/ipa061228.one.xml, a
us-patent-grant of the ipg files, epo-ops-fixtures/published-data_publication_docdb_CN.104968889.A_biblio.xml),
cut down to the elements the readers use."""

from __future__ import annotations

import pytest

from zhichan.patents.actions import do_import_patents
from zhichan.patents.ingest import epo, tabular, uspto
from zhichan.patents.ingest.errors import Rejection
from zhichan.patents.models import Application, ImportFile, RejectedRow

pytestmark = pytest.mark.django_db

PUBLICATION = """<publication-reference>
<document-id><country>US</country><doc-number>{pub}</doc-number><kind>{kind}</kind><date>20061228</date></document-id>
</publication-reference>"""


def us_doc(app: str, pub: str = "20060288462", kind: str = "A1", publication: bool = True, claims: str = "12",
           root: str = "us-patent-application") -> str:
    biblio = "us-bibliographic-data-grant" if root == "us-patent-grant" else "us-bibliographic-data-application"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE {root} SYSTEM "{root}-v41-2005-08-25.dtd" [ ]>
<{root} lang="EN" dtd-version="v4.1 2005-08-25" file="US{pub}{kind}-20061228.XML" status="PRODUCTION" country="US">
<{biblio} lang="EN" country="US">
{PUBLICATION.format(pub=pub, kind=kind) if publication else ""}
<application-reference appl-type="utility">
<document-id><country>US</country><doc-number>{app}</doc-number><date>20050804</date></document-id>
</application-reference>
<classifications-ipcr><classification-ipcr>
<section>A</section><class>41</class><subclass>D</subclass><main-group>31</main-group><subgroup>00</subgroup>
</classification-ipcr></classifications-ipcr>
<number-of-claims>{claims}</number-of-claims>
<invention-title id="d0e161">Garments composed of fabric panels incorporating edible cells</invention-title>
<parties><applicants><applicant sequence="00" app-type="applicant-inventor" designation="us-only">
<addressbook><last-name>Schroeder</last-name><first-name>Yvonne</first-name>
<address><city>Koln</city><country>DE</country></address></addressbook>
</applicant></applicants></parties>
</{biblio}>
<abstract id="abstract"><p id="p-0001" num="0000">A plurality of substantially flexible skeletal members.</p></abstract>
</{root}>
"""


def test_uspto_bad_documents_are_rejected_the_rest_read(tmp_path):
    path = tmp_path / "ipa061228.mixed.xml"
    path.write_text(us_doc("11197279") + us_doc("11197280", pub="20060288463", publication=False)
                    + us_doc("11197281", pub="20060288464", claims="many") + us_doc("11197282", pub="20060288465"),
                    encoding="utf-8")
    results = list(uspto.read_file(path))
    records = [r for r in results if not isinstance(r, Rejection)]
    rejected = {r.row: r for r in results if isinstance(r, Rejection)}
    assert [r.key for r in records] == ["US11197279", "US11197282"]
    assert set(rejected) == {2, 3} and all(r.file == path.name for r in rejected.values())
    assert rejected[2].column == "publication-reference" and "publication" in rejected[2].reason
    assert rejected[3].column == "number-of-claims" and rejected[3].value == "many"

    run = do_import_patents(None, [path])
    f = ImportFile.objects.get(run=run)
    assert f.status == "done" and f.counts["created"] == 2 and f.counts["rejected"] == 2
    assert sorted(RejectedRow.objects.values_list("row", "column")) == [(2, "publication-reference"),
                                                                        (3, "number-of-claims")]
    assert set(Application.objects.values_list("key", flat=True)) == {"US11197279", "US11197282"}


def test_uspto_grant_without_publication_reference(tmp_path):
    path = tmp_path / "ipg.xml"
    path.write_text(us_doc("10000001", pub="07000001", kind="B2", root="us-patent-grant")
                    + us_doc("10000002", pub="07000002", kind="B2", root="us-patent-grant", publication=False),
                    encoding="utf-8")
    f = ImportFile.objects.get(run=do_import_patents(None, [path]))
    assert f.status == "done" and f.counts["created"] == 1 and f.counts["rejected"] == 1
    assert RejectedRow.objects.get().column == "publication-reference"


def test_any_unexpected_error_in_a_document_is_its_rejection(tmp_path, monkeypatch):
    """Whatever a reader did not foresee fails one document, named with its index, not the file."""
    path = tmp_path / "two.xml"
    path.write_text(us_doc("11197279") + us_doc("11197282", pub="20060288465"), encoding="utf-8")
    real = uspto.read_v4

    def flaky(root, name, index):
        if index == 1:
            raise ZeroDivisionError("division by zero")
        return real(root, name, index)

    monkeypatch.setattr(uspto, "read_v4", flaky)
    results = list(uspto.read_file(path))
    assert isinstance(results[0], Rejection) and results[0].row == 1 and "ZeroDivisionError" in results[0].reason
    assert results[1].key == "US11197282"


EPO_DOC = """<exchange-document system="ops.epo.org" family-id="50474376" country="CN" doc-number="{pub}" kind="A">
<bibliographic-data>
{publication}
<classifications-ipcr><classification-ipcr sequence="1"><text>E21B  47/  0228            A I</text>
</classification-ipcr></classifications-ipcr>
<application-reference doc-id="445139791">
<document-id document-id-type="docdb"><country>CN</country><doc-number>{app}</doc-number><kind>A</kind></document-id>
<document-id document-id-type="epodoc"><doc-number>CN{app}</doc-number><date>20131011</date></document-id>
{original}
</application-reference>
<invention-title lang="en">Downhole tool</invention-title>
</bibliographic-data>
</exchange-document>"""
EPO_PUB = """<publication-reference><document-id document-id-type="docdb"><country>CN</country>
<doc-number>{pub}</doc-number><kind>A</kind><date>20151007</date></document-id></publication-reference>"""


def epo_doc(app: str, pub: str, publication: bool = True, original: str | None = None) -> str:
    return EPO_DOC.format(app=app, pub=pub, publication=EPO_PUB.format(pub=pub) if publication else "",
                          original=f'<document-id document-id-type="original"><doc-number>{original}</doc-number>'
                                   f'</document-id>' if original else "")


def test_epo_bad_documents_are_rejected_the_rest_read(tmp_path):
    path = tmp_path / "biblio.xml"
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<ops:world-patent-data xmlns="http://www.epo.org/exchange" xmlns:ops="http://ops.epo.org"><exchange-documents>
{epo_doc("201380062258", "104968889", original="2013800622588")}
{epo_doc("201410000001", "104968890", publication=False)}
{epo_doc("201410000002", "104968891")}
</exchange-documents></ops:world-patent-data>""", encoding="utf-8")
    results = list(epo.read_file(path))
    records = [r for r in results if not isinstance(r, Rejection)]
    rejected = [r for r in results if isinstance(r, Rejection)]
    assert [r.key for r in records] == ["CN201380062258.8", "CN201410000002.0"]  # no original number: still read
    assert [(r.row, r.column) for r in rejected] == [(2, "publication-reference")]
    f = ImportFile.objects.get(run=do_import_patents(None, [path]))
    assert f.status == "done" and f.counts["created"] == 2 and f.counts["rejected"] == 1


def test_spreadsheet_rows_with_garbage_are_rejections(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("\n".join([
        "申请号,标题,申请日,授权日,权利要求数,申请人",
        "CN202210836006.7,一种主题推荐方法,2022/07/15,,10,西安中科创达软件有限公司",
        "CN202210344028.1,权利要求数溢出,2022/03/31,,1e400,甲",
        "CN202110000001.6,年份太远,9999/12/31,,3,乙",
        "CN202110000002.0,授权日太远,2021/01/04,0001-01-01,3,丙",
        "CN202110000003.5,不是数,2021/01/04,,NaN,丁",
        "CN202010000001.1,好的,2020/01/02,,2,戊"]) + "\n", encoding="utf-8")
    results = list(tabular.open_table(path).results)
    rejected = {r.row: r for r in results if isinstance(r, Rejection)}
    assert set(rejected) == {3, 4, 5, 6}
    assert rejected[3].column == "权利要求数" and rejected[3].value == "1e400"
    assert rejected[4].column == "申请日" and rejected[5].column == "授权日" and rejected[6].column == "权利要求数"
    f = ImportFile.objects.get(run=do_import_patents(None, [path]))
    assert f.status == "done" and f.counts["created"] == 2 and f.counts["rejected"] == 4


def test_a_row_the_reader_did_not_foresee_is_a_rejection(tmp_path, monkeypatch):
    path = tmp_path / "rows.csv"
    path.write_text("申请号,标题\nCN202210836006.7,甲\nCN202210344028.1,乙\n", encoding="utf-8")
    real = tabular.build_record

    def flaky(reader, country_default=""):
        if reader.get("title") == "甲":
            raise KeyError("surprise")
        return real(reader, country_default)

    monkeypatch.setattr(tabular, "build_record", flaky)
    results = list(tabular.open_table(path).results)
    assert isinstance(results[0], Rejection) and results[0].row == 2 and "KeyError" in results[0].reason
    assert results[1].key == "CN202210344028.1"
