/* The rooms of a measurement visit as rows (leads/forms/rooms.py): "Add a room" clones the row template with the
 * next index (the hidden count grows; rows removed leave gaps, which the form skips), the trash button removes its
 * row (the last one is emptied instead). Delegated from the document: the design panel is swapped in by htmx. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-room-add]");
    var remove = event.target.closest("[data-room-remove]");
    if (add) {
      var box = add.closest("[data-room-rows]");
      var count = box.querySelector("[data-room-count]");
      var index = parseInt(count.value, 10) || 0;
      var html = box.querySelector("[data-room-template]").innerHTML.split("__i__").join(String(index));
      var list = box.querySelector("[data-room-list]");
      list.insertAdjacentHTML("beforeend", html);
      count.value = String(index + 1);
      var rows = list.querySelectorAll("[data-room-row]");
      rows[rows.length - 1].querySelector("input").focus();
    } else if (remove) {
      var row = remove.closest("[data-room-row]");
      var others = row.parentNode.querySelectorAll("[data-room-row]");
      if (others.length > 1) {
        row.remove();
      } else {
        row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      }
    }
  });
})();
