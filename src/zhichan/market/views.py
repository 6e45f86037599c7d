"""/market/: published listings and demand summaries for everyone; a holder's listings and an enterprise's demands
behind sign-in (market.offer); the office's review and industry-chain libraries (market.review). Every write goes
through a do_* action; a refused form comes back with status 400 and the reasons beside the fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.core import spreadsheet
from zhichan.core.access import require_page
from zhichan.core.permissions import PermissionDenied, can
from zhichan.market import access, actions, alerts, explain, rules, stored
from zhichan.market import forms as mf
from zhichan.market.models import Demand, IndustryChain, Listing, Match
from zhichan.patents import ipc
from zhichan.services import uploads as attachment_rules

PAGE_SIZE = 20
# which fee fields each payment method takes (static/js/market.js hides the others; the server checks anyway)
FEE_FIELDS = {"lump_sum": ["lump_sum_wan"], "royalty": ["royalty_base", "royalty_rate"],
              "entry_royalty": ["entry_fee_wan", "royalty_base", "royalty_rate"], "negotiable": []}


def _put_errors(form: Any, refused: actions.Refused) -> None:
    for field, reasons in refused.errors.items():
        target = "patent" if field == "application" else field
        for reason in reasons:
            form.add_error(target if target in form.fields else None, reason)


# ---- listings ---------------------------------------------------------------------------------------------------

def listings(request: HttpRequest) -> HttpResponse:
    form = mf.ListingFilterForm(request.GET or None)
    rows = Listing.objects.filter(status=Listing.Status.PUBLISHED).select_related("application", "organization")
    if form.is_valid():
        f = form.cleaned_data
        if f["q"]:
            rows = rows.filter(Q(title__icontains=f["q"]) | Q(summary__icontains=f["q"])
                               | Q(application__title__icontains=f["q"]) | Q(application__key__icontains=f["q"]))
        if f["ipc"]:
            code = ipc.normalize(f["ipc"]) or f["ipc"].strip().upper()
            rows = rows.filter(Q(application__main_ipc__startswith=code)
                               | Q(application__ipc_assignments__code__startswith=code)).distinct()
        if f["sei"]:
            rows = rows.filter(application__sei_codes__icontains=f'"{f["sei"]}')
        if f["region"]:
            prefix = f["region"].strip()
            while prefix.endswith("00"):  # 320300 (a city) covers its districts 3203xx
                prefix = prefix[:-2]
            rows = rows.filter(Q(organization__region__code__startswith=prefix)
                               | Q(application__region__code__startswith=prefix))
        if f["kind"]:
            rows = rows.filter(kind=f["kind"])
        if f["price_mode"]:
            rows = rows.filter(price_mode=f["price_mode"])
    page = Paginator(rows.order_by("-published_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "market/listings.html", {"form": form, "page": page, "query": query.urlencode(),
                                                    "can_offer": can(request.user, "market.offer"),
                                                    "can_review": can(request.user, "market.review")})


def listing_detail(request: HttpRequest, listing_id: int) -> HttpResponse:
    listing = get_object_or_404(access.restrict_listings(request.user).select_related("application", "organization"),
                                pk=listing_id)
    return _listing_page(request, listing)


def _listing_page(request: HttpRequest, listing: Listing, status: int = 200, **forms: Any) -> HttpResponse:
    own = bool(request.user.is_authenticated and request.user.organization_id == listing.organization_id
               and can(request.user, "market.offer"))
    reviewer = can(request.user, "market.review")
    matched = Match.objects.none()
    if own or reviewer:
        matched = stored.parties(Match.objects.filter(Q(listing=listing) | Q(application=listing.application_id)))
        if not reviewer:
            matched = matched.filter(organization_id=listing.organization_id)
    live = listing.status in rules.LIVE
    return render(request, "market/listing.html", {
        "listing": listing, "own": own, "reviewer": reviewer,
        "matched": explain.rows(matched.select_related("organization", "demand", "demand__organization", "application")
                                .order_by("-score", "pk")),
        "flags": [alerts.labels()[f] for f in alerts.FLAGS if f in alerts.flags_of(listing)] if live else [],
        "last_alert": alerts.last_alert(listing.pk) if (own or reviewer) else None,
        "problems": rules.problems(listing) if (own or reviewer) and listing.status != Listing.Status.WITHDRAWN
        else {},
        "review_form": forms.get("review_form") or mf.ReviewForm(),
        "withdraw_form": forms.get("withdraw_form") or mf.WithdrawForm(),
        "error": forms.get("error", "")}, status=status)


@login_required
def listing_edit(request: HttpRequest, listing_id: int | None = None) -> HttpResponse:
    require_page(request, "market.offer")
    listing = get_object_or_404(access.restrict_listings(request.user, "own"), pk=listing_id) if listing_id else None
    if request.method == "POST":
        form = mf.ListingForm(request.POST, request.FILES)
        if form.is_valid():
            values = form.values()
            upload = form.cleaned_data.get("evaluation_report")
            stored = ""
            if upload:
                stored, _size = attachment_rules.store(upload)
                values["evaluation_report_file"] = f"{stored}/{Path(upload.name or 'report').name}"[:300]
            saved = None
            try:
                saved = actions.do_save_listing(request.user, listing, values)
                if "submit" in request.POST and saved.status == Listing.Status.DRAFT:
                    actions.do_submit_listing(request.user, saved)
                return redirect("market:listing", saved.pk)
            except actions.Refused as refused:
                if saved is None and stored:
                    attachment_rules.discard([stored])  # nothing refers to it
                listing = saved or listing
                _put_errors(form, refused)
        status = 400
    else:
        form = mf.ListingForm(initial=mf.ListingForm.initial_from(listing) if listing else None)
        status = 200
    return render(request, "market/listing_form.html", {"form": form, "listing": listing, "fee_fields": FEE_FIELDS},
                  status=status)


def listing_report(request: HttpRequest, listing_id: int) -> HttpResponse:
    """The uploaded 专利权评价报告, to whoever may see the listing (it supports the published declaration)."""
    listing = get_object_or_404(access.restrict_listings(request.user), pk=listing_id)
    if not listing.evaluation_report_file:
        raise Http404
    stored, _sep, name = listing.evaluation_report_file.partition("/")
    path = attachment_rules.folder() / stored
    if not stored.isalnum() or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=name or "report")


@login_required
@require_POST
def listing_step(request: HttpRequest, listing_id: int, step: str) -> HttpResponse:
    """submit (the holder), review and publish (the office), withdraw (the holder or the office)."""
    listing = get_object_or_404(access.restrict_listings(request.user).select_related("application", "organization"),
                                pk=listing_id)
    try:
        if step == "submit":
            actions.do_submit_listing(request.user, listing)
        elif step == "review":
            require_page(request, "market.review")
            form = mf.ReviewForm(request.POST)
            if not form.is_valid():
                return _listing_page(request, listing, 400, review_form=form)
            actions.do_review_listing(request.user, listing, form.cleaned_data["decision"] == "approve",
                                      form.cleaned_data["reason"])
        elif step == "publish":
            actions.do_publish_listing(request.user, listing)
        elif step == "withdraw":
            form = mf.WithdrawForm(request.POST)
            if not form.is_valid():
                return _listing_page(request, listing, 400, withdraw_form=form)
            actions.do_withdraw_listing(request.user, listing, form.cleaned_data["reason"])
        else:
            raise Http404
    except actions.Refused as refused:
        review_form = mf.ReviewForm(request.POST) if step == "review" else None
        if review_form is not None:
            review_form.is_valid()
            _put_errors(review_form, refused)
        listing.refresh_from_db()
        return _listing_page(request, listing, 400, review_form=review_form,
                             error="；".join(r for reasons in refused.errors.values() for r in reasons))
    return redirect("market:listing", listing.pk)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    require_page(request, "market.offer")
    rows = access.restrict_listings(request.user, "own").select_related("application").order_by("-updated_at")
    return render(request, "market/mine.html", {"rows": rows})


@login_required
def review(request: HttpRequest) -> HttpResponse:
    require_page(request, "market.review")
    rows = Listing.objects.select_related("application", "organization").order_by("submitted_at")
    flagged = alerts.flagged(rows.filter(status__in=rules.LIVE))
    names = alerts.labels()
    return render(request, "market/review.html", {
        "flagged": [(row, "; ".join(names[f] for f in flagged[row.pk] if f in names))
                    for row in rows.filter(pk__in=list(flagged))],
        "submitted": rows.filter(status=Listing.Status.SUBMITTED),
        "approved": rows.filter(status=Listing.Status.APPROVED),
        "published": rows.filter(status=Listing.Status.PUBLISHED).order_by("-published_at")[:50]})


# ---- demands ----------------------------------------------------------------------------------------------------

def _demand_rows(request: HttpRequest) -> tuple[Any, str]:
    q = request.GET.get("q", "").strip()[:100]
    rows = access.search_demands(request.user, q).select_related("organization", "chain")
    mode = request.GET.get("mode", "")
    if mode in Demand.Mode.values:
        rows = rows.filter(mode=mode)
    chain = request.GET.get("chain", "")
    if chain.isascii() and chain.isdigit() and len(chain) <= 18:  # else no id (nor an SQLite integer)
        rows = rows.filter(chain_id=int(chain))
    if not can(request.user, "market.review"):
        rows = rows.filter(status=Demand.Status.OPEN)
    return rows.order_by("-published_at", "-id"), q


def demands(request: HttpRequest) -> HttpResponse:
    rows, q = _demand_rows(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "market/demands.html", {
        "page": page, "q": q, "mode": request.GET.get("mode", ""), "modes": Demand.Mode.choices,
        "chains": IndustryChain.objects.all(), "chain": request.GET.get("chain", ""), "query": query.urlencode(),
        "readable": access.detail_ids(request.user, rows), "can_offer": can(request.user, "market.offer"),
        "can_review": can(request.user, "market.review")})


def demands_csv(request: HttpRequest) -> HttpResponse:
    """The visible demands as CSV; the details column is filled only for the demands the user may read."""
    rows, _q = _demand_rows(request)
    readable = access.detail_ids(request.user, rows)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="demands.csv"'
    response.write("\ufeff")
    writer = spreadsheet.csv_writer(response)  # titles and summaries are typed text: no formula cells
    writer.writerow([_("需求名称"), _("需求单位"), _("公开摘要"), _("需求详情"), _("技术领域（IPC）"), _("技术成熟度（TRL）"),
                     _("预算下限（万元）"), _("预算上限（万元）"), _("合作方式"), _("截止日期")])
    for d in rows[:5000]:
        writer.writerow([d.title, d.organization.name, d.summary, d.details if d.pk in readable else "", d.ipc,
                         d.trl or "", d.budget_min_wan or "", d.budget_max_wan or "", d.get_mode_display(),
                         d.deadline or ""])
    return response


def _answer_forms(rows: list[Any], answered: Any = None, answered_match: int | None = None) -> list[Any]:
    """Each match's 有意向/无意向 form, its fields' ids carrying the match's number (a page lists several: no id
    twice, each label naming its own field); `answered` is the refused form of `answered_match`, shown again."""
    for e in rows:
        e.form = answered if answered is not None and e.match.pk == answered_match else \
            mf.InterestForm(auto_id=f"id_match{e.match.pk}_%s")
    return rows


def demand_detail(request: HttpRequest, demand_id: int, status: int = 200, interest_form: Any = None,
                  error: str = "", interest_match: int | None = None) -> HttpResponse:
    demand = get_object_or_404(access.restrict_demands(request.user).select_related("organization", "chain"),
                               pk=demand_id)
    own = bool(request.user.is_authenticated and request.user.organization_id == demand.organization_id)
    org = getattr(request.user, "organization_id", None) if request.user.is_authenticated else None
    reviewer = can(request.user, "market.review")
    if own or reviewer:
        matches = demand.matches.select_related("organization", "listing", "application")
    else:
        matches = demand.matches.filter(organization_id=org).select_related("organization", "listing",
                                                                           "application") if org \
            else Match.objects.none()
    return render(request, "market/demand.html", {
        "demand": demand, "own": own, "details": access.may_see_details(request.user, demand),
        "matches": _answer_forms(explain.rows(matches), interest_form, interest_match), "my_org": org,
        "can_review": reviewer, "may_rematch": (own or reviewer) and demand.status == Demand.Status.OPEN,
        "experts": _experts(demand) if reviewer else [], "error": error}, status=status)


def _experts(demand: Demand) -> list[dict[str, Any]]:
    """The office's view: the pool's experts whose fields meet the demand's (computed when the page opens)."""
    from zhichan.market.matching.targets import experts_for

    return [{"name": t.name, "score": t.score, "factors": explain.factor_rows(t.factors)}
            for t in experts_for(stored.need_of(demand))]


