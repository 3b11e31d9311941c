// Counsellor pages: the print button of the printed shortlist.
// Everything works without this file (the browser's own print command does the same).
(function () {
  "use strict";

  function initPrint() {
    var buttons = document.querySelectorAll("[data-print]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initPrint);
  } else {
    initPrint();
  }
})();
