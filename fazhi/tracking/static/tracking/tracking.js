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
  // Arriving at 我的填报#card-… (back from signing in, a 待办 link, a message) opens that card, where
  // an unsaved copy kept in this browser is then offered back.
  // Without an anchor, the first row with a copy kept in this browser (web/forms.js keys them
  // "fazhi.draft.report-a…p…") opens, so the offer to restore it is not hidden in a closed row.
  function keptCopyPrefix() {
    try {
      var store = window.localStorage;
      for (var i = 0; i < store.length; i++) {
        var m = /^fazhi\.draft\.report-(a\d+p\d+)$/.exec(store.key(i) || "");
        if (m && document.getElementById("item-" + m[1])) { return m[1]; }
      }
    } catch (e) { /* no storage: nothing kept */ }
    return null;
  }
  function openFromHash() {
    var match = /^#card-(a\d+p\d+)$/.exec(location.hash || "");
    var prefix = match ? match[1] : keptCopyPrefix();
    var link = prefix && document.querySelector("#item-" + prefix + " a.row-open");
    if (link && !document.getElementById("card-" + prefix)) { link.click(); }
  }
  // After "load", so htmx has set up the row links.
  if (document.readyState === "complete") { openFromHash(); } else { window.addEventListener("load", openFromHash); }
  window.addEventListener("hashchange", openFromHash);
  document.addEventListener("htmx:afterSwap", function (e) {
    var slot = e.target;
    if (slot.classList && slot.classList.contains("card-slot") && slot.firstElementChild) {
      slot.scrollIntoView({block: "nearest"});
      var first = slot.querySelector("select, textarea, input:not([type=hidden])");
      if (first) { first.focus({preventScroll: true}); }
    }
  });
  // The tracking views answer a refused write with the card (or value form) and its message as
  // 400 or 409, marked by HX-Retarget or X-Fazhi-Fragment; htmx 2 swaps no 4xx by default, which
  // would leave the user without the message. Any other error page is never swapped in
  // (web/forms.js explains it in the message bar).
  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr;
    var ours = xhr.getResponseHeader("HX-Retarget") || xhr.getResponseHeader("X-Fazhi-Fragment");
    if ((xhr.status === 400 || xhr.status === 409) && ours) {
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