@login_required
@require_POST
def demand_rematch(request: HttpRequest, demand_id: int) -> HttpResponse:
    """重新匹配: the office (or the demand's organisation) runs the matching again, in the background."""
    demand = get_object_or_404(access.restrict_demands(request.user), pk=demand_id)
    try:
        actions.do_rematch_demand(request.user, demand)
    except actions.Refused as refused:
        return demand_detail(request, demand.pk, status=400, error=str(refused))
    except PermissionDenied:
        raise Http404 from None
    messages.info(request, _("已开始重新匹配，稍后刷新本页查看结果。"))
    return redirect("market:demand", demand.pk)


@login_required
def demand_edit(request: HttpRequest, demand_id: int | None = None) -> HttpResponse:
    require_page(request, "market.offer")
    demand = get_object_or_404(access.restrict_demands(request.user, "own"), pk=demand_id) if demand_id else None
    if request.method == "POST":
        form = mf.DemandForm(request.POST)
        if form.is_valid():
            try:
                saved = actions.do_save_demand(request.user, demand, form.cleaned_data, publish="publish" in request.POST)
                return redirect("market:demand", saved.pk)
            except actions.Refused as refused:
                _put_errors(form, refused)
        status = 400
    else:
        form = mf.DemandForm(initial=mf.DemandForm.initial_from(demand) if demand else None)
        status = 200
    return render(request, "market/demand_form.html", {"form": form, "demand": demand}, status=status)


