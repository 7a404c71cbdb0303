// The national summary's print button: shown only when JavaScript runs (without it, the
// browser's own print command does the same). Served by the oversight blueprint
// (/oversight/static/).
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
