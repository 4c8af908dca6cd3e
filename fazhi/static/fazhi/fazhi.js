/* Behaviour every page shares. The Content-Security-Policy forbids inline handlers, so markup
   asks for it with data attributes: <select data-autosubmit> submits its form on change, and
   <form data-confirm="question"> asks before submitting. Delegated, so htmx swaps keep it. */
(function () {
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.matches && select.matches("select[data-autosubmit]") && select.form) { select.form.submit(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); }
  });
})();