@login_required
@require_POST
def demand_close(request: HttpRequest, demand_id: int) -> HttpResponse:
    demand = get_object_or_404(access.restrict_demands(request.user), pk=demand_id)
    actions.do_close_demand(request.user, demand)
    return redirect("market:demand", demand.pk)


@login_required
def my_demands(request: HttpRequest) -> HttpResponse:
    require_page(request, "market.offer")
    org = request.user.organization_id
    matched = stored.parties(Match.objects.filter(organization_id=org)) if org else Match.objects.none()
    return render(request, "market/my_demands.html", {
        "rows": access.restrict_demands(request.user, "own").order_by("-updated_at"),
        "matched": _answer_forms(explain.rows(matched.select_related(
            "organization", "demand", "demand__organization", "listing", "application").order_by("-score", "pk")))})


@login_required
@require_POST
def interest(request: HttpRequest, match_id: int) -> HttpResponse:
    match = get_object_or_404(Match, pk=match_id)
    form = mf.InterestForm(request.POST, auto_id=f"id_match{match.pk}_%s")
    if not form.is_valid():
        return demand_detail(request, match.demand_id, status=400, interest_form=form, interest_match=match.pk)
    actions.do_express_interest(request.user, match, form.cleaned_data["interest"], form.cleaned_data["note"])
    return redirect("market:demand", match.demand_id)


# ---- the office's industry-chain libraries ----------------------------------------------------------------------

@login_required
def chains(request: HttpRequest) -> HttpResponse:
    require_page(request, "market.review")
    form = mf.ChainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = actions.do_save_chain(request.user, form.cleaned_data)
        return redirect(reverse("market:chain", args=[saved.pk]))
    rows = IndustryChain.objects.annotate(total=Count("demands"),
                                          open=Count("demands", filter=Q(demands__status=Demand.Status.OPEN)))
    return render(request, "market/chains.html", {"rows": rows, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
def chain(request: HttpRequest, chain_id: int) -> HttpResponse:
    require_page(request, "market.review")
    item = get_object_or_404(IndustryChain, pk=chain_id)
    rows = item.demands.select_related("organization").order_by("-published_at", "-id")
    return render(request, "market/chain.html", {"chain": item, "rows": rows})
