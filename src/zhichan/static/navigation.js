// Patent navigation dashboard: one ECharts chart per analysis. Every data item carries the condition (`cond`) of
// the records behind it; clicking opens them. Each chart exports PNG (toolbox) and SVG (re-rendered with the SVG
// renderer).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("analysis-data").textContent);
  const L = JSON.parse(document.getElementById("chart-labels").textContent);
  const box = document.getElementById("charts");
  const charts = {};
  const names = {};
  const open = cond => { if (cond) window.location.href = box.dataset.records + encodeURIComponent(JSON.stringify(cond)); };

  function svgExport(chart, name) {
    const holder = document.createElement("div");
    holder.style.cssText = "position:absolute;left:-9999px;width:" + chart.getWidth() + "px;height:" + chart.getHeight() + "px";
    document.body.appendChild(holder);
    const copy = echarts.init(holder, null, {renderer: "svg"});
    const option = chart.getOption();
    option.animation = false;
    copy.setOption(option);
    const link = document.createElement("a");
    link.href = copy.getDataURL({type: "svg"});  // a data: URL of the SVG document
    link.download = name + ".svg";
    link.click();
    copy.dispose();
    holder.remove();
  }

  function make(id, option, name, empty) {
    const el = document.getElementById(id);
    if (!el) return null;
    const chart = echarts.init(el);
    option.toolbox = {feature: {saveAsImage: {name: name, title: "PNG"},
      mySvg: {show: true, title: "SVG", icon: "path://M4 4h16v16H4z M8 12h8 M12 8v8", onclick: () => svgExport(chart, name)}}};
    option.tooltip = option.tooltip || {trigger: "item"};
    if (empty) option.title = {text: L.empty, left: "center", top: "middle", textStyle: {color: "#888", fontSize: 14}};
    chart.setOption(option);
    chart.on("click", p => open((p.data && p.data.cond) || null));
    charts[id] = chart;
    names[id] = name;
    el.dataset.ready = "1";
    return chart;
  }

  const t = data.trend;
  make("chart-trend", {legend: {}, tooltip: {trigger: "axis"}, xAxis: {type: "category", data: t.years.map(String)}, yAxis: {type: "value"},
    series: [
      {name: L.filings, type: "bar", data: t.years.map((y, i) => ({value: t.filings[i], cond: {year: y}})),
       markArea: {itemStyle: {color: "rgba(150,150,150,0.15)"}, data: t.years.length && t.incomplete_from <= t.years[t.years.length - 1] ?
         [[{xAxis: String(Math.max(t.incomplete_from, t.years[0]))}, {xAxis: String(t.years[t.years.length - 1])}]] : []}},
      {name: L.grants, type: "line", data: t.years.map((y, i) => ({value: t.grants[i], cond: {grant_year: y}}))}]}, "trend");

  make("chart-life", {xAxis: {type: "value", name: L.applicants}, yAxis: {type: "value", name: L.filings},
    tooltip: {formatter: p => p.data.year + ": " + p.data.value[0] + " / " + p.data.value[1]},
    series: [{type: "line", symbolSize: 8, label: {show: true, formatter: p => p.data.year, fontSize: 9},
      data: data.life_cycle.map(c => ({value: [c.applicants, c.filings], year: c.year, cond: c.cond}))}]}, "life-cycle");

  const geo = data.geography;
  fetch(box.dataset.china).then(r => r.json()).then(shapes => {
    echarts.registerMap("china", shapes);
    const values = geo.provinces.map(p => p.count);
    make("chart-map", {visualMap: {min: 0, max: Math.max(1, ...values), left: 0, bottom: 0, calculable: true,
        inRange: {color: ["#e8f0fa", "#1f5fa8"]}},
      series: [{type: "map", map: "china", roam: true, selectedMode: false,
        data: geo.provinces.map(p => ({name: p.name, value: p.count, cond: p.cond,
          itemStyle: p.home ? {borderColor: "#b3261e", borderWidth: 3} : undefined}))}]}, "provinces");
  });
  make("chart-countries", {xAxis: {type: "value"}, yAxis: {type: "category", inverse: true, data: geo.countries.slice(0, 15).map(c => c.name)},
    grid: {left: 80}, series: [{type: "bar", data: geo.countries.slice(0, 15).map(c => ({value: c.count, cond: c.cond}))}]}, "countries");

  const apps = data.applicants.slice(0, 15);
  make("chart-applicants", {xAxis: {type: "value"}, grid: {left: 200}, yAxis: {type: "category", inverse: true,
      data: apps.map(a => a.name), axisLabel: {width: 190, overflow: "truncate"}},
    series: [{type: "bar", data: apps.map(a => ({value: a.count, cond: a.cond}))}]}, "applicants");

  const leaders = data.applicants.slice(0, 6);
  const span = [...new Set(leaders.flatMap(a => Object.keys(a.by_year)))].map(Number).sort((a, b) => a - b);
  make("chart-applicant-trends", {legend: {type: "scroll"}, tooltip: {trigger: "axis"}, grid: {top: 40},
    xAxis: {type: "category", data: span.map(String)}, yAxis: {type: "value"},
    series: leaders.map(a => ({name: a.name, type: "line", smooth: true,
      data: span.map(y => ({value: a.by_year[y] || 0, cond: {applicant: a.name, year: y}}))}))}, "applicant-trends");

  function heat(id, rows, cols, cell, name) {
    const items = [];
    let top = 1;
    rows.forEach((r, i) => cols.forEach((c, j) => { const v = cell(i, j); top = Math.max(top, v);
      items.push({value: [j, i, v], cond: r.cond(c)}); }));
    return make(id, {grid: {left: 110, bottom: 60}, xAxis: {type: "category", data: cols.map(String)},
      yAxis: {type: "category", data: rows.map(r => r.name)}, visualMap: {min: 0, max: top, show: false, inRange: {color: ["#f3f6fb", "#1f5fa8"]}},
      series: [{type: "heatmap", data: items}]}, name);
  }
  const ipc = data.ipc;
  heat("chart-ipc", Object.keys(ipc.matrix).map(code => ({name: code, cond: y => ({subclass: code, year: y})})),
       ipc.years, (i, j) => Object.values(ipc.matrix)[i][j], "ipc");
  const br = data.branches;
  heat("chart-branches", br.rows.map(r => ({name: r.name, cond: y => ({branch: r.branch, year: y})})), br.years,
       (i, j) => br.rows[i].years[j], "branches");

  const net = data.network;
  make("chart-network", {series: [{type: "graph", layout: "force", roam: true, force: {repulsion: 160, edgeLength: 80},
    categories: [...new Set(net.nodes.map(n => n.cluster))].map(c => ({name: L.cluster + c})),
    label: {show: true, fontSize: 9, formatter: p => p.data.name.slice(0, 10)},
    data: net.nodes.map(n => ({name: n.name, value: n.count, category: n.cluster, cond: n.cond,
      symbolSize: 8 + 30 * Math.sqrt(n.count / Math.max(1, net.nodes[0] ? net.nodes[0].count : 1))})),
    links: net.links.map(l => ({source: l.source, target: l.target, value: l.weight, cond: l.cond,
      lineStyle: {width: Math.min(8, 1 + Math.log2(l.weight))}}))}]}, "network");

  const people = net.inventors.filter(i => net.inventor_links.some(l => l.source === i.name || l.target === i.name));
  make("chart-inventors", {series: [{type: "graph", layout: "force", roam: true, force: {repulsion: 120, edgeLength: 60},
    categories: [...new Set(people.map(i => i.cluster))].map(c => ({name: L.team + c})),
    label: {show: true, fontSize: 9},
    data: people.map(i => ({name: i.name, value: i.count, category: i.cluster, cond: i.cond, symbolSize: 6 + 3 * Math.sqrt(i.count)})),
    links: net.inventor_links.map(l => ({source: l.source, target: l.target, value: l.weight, cond: l.cond,
      lineStyle: {width: Math.min(8, l.weight)}}))}]}, "inventor-teams", !people.length);

  make("chart-status", {series: [{type: "pie", radius: ["35%", "65%"],
    data: data.legal_status.status.map(s => ({name: L.status[s.code] || s.code,
      value: s.count, cond: s.cond}))}]}, "legal-status");

  const reg = data.region;
  if (reg.rows && reg.rows.length) {
    make("chart-region", {tooltip: {trigger: "axis"}, legend: {}, xAxis: {type: "category", data: reg.rows.map(r => r.name)},
      yAxis: [{type: "value", name: "%"}, {type: "value", name: L.index}],
      series: [{name: L.share, type: "bar", data: reg.rows.map(r => ({value: +(r.share * 100).toFixed(2), cond: r.cond}))},
               {name: L.index, type: "line", yAxisIndex: 1, data: reg.rows.map(r => ({value: r.index, cond: r.cond}))}]}, "region");
  }

  const last = data.hotspots.length ? data.hotspots[data.hotspots.length - 1] : null;
  const cloud = document.getElementById("chart-words");
  if (cloud) {
    const words = last ? last.keywords : [];
    const top = Math.max(1, ...words.map(k => k.count));
    const width = cloud.clientWidth || 500, height = cloud.clientHeight || 360;
    const ctx = document.createElement("canvas").getContext("2d");
    const placed = [];
    const items = [];
    words.forEach((k, i) => {  // a spiral from the centre; each word where its measured box overlaps no other
      const size = Math.round(12 + 24 * k.count / top);
      ctx.font = size + "px sans-serif";
      const w = ctx.measureText(k.word).width + 6, h = size + 4;
      for (let step = 0; step < 2000; step += 2) {
        const x = width / 2 + 0.9 * step * Math.cos(step * 0.25) * 0.5, y = height / 2 + 0.9 * step * Math.sin(step * 0.25) * 0.3;
        const box = [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
        if (box[0] < 0 || box[1] < 24 || box[2] > width || box[3] > height) continue;
        if (placed.some(b => !(box[2] <= b[0] || b[2] <= box[0] || box[3] <= b[1] || b[3] <= box[1]))) continue;
        placed.push(box);
        items.push({name: k.word, value: [x, y], count: k.count, cond: k.cond,
          label: {show: true, formatter: k.word, fontSize: size, color: ["#1f5fa8", "#b3261e", "#2e7d32", "#6a1b9a"][i % 4]}});
        break;
      }
    });
    make("chart-words", {title: {text: last ? last.period : "", textStyle: {fontSize: 12}},
      tooltip: {formatter: p => p.data.name + ": " + p.data.count},
      xAxis: {show: false, min: 0, max: width}, yAxis: {show: false, min: 0, max: height, inverse: true},
      grid: {left: 0, right: 0, top: 0, bottom: 0},
      series: [{type: "scatter", symbolSize: 1, itemStyle: {color: "transparent"},
        label: {show: true, position: "inside"}, emphasis: {scale: false}, data: items}]}, "hotspots", !items.length);
  }
  window.navigationCharts = charts;
  window.navigationExportSvg = id => svgExport(charts[id], names[id]);  // what the SVG toolbox button does
})();
