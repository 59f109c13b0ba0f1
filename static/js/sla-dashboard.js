// On-time trend chart of the overdue dashboard (data from the json_script block; no inline script: CSP).
(function () {
  "use strict";
  var canvas = document.getElementById("on-time-trend");
  var source = document.getElementById("on-time-trend-data");
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var rows = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: rows.map(function (r) { return r.day.slice(5); }),
      datasets: [{
        label: canvas.getAttribute("aria-label"),
        data: rows.map(function (r) { return r.rate; }),
        borderColor: "#0d6efd",
        backgroundColor: "rgba(13,110,253,.15)",
        fill: true,
        tension: 0.25
      }]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
      plugins: { legend: { display: false } }
    }
  });
})();
