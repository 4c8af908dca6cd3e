/* Tracking screens: upload progress bar and the 无法完成 reason field. No framework; htmx does the rest. */
(function () {
  function toggleUnable(root) {
    (root || document).querySelectorAll("form.report-form").forEach(function (form) {
      var status = form.querySelector("select[name$='-status']");
      var box = form.querySelector("label.unable");
      if (status && box) { box.hidden = status.value !== "unable"; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { toggleUnable(); });
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("select[name$='-status']")) { toggleUnable(); }
  });
  document.addEventListener("htmx:afterSwap", function () { toggleUnable(); });
  document.addEventListener("htmx:xhr:progress", function (e) {
    var form = e.target.closest ? e.target.closest("form.upload") : null;
    var bar = form && form.querySelector("progress");
    if (bar && e.detail.lengthComputable) {
      bar.hidden = false;
      bar.value = Math.round(e.detail.loaded / e.detail.total * 100);
    }
  });
})();
