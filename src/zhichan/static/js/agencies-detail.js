// An agency's public page: filings per year with invention grant and rejection rates, IPC sections, clients'
// regions. Data from json_script "agency-chart-data"; series names from the chart element's data-* (translated).
const data = JSON.parse(document.getElementById("agency-chart-data").textContent);
const years = document.getElementById("agency-years-chart");
if (years) {
  echarts.init(years).setOption({tooltip: {trigger: "axis"}, legend: {}, grid: {left: 40, right: 40, bottom: 30},
    xAxis: {type: "category", data: data.years.map(y => String(y.year))},
    yAxis: [{type: "value"}, {type: "value", max: 100, axisLabel: {formatter: "{value}%"}}],
    series: [
      {name: years.dataset.filings, type: "bar", data: data.years.map(y => y.filings)},
      {name: years.dataset.grant, type: "line", yAxisIndex: 1, data: data.years.map(y => y.grant_rate)},
      {name: years.dataset.rejection, type: "line", yAxisIndex: 1, data: data.years.map(y => y.rejection_rate)}]});
}
const sections = document.getElementById("agency-sections-chart");
if (sections && data.sections.length) {
  echarts.init(sections).setOption({tooltip: {trigger: "item"}, series: [{type: "pie", radius: ["35%", "65%"],
    data: data.sections.map(s => ({name: s.section, value: s.count}))}]});
}
const regions = document.getElementById("agency-regions-chart");
if (regions && data.regions.length) {
  echarts.init(regions).setOption({tooltip: {}, grid: {left: 90, right: 16, bottom: 20},
    xAxis: {type: "value"}, yAxis: {type: "category", inverse: true, data: data.regions.map(r => r.name)},
    series: [{type: "bar", data: data.regions.map(r => r.count)}]});
}
