// On-time trend chart of the overdue dashboard (data from the json_script block; no inline script: CSP).
// Bars: how many deadlines fell due each day (right axis); line: the rolling 7-day on-time rate; dots: the day's own
// rate. A day with one or two deadlines swings its own dot from 0 to 100 %, not the line a manager reads.
(function () {
  "use strict";
  var canvas = document.getElementById("on-time-trend");
  var source = document.getElementById("on-time-trend-data");
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var rows = JSON.parse(source.textContent);
  var percent = function (v) { return v + "%"; };
  new Chart(canvas, {
    data: {
      labels: rows.map(function (r) { return r.day.slice(5); }),
      datasets: [{
        type: "line",
        label: canvas.dataset.rollingLabel,
        data: rows.map(function (r) { return r.rolling_rate; }),
        borderColor: "#0d6efd",
        backgroundColor: "#0d6efd",
        pointRadius: 0,
        spanGaps: true,
        tension: 0.25,
        yAxisID: "rate",
        order: 1
      }, {
        type: "line",
        label: canvas.dataset.dailyLabel,
        data: rows.map(function (r) { return r.rate; }),
        showLine: false,
        pointRadius: 2,
        borderColor: "rgba(13,110,253,.45)",
        backgroundColor: "rgba(13,110,253,.45)",
        yAxisID: "rate",
        order: 2
      }, {
        type: "bar",
        label: canvas.dataset.volumeLabel,
        data: rows.map(function (r) { return r.total; }),
        backgroundColor: "rgba(108,117,125,.3)",
        yAxisID: "volume",
        order: 3
      }]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        rate: { position: "left", min: 0, max: 100, ticks: { callback: percent } },
        volume: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 } }
      },
      plugins: { legend: { display: true, position: "bottom", labels: { boxWidth: 12 } } }
    }
  });
})();
