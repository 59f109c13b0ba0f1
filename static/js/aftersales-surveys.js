// The survey results chart: NPS and the average scores by month (data from the json_script block; no inline script: CSP).
(function () {
  "use strict";
  var source = document.getElementById("survey-data");
  var canvas = document.getElementById("survey-chart");
  if (!source || !canvas || typeof Chart === "undefined") { return; }
  var rows = JSON.parse(source.textContent);
  new Chart(canvas, {
    data: {
      labels: rows.map(function (r) { return r.month; }),
      datasets: [
        { type: "bar", label: "NPS", data: rows.map(function (r) { return r.nps; }), yAxisID: "nps",
          backgroundColor: "rgba(13,110,253,.6)" },
        { type: "line", label: canvas.getAttribute("data-quality-label"), yAxisID: "score",
          data: rows.map(function (r) { return r.quality; }), borderColor: "rgba(25,135,84,.9)" },
        { type: "line", label: canvas.getAttribute("data-attitude-label"), yAxisID: "score",
          data: rows.map(function (r) { return r.attitude; }), borderColor: "rgba(255,193,7,.9)" }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { nps: { position: "left", min: -100, max: 100 }, score: { position: "right", min: 0, max: 5 } }
    }
  });
}());
