// Public statistics: the first indicator for every district (the first row is the city itself), from json_script
// "public-data" (labels in the reader's language).
const data = JSON.parse(document.getElementById("public-data").textContent);
const first = data.indicators[0];
const rows = data.rows.slice(1);
echarts.init(document.getElementById("public-chart")).setOption({
  title: {text: first.label + " · " + first.unit_label, textStyle: {fontSize: 14}}, tooltip: {},
  grid: {left: 50, right: 16, bottom: 60}, xAxis: {type: "category", data: rows.map(r => r.name), axisLabel: {rotate: 30}},
  yAxis: {type: "value"}, series: [{type: "bar", data: rows.map(r => r.values[first.code]), itemStyle: {color: "#b3261e"}}]});
