// Search page: filings per year of the result (json_script "year-data", the year facet's buckets, newest first);
// clicking a bar narrows the search to that year.
const data = JSON.parse(document.getElementById("year-data").textContent).slice().reverse();
const chart = echarts.init(document.getElementById("year-chart"));
chart.setOption({grid: {left: 36, right: 8, top: 8, bottom: 24}, tooltip: {},
  xAxis: {type: "category", data: data.map(b => b.label)}, yAxis: {type: "value"},
  series: [{type: "bar", data: data.map(b => b.count), itemStyle: {color: "#b3261e"}}]});
chart.on("click", p => { window.location.href = data[p.dataIndex].href; });
