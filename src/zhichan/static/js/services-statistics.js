// Service statistics: submitted and finished cases per window. Rows come from json_script "stats-data" (each
// window's label in the reader's language); the series
// names are the chart element's data-submitted / data-finished (translated in the template).
const rows = JSON.parse(document.getElementById("stats-data").textContent);
const box = document.getElementById("stats-chart");
echarts.init(box).setOption({tooltip: {trigger: "axis"}, legend: {},
  grid: {left: 40, right: 16, bottom: 60}, xAxis: {type: "category", data: rows.map(r => r.label), axisLabel: {rotate: 20}},
  yAxis: {type: "value"}, series: [
    {name: box.dataset.submitted, type: "bar", data: rows.map(r => r.submitted)},
    {name: box.dataset.finished, type: "bar", data: rows.map(r => r.finished)}]});
