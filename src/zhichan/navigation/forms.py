"""Forms of the navigation pages. Each form that writes hands its cleaned data to a do_* action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.navigation.report import FORMATS


class ReportForm(forms.Form):
    """A report of a database version (the latest when none is given), or of one branch of it."""

    format = forms.ChoiceField(label=_("格式"), choices=[(f, f.upper()) for f in FORMATS])
    version = forms.IntegerField(label=_("数据版本"), min_value=1, required=False)
    branch = forms.CharField(label=_("技术分支"), max_length=20, required=False)


class SearchReportForm(forms.Form):
    """A report of every record a search finds."""

    format = forms.ChoiceField(label=_("格式"), choices=[(f, f.upper()) for f in FORMATS])
    q = forms.CharField(label=_("检索式"), max_length=2000)
    home = forms.CharField(label=_("本地区"), max_length=12, required=False)


# The pages' writes: a new thematic database, its scope, a branch, an applicant alias. A refusal re-renders the page
# with 400, the typed text and each reason beside its field; the write is the page's do_* action.


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace("\r", "").split("\n") if line.strip()]


def _query_lines(text: str) -> list[str]:
    """Each line a query of the search language; the first that does not parse is refused with its line number."""
    from zhichan.search.query.errors import QueryError
    from zhichan.search.query.parser import parse

    found = lines(text)
    for number, query in enumerate(found, start=1):
        try:
            parse(query)
        except QueryError as exc:
            raise forms.ValidationError(_("第 %(n)d 行检索式有误：%(error)s") % {"n": number, "error": exc.describe()}) \
                from exc
    return found


def _text(label: str, rows: int, placeholder: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=20000, widget=forms.Textarea(
        attrs={"rows": rows, **({"placeholder": placeholder} if placeholder else {})}))


class ScopeForm(forms.Form):
    queries = _text(_("检索式（每行一个，取并集）"), 3, "TI=动力电池 OR AB=正极材料")
    ipc = _text(_("IPC（每行一个）"), 2, "H01M")
    sei = _text(_("战略性新兴产业分类（每行一个）"), 2, "5.2")
    additions = _text(_("手工增加（申请号，每行一个）"), 2)
    exclusions = _text(_("手工排除（申请号，每行一个）"), 2)

    def clean_queries(self) -> list[str]:
        return _query_lines(self.cleaned_data["queries"])

    def clean_ipc(self) -> list[str]:
        return lines(self.cleaned_data["ipc"])

    def clean_sei(self) -> list[str]:
        return lines(self.cleaned_data["sei"])

    def clean_additions(self) -> list[str]:
        return lines(self.cleaned_data["additions"])

    def clean_exclusions(self) -> list[str]:
        return lines(self.cleaned_data["exclusions"])

    @classmethod
    def of(cls, db: object) -> ScopeForm:
        return cls(initial={"queries": "\n".join(db.queries), "ipc": "\n".join(db.ipc_codes),  # type: ignore[attr-defined]
                            "sei": "\n".join(db.sei_codes), "additions": "\n".join(db.additions),  # type: ignore[attr-defined]
                            "exclusions": "\n".join(db.exclusions)})  # type: ignore[attr-defined]


class DatabaseForm(ScopeForm):
    """新建专题数据库: its name, home region and first scope."""

    name = forms.CharField(label=_("专题数据库名称"), max_length=200)
    region = forms.CharField(label=_("本地区"), required=False, max_length=60)
    field_order = ["name", "region", "queries", "ipc", "sei"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        from zhichan.core.models import Region

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        del self.fields["additions"], self.fields["exclusions"]
        cities = Region.objects.filter(level__in=[1, 2]).order_by("code").values_list("code", "name")
        self.fields["region"].widget = forms.Select(choices=[("", "—"), *cities], attrs={"lang": "zh-Hans"})

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("请填写专题数据库名称"))
        return name

    def clean_region(self) -> object:
        from zhichan.core import region_lookup

        text = self.cleaned_data["region"].strip()
        if not text:
            return None
        try:
            return region_lookup.find_region(text, nation=False)
        except region_lookup.RegionNotFound as exc:
            raise forms.ValidationError(str(exc)) from exc


class BranchForm(forms.Form):
    name = forms.CharField(label=_("分支名称"), max_length=100)
    query = forms.CharField(label=_("检索式"), max_length=5000, widget=forms.TextInput(attrs={"size": 40}))
    parent = forms.ModelChoiceField(label=_("上级分支"), queryset=None, required=False, empty_label="—",
                                    widget=forms.Select(attrs={"lang": "zh-Hans"}))

    def __init__(self, db: object, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["parent"]
        field.queryset = db.branches.all()  # type: ignore[attr-defined]
        field.label_from_instance = lambda branch: branch.name  # type: ignore[attr-defined]

    def clean_query(self) -> str:
        found = _query_lines(self.cleaned_data["query"])
        if len(found) != 1:
            raise forms.ValidationError(_("请填写一个检索式"))
        return found[0]


class AliasForm(forms.Form):
    name = forms.CharField(label=_("申请人"), max_length=300)
    group = forms.CharField(label=_("归并为"), max_length=300)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("name") and data.get("name", "").strip() == data.get("group", "").strip():
            self.add_error("group", _("归并名称不能与申请人相同"))
        return data


class AliasDeleteForm(forms.Form):
    delete = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args: object, **kwargs: object) -> None:
        from zhichan.navigation.models import ApplicantAlias

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["delete"].queryset = ApplicantAlias.objects.all()  # type: ignore[attr-defined]
