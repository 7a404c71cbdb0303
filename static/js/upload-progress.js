// Progressive enhancement for file uploads: a form with data-upload-progress shows a <progress>
// while the file is sent. Without JavaScript the form posts normally.
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    var bar = document.getElementById(form.getAttribute("data-upload-progress"));
    if (!bar || !window.FormData || !window.XMLHttpRequest) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var request = new XMLHttpRequest();
      var status = bar.querySelector("[data-upload-status]") || bar;
      var meter = bar.querySelector("progress");
      bar.hidden = false;
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable && meter) {
          meter.max = e.total;
          meter.value = e.loaded;
          status.setAttribute("data-percent", Math.round((100 * e.loaded) / e.total));
        }
      });
      request.addEventListener("load", function () {
        // Show the page the server answered with (its flash message included); after a
        // redirect, put its address in the location bar.
        if (request.responseURL && window.history && window.history.replaceState) {
          window.history.replaceState(null, "", request.responseURL);
        }
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener("error", function () { form.submit(); });
      request.open("POST", form.action);
      request.send(new FormData(form));
    });
  });
})();
