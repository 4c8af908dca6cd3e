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
  // 我的填报: one card open at a time. Opening a row hides the other open cards (hidden, not
  // removed, so an autosave still waiting on them is sent) and marks the row open. A card
  // loaded before is shown again as it is, with what was typed in it, not fetched anew; its row
  // clicked while open closes it.
  function openItem(item) {
    document.querySelectorAll(".home-item.is-open").forEach(function (other) {
      if (other === item) { return; }
      other.classList.remove("is-open");
      var slot = other.querySelector(".card-slot");
      if (slot) { slot.hidden = true; }
    });
    item.classList.add("is-open");
    var own = item.querySelector(".card-slot");
    if (own) { own.hidden = false; }
  }
  document.addEventListener("htmx:beforeRequest", function (e) {
    var link = e.target;
    if (!link.matches || !link.matches("a.row-open")) { return; }
    var item = link.closest(".home-item");
    if (!item) { return; }
    var slot = item.querySelector(".card-slot");
    if (slot && slot.querySelector(".report-card")) {
      e.preventDefault();  // already loaded
      if (item.classList.contains("is-open")) {
        item.classList.remove("is-open");
        slot.hidden = true;
      } else {
        openItem(item);
      }
      return;
    }
    openItem(item);
  });
  // Back from the login page (or a link) to "#card-a12p3": the rows are closed, so open the one
  // named, or the clerk would not see the card nor its offer to restore the text typed before
  // the sign-in ran out. After "load", so htmx has set up the row links.
  window.addEventListener("load", function () {
    var named = /^#card-(a\d+p\d+)$/.exec(location.hash);
    var link = named && document.querySelector("#item-" + named[1] + " a.row-open");
    if (link && !document.getElementById("card-" + named[1])) { link.click(); }
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var slot = e.target;
    if (slot.classList && slot.classList.contains("card-slot") && slot.firstElementChild) {
      slot.scrollIntoView({block: "nearest"});
      var first = slot.querySelector("select, textarea, input:not([type=hidden])");
      if (first) { first.focus({preventScroll: true}); }
    }
  });
  // A refused actual value comes back as its value form with the message, status 400; htmx 2
  // swaps no 4xx by default, which would leave the user without the message. Only that form's:
  // any other 4xx (a proxy's error page, …) is explained in the bar by forms.js, never swapped in.
  // (A refused card comes back as 200 with HX-Retarget.)
  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr;
    var type = xhr.getResponseHeader("Content-Type") || "";
    var elt = e.detail.requestConfig ? e.detail.requestConfig.elt : e.detail.elt;
    var measure = elt && elt.closest ? elt.closest("form.measure") : null;
    if (xhr.status === 400 && measure && type.indexOf("text/html") === 0) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  document.addEventListener("htmx:xhr:progress", function (e) {
    var form = e.target.closest ? e.target.closest("form.upload") : null;
    var bar = form && form.querySelector("progress");
    if (bar && e.detail.lengthComputable) {
      bar.hidden = false;
      bar.value = Math.round(e.detail.loaded / e.detail.total * 100);
    }
  });
})();
