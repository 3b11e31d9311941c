// CSV import: show how far a large upload is, then show the server's report.
// Without JavaScript the form is sent the ordinary way.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-upload-progress]");
    if (!form || !window.FormData || !window.XMLHttpRequest) {
      return;
    }
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      if (!input || !input.files || !input.files.length) {
        return;
      }
      event.preventDefault();
      var box = form.querySelector("[data-progress]");
      var bar = box && box.querySelector("progress");
      if (box) {
        box.hidden = false;
      }
      var request = new XMLHttpRequest();
      request.open("POST", form.getAttribute("action") || window.location.href);
      request.upload.addEventListener("progress", function (e) {
        if (bar && e.lengthComputable) {
          bar.value = Math.round((e.loaded / e.total) * 100);
        }
      });
      request.upload.addEventListener("load", function () {
        // The file is sent; the server now checks every line.
        if (bar) {
          bar.removeAttribute("value");
        }
      });
      request.addEventListener("load", function () {
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener("error", function () {
        form.submit();
      });
      request.send(new FormData(form));
    });
  });
})();
