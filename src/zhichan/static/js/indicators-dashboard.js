// Indicator dashboard: a bar chart of two indicators per district and a district map of the chosen indicator, both
// read from the figures table (#indicator-table; its first row is the city itself). Clicking a district opens the
// records behind its first figure. Series names are #district-chart's data-valid / data-high-value.
const rows = [...document.querySelectorAll("#indicator-table tbody tr")].slice(1);
const names = rows.map(r => r.cells[0].textContent);
const num = (r, i) => parseFloat(r.cells[i].textContent) || 0;
const chartBox = document.getElementById("district-chart");
const chart = echarts.init(chartBox);
chart.setOption({tooltip: {trigger: "axis"}, legend: {}, grid: {left: 48, right: 16, bottom: 60},
  xAxis: {type: "category", data: names, axisLabel: {rotate: 30}}, yAxis: {type: "value"},
  series: [{name: chartBox.dataset.valid, type: "bar", data: rows.map(r => num(r, 1))},
           {name: chartBox.dataset.highValue, type: "bar", data: rows.map(r => num(r, 3))}]});
const box = document.getElementById("district-map");
const map = echarts.init(box);
const select = document.getElementById("map-indicator");
function draw() {
  const col = parseInt(select.value, 10);
  const data = rows.map(r => ({name: r.cells[0].textContent, value: num(r, col), code: r.dataset.region}));
  const values = data.map(d => d.value);
  map.setOption({tooltip: {trigger: "item"},
    visualMap: {min: Math.min(...values), max: Math.max(...values) || 1, calculable: true, left: 0, bottom: 0,
                inRange: {color: ["#fde7e4", "#b3261e"]}},
    series: [{type: "map", map: "city", roam: true, label: {show: true, fontSize: 10}, data: data}]}, true);
}
fetch(box.dataset.geo).then(r => r.json()).then(geo => {
  echarts.registerMap("city", geo); draw(); box.dataset.ready = "1";
});
select.addEventListener("change", draw);
map.on("click", p => {
  const row = rows.find(r => r.cells[0].textContent === p.name);
  const link = row && row.querySelector("a");
  if (link) window.location.href = link.href;
});
