/* Loads Chart.js, then the page's chart script, only when a chart comes near the screen: on a phone the tables
 * come first, and a cold page saves the ~70 KB of Chart.js (issue 9, "Weight"). Used as
 *   <script src="chart-loader.js" id="chart-loader" data-chart-src="chart.umd.min.js" data-then="page-charts.js">
 * Both are 'self' scripts added as elements: the Content-Security-Policy allows them. */
(function () {
  "use strict";
  var loader = document.getElementById("chart-loader");
  var canvases = document.querySelectorAll("canvas");
  if (!loader || !canvases.length) { return; }
  var started = false;

  function addScript(src, then) {
    var script = document.createElement("script");
    script.src = src;
    if (then) { script.onload = then; }
    document.body.appendChild(script);
  }

  function load() {
    if (started) { return; }
    started = true;
    addScript(loader.getAttribute("data-chart-src"), function () { addScript(loader.getAttribute("data-then")); });
  }

  if (!("IntersectionObserver" in window)) { load(); return; }
  var observer = new IntersectionObserver(function (entries) {
    for (var i = 0; i < entries.length; i++) {
      if (entries[i].isIntersecting) { observer.disconnect(); load(); return; }
    }
  }, { rootMargin: "150px" });
  for (var i = 0; i < canvases.length; i++) { observer.observe(canvases[i]); }
})();
