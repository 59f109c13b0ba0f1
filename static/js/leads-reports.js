// Charts of the lead reports page (data from the json_script block; no inline script: CSP).
(function () {
  "use strict";
  var source = document.getElementById("leads-report-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);

  var funnel = document.getElementById("funnel-chart");
  if (funnel) {
    new Chart(funnel, {
      type: "bar",
      data: {
        labels: [funnel.getAttribute("data-entered-label")].concat(data.funnel.labels),
        datasets: [{
          label: funnel.getAttribute("aria-label"),
          data: [data.funnel.entered].concat(data.funnel.counts),
          backgroundColor: "rgba(13,110,253,.7)"
        }]
      },
      options: {
        indexAxis: "y",  // a funnel reads top to bottom, and long stage names fit on a phone
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: false } }
      }
    });
  }

  var channels = document.getElementById("channel-chart");
  if (channels && data.channels.labels.length) {
    new Chart(channels, {
      type: "bar",
      data: {
        labels: data.channels.labels,
        datasets: [
          { label: channels.getAttribute("data-qualified-label"), data: data.channels.qualified_rate,
            backgroundColor: "rgba(13,110,253,.7)" },
          { label: channels.getAttribute("data-won-label"), data: data.channels.won_rate,
            backgroundColor: "rgba(25,135,84,.8)" }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } }
      }
    });
  }
})();
