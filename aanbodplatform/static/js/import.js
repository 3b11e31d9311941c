// CSV import: show how far a large upload is, then show the server's report.
// Without JavaScript the form is sent the ordinary way.
(function () {
  "use strict";

  // A running check or import: ask the server how far it is until it is done, then reload.
  function followJob(box) {
    var url = box.getAttribute("data-job-status");
    var template = box.getAttribute("data-progress-text") || "";
    var bar = box.querySelector("progress");
    var text = box.querySelector("[role=status]");
    function poll() {
      var request = new XMLHttpRequest();
      request.open("GET", url);
      request.addEventListener("load", function () {
        if (request.status !== 200) {
          return;
        }
        var job = JSON.parse(request.responseText);
        if (job.state === "done" || job.state === "failed") {
          window.location.reload();
          return;
        }
        if (bar) {
          bar.max = Math.max(job.total, 1);
          bar.value = job.done;
        }
        if (text) {
          text.textContent = template.replace("{done}", job.done).replace("{total}", job.total);
        }
        window.setTimeout(poll, 1000);
      });
      request.send();
    }
    window.setTimeout(poll, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var job = document.querySelector("[data-job-status]");
    if (job && window.XMLHttpRequest) {
      followJob(job);
    }
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
        // The server answers with the job's page: go there, so it can show its progress.
        if (request.status < 400 && request.responseURL && request.responseURL !== window.location.href) {
          window.location.assign(request.responseURL);
          return;
        }
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
