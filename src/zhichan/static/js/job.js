// Job page: polls the job's status (#job data-status-url) until it finishes, then shows its result: a redirect, the
// download links of a report (result.downloads), an export's download link, a 企业名录's rejected rows, or an import's per-file counts. Labels are #job's data-label-* attributes (translated in
// the template).
const box = document.getElementById("job");
const T = {};
for (const [key, text] of Object.entries(box.dataset)) {
  if (key.startsWith("label")) T[key.slice(5).toLowerCase()] = text;
}
function esc(s) { const d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }
function render(job) {
  document.getElementById("job-status").textContent = job.status_display;
  document.getElementById("job-message").textContent = job.message;
  document.getElementById("job-progress").value = job.percent;
  document.getElementById("job-percent").textContent = job.percent + "%";
  if (!job.finished) return;
  box.dataset.finished = job.status;
  const out = document.getElementById("job-result");
  if (job.status === "failed") { out.innerHTML = '<p class="error">' + esc(job.error) + "</p>"; return; }
  if (job.status === "done" && job.result && job.result.url) { window.location.href = job.result.url; return; }
  if (job.status === "done" && job.result && job.result.downloads) {  // a report or export kept for download
    out.innerHTML = job.result.downloads.map((d, i) => '<p><a class="button job-download" id="job-download' + (i ? "-" + i : "") +
      '" href="' + esc(d.url) + '">' + esc(T.file) + " " + esc(d.name) + "</a></p>").join("");
    return;
  }
  if (job.kind === "search.export") {
    out.innerHTML = '<p><a id="export-download" class="button" href="/search/export/' + job.id + '/download/">' + esc(T.exported) + " " + job.result.count + " " + esc(T.records) + " · " + esc(job.result.format.toUpperCase()) + "</a></p>";
    return;
  }
  if (job.kind === "patents.directory") { out.innerHTML = directory(job.result); return; }
  if (job.kind !== "import") { out.innerHTML = "<pre>" + esc(JSON.stringify(job.result)) + "</pre>"; return; }
  let html = "<table><thead><tr><th>" + esc(T.filename) + "</th><th>" + esc(T.format) + "</th>" + ["read","created","updated","unchanged","rejected"].map(k => "<th>" + esc(T[k]) + "</th>").join("") + "<th></th></tr></thead><tbody>";
  for (const f of (job.result.files || [])) {
    const c = f.counts || {};
    html += "<tr class='import-file'><td>" + esc(f.name) + (f.error ? '<div class="error">' + esc(T.failed) + esc(f.error) + "</div>" : "") + "</td><td>" + esc(f.format) + "</td>" +
      ["read","created","updated","unchanged","rejected"].map(k => "<td class='count-" + k + "'>" + (c[k] || 0) + "</td>").join("") +
      "<td>" + ((c.rejected || f.error) ? '<a href="/patents/imports/' + f.id + '/rejected.xlsx">' + esc(T.download) + "</a>" : "") + "</td></tr>";
  }
  html += "</tbody></table><p><a href='/patents/'>" + esc(T.patents) + "</a></p>";
  out.innerHTML = html;
}
// A 企业名录 import: rows saved, records placed again, then every rejected row (file, row, column, name, reason).
function directory(r) {
  const problems = r.problems || [];
  let html = "<p id='directory-summary'>" + esc(T.saved) + " <b class='count-saved'>" + (r.saved || 0) + "</b> · " +
    esc(T.unchangedrows) + " <b class='count-unchanged'>" + (r.unchanged || 0) + "</b> · <b class='count-moved'>" +
    (r.moved || 0) + "</b> " + esc(T.moved) + " · " + esc(T.rejected) + " <b class='count-rejected'>" + (r.rejected || 0) + "</b></p>";
  if (!problems.length) {
    html += "<p class='hint'>" + esc(T.norejected) + "</p>";
  } else {
    html += "<table id='directory-problems'><thead><tr>" + [T.filename, T.row, T.column, T.name, T.reason].map(h => "<th>" + esc(h) + "</th>").join("") +
      "</tr></thead><tbody>" + problems.map(p => "<tr><td>" + [p.file, p.row, p.column, p.value, p.reason].map(esc).join("</td><td>") + "</td></tr>").join("") + "</tbody></table>";
    if (problems.length < (r.rejected || 0)) html += "<p class='hint'>" + esc(T.firstrows) + " " + r.rejected + "</p>";
  }
  return html + "<p><a href='" + esc(r.back || "/patents/places/") + "'>" + esc(T.back) + "</a></p>";
}
async function poll() {
  const res = await fetch(box.dataset.statusUrl, {headers: {"Accept": "application/json"}});
  if (res.ok) { const job = await res.json(); render(job); if (job.finished) return; }
  setTimeout(poll, 700);
}
poll();
