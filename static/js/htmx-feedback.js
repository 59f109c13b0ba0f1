/* Feedback around every htmx request (loaded after htmx by base.html).
 * - Progress: htmx puts .htmx-request on #htmx-progress (hx-indicator on <body>); decocrm.css draws it. htmx's own
 *   indicator styles are off (<meta name="htmx-config">): it would inject a <style> element the CSP refuses.
 * - No double post: hx-disabled-elt on <body> disables the submitting form's buttons while its request runs.
 * - Focus: a swap that replaced the focused element leaves focus on <body> (a screen reader or keyboard user
 *   starts again at the top). Then focus moves into the changed region: its first error or alert, else its first
 *   heading, else the region itself. Focus that survived the swap (typing in a search box) is left alone. */
(function () {
  "use strict";
  var swappedId = null;

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    swappedId = event.detail.target && event.detail.target.id;
  });

  document.body.addEventListener("htmx:afterSettle", function () {
    var active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    var region = swappedId && document.getElementById(swappedId);
    if (!region) return;
    var open = region.querySelector("details[open]") || region;
    var goal = open.querySelector(".action-error, .alert, [role=alert], .invalid-feedback") ||
      region.querySelector(".alert, [role=alert], h1, h2, h3") || region;
    if (!goal.hasAttribute("tabindex") && !goal.matches("a[href], button, input, select, textarea, summary")) {
      goal.setAttribute("tabindex", "-1");
    }
    goal.focus({ preventScroll: true });
    goal.scrollIntoView({ block: "nearest" });
  });
})();
