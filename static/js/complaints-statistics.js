// The trend chart of the complaint statistics page (data from the json_script block; no inline script: CSP).
(function () {
  "use strict";
  var source = document.getElementById("complaints-statistics-data");
  var canvas = document.getElementById("trend-chart");
  if (!source || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: canvas.getAttribute("data-total-label"), data: data.total, borderColor: "rgba(13,110,253,.9)",
          backgroundColor: "rgba(13,110,253,.2)", tension: 0.2 },
        { label: canvas.getAttribute("data-major-label"), data: data.major, borderColor: "rgba(220,53,69,.9)",
          backgroundColor: "rgba(220,53,69,.2)", tension: 0.2 }
      ]
    },
    options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
