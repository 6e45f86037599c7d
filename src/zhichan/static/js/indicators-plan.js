// Plan page: the district map of the chosen plan indicator (values fetched per indicator from #plan-map's
// data-values; its data-as-of / data-not-computed label the date) and a sparkline per item (.spark data-points,
// "day=value;day=value").
const box = document.getElementById("plan-map");
if (box) {
  const chart = echarts.init(box);
  const select = document.getElementById("plan-map-indicator");
  async function draw() {
    const data = await (await fetch(box.dataset.values + "?indicator=" + select.value)).json();
    document.getElementById("plan-map-date").textContent = data.as_of ? box.dataset.asOf + " " + data.as_of : box.dataset.notComputed;
    const values = data.regions.map(r => r.value).filter(v => v !== null);
    chart.setOption({tooltip: {trigger: "item"},
      visualMap: {min: Math.min(...values, 0), max: Math.max(...values, 1), calculable: true, left: 0, bottom: 0,
                  inRange: {color: ["#fde7e4", "#b3261e"]}},
      series: [{type: "map", map: "plan-city", roam: true, label: {show: true, fontSize: 10},
                data: data.regions.map(r => ({name: r.name, value: r.value,
                  itemStyle: r.code === data.home ? {borderColor: "#1f2328", borderWidth: 2} : undefined}))}]}, true);
    box.dataset.ready = select.value;
  }
  fetch(box.dataset.geo).then(r => r.json()).then(geo => { echarts.registerMap("plan-city", geo); draw(); });
  select.addEventListener("change", draw);
}
document.querySelectorAll(".spark").forEach(function (spark) {
  const points = spark.dataset.points.split(";").map(p => p.split("="));
  echarts.init(spark).setOption({grid: {left: 2, right: 2, top: 4, bottom: 4}, tooltip: {trigger: "axis"},
    xAxis: {type: "category", show: false, data: points.map(p => p[0])}, yAxis: {type: "value", show: false, scale: true},
    series: [{type: "line", data: points.map(p => parseFloat(p[1])), symbolSize: 4, lineStyle: {color: "#b3261e"},
              itemStyle: {color: "#b3261e"}}]});
});
