// Signed-in pages: live character counters, focus on the error summary, confirmation of risky buttons.
// Everything works without this file; it only makes forms easier to use.
(function () {
  "use strict";

  function updateCounter(input, counter) {
    var max = parseInt(input.getAttribute("data-counter"), 10);
    var used = input.value.length;
    var template = counter.getAttribute("data-counter-template") || "{used} / {max}";
    counter.textContent = template.replace("{used}", String(used)).replace("{max}", String(max));
    counter.setAttribute("data-over", used > max ? "true" : "false");
  }

  function initCounters() {
    var inputs = document.querySelectorAll("[data-counter]");
    Array.prototype.forEach.call(inputs, function (input) {
      var counter = document.getElementById(input.id + "-counter");
      if (!counter) {
        return;
      }
      // Screen readers hear the count when they pause, not on every key.
      counter.setAttribute("aria-live", "polite");
      counter.setAttribute("aria-atomic", "true");
      updateCounter(input, counter);
      var timer = null;
      input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { updateCounter(input, counter); }, 250);
      });
    });
  }

  function focusErrorSummary() {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
  }

  function initConfirmations() {
    document.addEventListener("submit", function (event) {
      var button = event.submitter || event.target.querySelector("[data-confirm]");
      var question = button && button.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initCounters();
    focusErrorSummary();
    initConfirmations();
  });
})();
