/* No lost work. Two things for every page, no framework beyond htmx:

   1. htmx errors, handled in ONE place: a message bar in Chinese by what went wrong (network
      down, timeout, expired login, expired page, refused, gone, conflict, too large, server
      error). An error page or the login page is never swapped into a target; a 409 carrying
      HX-Retarget is the card's own answer (the other version beside the user's text) and is
      swapped where the server says. Ten minutes before the sign-in runs out the bar says so.
   2. <form data-draft-key="…"> keeps an unsaved copy of its fields in localStorage, written
      on every input and on submit, dropped once the server confirms it saved that content or
      once the page shows exactly that content. On load, a copy that differs from what the
      server rendered is offered back: 恢复未保存的内容 / 放弃. A form with hx-post and an
      hx-target shows its autosave state there: 保存中… / the server's 已自动保存 / 保存失败（重试）.

   Old browsers: without localStorage (or with it blocked) the copies are simply not kept. */
(function () {
  "use strict";
  if (!window.JSON || !document.querySelector || !window.Element || !Element.prototype.closest) { return; }

  if (window.htmx) {
    // The Content-Security-Policy allows no style attribute, not even an empty one, and htmx's
    // settle step copies "style" onto an element swapped in again (the card's version input on
    // every autosave after the first): settle only what can be settled here.
    window.htmx.config.attributesToSettle = ["class", "width", "height"];
  }

  var PREFIX = "fazhi.draft.";
  var MAX_AGE_MS = 14 * 24 * 3600 * 1000;
  var SAVE_TIMEOUT_MS = 20000;
  var store = (function () {
    try {
      var s = window.localStorage, probe = PREFIX + "probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) { return null; }
  })();

  function text(name) {
    var holder = document.getElementById("forms-text");
    return (holder && holder.getAttribute("data-" + name)) || name;
  }

  /* ---------------------------------------------------------------- the unsaved copy */

  function isDraftForm(el) { return !!(el && el.tagName === "FORM" && el.hasAttribute("data-draft-key")); }
  function draftFormOf(el) { return el && el.closest ? el.closest("form[data-draft-key]") : null; }
  function storeKey(form) { return PREFIX + form.getAttribute("data-draft-key"); }

  function fieldsOf(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      var type = (el.type || "").toLowerCase();
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken" ||
          ["hidden", "file", "submit", "button", "reset", "password"].indexOf(type) >= 0) { return; }
      if (type === "checkbox" || type === "radio") {
        if (el.checked) { fields[el.name] = (fields[el.name] ? fields[el.name] + "\n" : "") + el.value; }
        else if (!(el.name in fields)) { fields[el.name] = ""; }
      } else { fields[el.name] = el.value; }
    });
    return fields;
  }

  function sameFields(a, b) {
    var names = Object.keys(a).concat(Object.keys(b));
    for (var i = 0; i < names.length; i++) {
      if ((a[names[i]] || "") !== (b[names[i]] || "")) { return false; }
    }
    return true;
  }

  function versionInput(form) { return form.querySelector("input[type=hidden][name$='version']"); }

  function readDraft(key) {
    if (!store) { return null; }
    try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
  }

  function writeDraft(form, sent) {
    if (!store) { return; }
    var version = versionInput(form);
    try {
      store.setItem(storeKey(form), JSON.stringify({
        t: Date.now(), v: version ? version.value : "", f: fieldsOf(form), page: location.pathname, sent: !!sent }));
    } catch (e) { /* full or blocked: the server copy is all there is */ }
  }

  function dropDraft(form) { if (store) { store.removeItem(storeKey(form)); } }

  function pruneOld() {
    if (!store) { return; }
    var now = Date.now(), old = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) {
        var draft = readDraft(key);
        if (!draft || !draft.t || now - draft.t > MAX_AGE_MS) { old.push(key); }
      }
    }
    old.forEach(function (key) { store.removeItem(key); });
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function when(ms) {
    var d = new Date(ms);
    return (d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function fire(el, type) {
    var event = document.createEvent("HTMLEvents");
    event.initEvent(type, true, false);
    el.dispatchEvent(event);
  }

  function restore(form, draft) {
    Object.keys(draft.f).forEach(function (name) {
      var el = form.elements[name];
      if (!el) { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = draft.f[name].split("\n").indexOf(el.value) >= 0;
      } else { el.value = draft.f[name]; }
      fire(el, "input");
    });
    // The copy was typed on top of this version: saving it where someone else saved since is
    // then a conflict the server shows, not a silent overwrite.
    var version = versionInput(form);
    if (version && draft.v) { version.value = draft.v; }
    var last = form.querySelector("textarea, select, input:not([type=hidden])");
    if (last) { fire(last, "change"); }  // an autosaving form saves it now
  }

  // "工作进展、存在问题": which fields the copy would change, named as the form labels them.
  function changedLabels(form, draft) {
    var shown = fieldsOf(form), names = [];
    Object.keys(draft.f).forEach(function (name) {
      if ((draft.f[name] || "") === (shown[name] || "")) { return; }
      var el = form.elements[name];
      el = el && el.length && !el.tagName ? el[0] : el;
      var label = el && ((el.labels && el.labels[0]) || el.closest("label"));
      var first = label ? label.firstChild : null;
      while (first && first.nodeType !== 3) { first = first.nextSibling; }
      var words = first ? first.nodeValue.replace(/\s+/g, " ").trim() : "";
      if (words && names.indexOf(words) < 0) { names.push(words); }
    });
    return names.join(text("list-sep"));
  }

  function offer(form, draft) {
    var box = document.createElement("div");
    box.className = "draft-offer";
    box.setAttribute("role", "status");
    var say = document.createElement("span");
    var changed = changedLabels(form, draft);
    say.textContent = text("restore-prompt").replace("%(time)s", when(draft.t)) +
      (changed ? text("changed-fields").replace("%(fields)s", changed) : "");
    var yes = document.createElement("button");
    yes.type = "button";
    yes.className = "primary draft-restore";
    yes.textContent = text("restore");
    var no = document.createElement("button");
    no.type = "button";
    no.className = "draft-discard";
    no.textContent = text("discard");
    box.appendChild(say);
    box.appendChild(yes);
    box.appendChild(no);
    yes.addEventListener("click", function () { box.parentNode.removeChild(box); restore(form, draft); });
    no.addEventListener("click", function () { box.parentNode.removeChild(box); dropDraft(form); });
    form.parentNode.insertBefore(box, form);
  }

  // On page load a copy the page already shows is done with; after a swap (a conflict card that
  // shows the user's text back) it is kept until the server confirms a save.
  function checkDrafts(root, dropShown) {
    var forms = (root || document).querySelectorAll("form[data-draft-key]");
    Array.prototype.forEach.call(forms, function (form) {
      if (form.previousElementSibling && form.previousElementSibling.className === "draft-offer") { return; }
      var draft = readDraft(storeKey(form));
      if (!draft || !draft.f) { return; }
      if (!sameFields(draft.f, fieldsOf(form))) { offer(form, draft); } else if (dropShown) { dropDraft(form); }
    });
  }

  document.addEventListener("input", function (event) {
    var form = draftFormOf(event.target);
    if (form) { writeDraft(form); }
  });
  document.addEventListener("change", function (event) {
    var form = draftFormOf(event.target);
    if (form) { writeDraft(form); }
  });
  // 保存草稿 / 提交 as plain POSTs: if the session is gone by then, the text is still here.
  document.addEventListener("submit", function (event) {
    if (isDraftForm(event.target)) { writeDraft(event.target, true); }
  }, true);

  // A copy sent with a plain POST whose form is gone from the page it was sent from, now showing
  // a success message (已报送), reached the server: the view saves the content before anything
  // else and answers a refusal with the form again. The login and CSRF pages have other paths.
  function dropDelivered() {
    if (!store || !document.querySelector(".messages .msg-success")) { return; }
    var delivered = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (!key || key.indexOf(PREFIX) !== 0) { continue; }
      var draft = readDraft(key);
      var formKey = key.slice(PREFIX.length);
      var shown = Array.prototype.some.call(document.querySelectorAll("form[data-draft-key]"), function (form) {
        return form.getAttribute("data-draft-key") === formKey;
      });
      if (draft && draft.sent && draft.page === location.pathname && !shown) { delivered.push(key); }
    }
    delivered.forEach(function (key) { store.removeItem(key); });
  }

  /* ---------------------------------------------------------------- the autosave note */

  function noteOf(form) {
    var selector = form.getAttribute("hx-target");
    var note = null;
    try { note = selector ? document.querySelector(selector) : null; } catch (e) { note = null; }
    return note || form.querySelector(".autosave-note");
  }

  function noteSaving(form) {
    var note = noteOf(form);
    if (!note) { return; }
    note.className = note.className.replace(/\s*save-failed/g, "");
    note.textContent = text("saving");
  }

  function noteFailed(form) {
    var note = noteOf(form);
    if (!note) { return; }
    if (note.className.indexOf("save-failed") < 0) { note.className += " save-failed"; }
    note.textContent = text("save-failed") + "（";
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "link save-retry";
    retry.textContent = text("retry");
    retry.addEventListener("click", function () { saveNow(form); });
    note.appendChild(retry);
    note.appendChild(document.createTextNode("）"));
  }

  function saveNow(form) {
    var url = form.getAttribute("hx-post");
    if (!url || !window.htmx) { return; }
    window.htmx.ajax("POST", url, { source: form, target: noteOf(form), swap: "innerHTML" });
  }

  /* ---------------------------------------------------------------- the message bar */

  function bar() {
    var el = document.getElementById("site-alert");
    if (el) { return el; }
    el = document.createElement("div");
    el.id = "site-alert";
    el.className = "site-alert";
    el.setAttribute("role", "alert");
    var main = document.querySelector("main") || document.body;
    main.insertBefore(el, main.firstChild);
    return el;
  }

  function showBar(message, action, source) {
    var el = bar();
    el.innerHTML = "";
    el.hidden = false;
    el.fazhiSource = source || null;
    var say = document.createElement("span");
    say.textContent = message;
    el.appendChild(say);
    if (action) { el.appendChild(action); }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "site-alert-close";
    close.setAttribute("aria-label", text("close"));
    close.textContent = "×";
    close.addEventListener("click", function () { el.hidden = true; });
    el.appendChild(close);
  }

  function hideBarFor(source) {
    var el = document.getElementById("site-alert");
    if (el && !el.hidden && el.fazhiSource === source) { el.hidden = true; }
  }

  function link(label, href) {
    var a = document.createElement("a");
    a.className = "button primary";
    a.href = href;
    a.textContent = label;
    return a;
  }

  function reloadButton() {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "primary";
    b.textContent = text("reload");
    b.addEventListener("click", function () { location.reload(); });
    return b;
  }

  // Back to where the user was, down to the card: the server's X-Fazhi-Login cannot see the #anchor.
  function loginHref(source) {
    var login = text("login-url");
    var anchor = source && source.closest ? source.closest("[id^='card-']") : null;
    var here = location.pathname + location.search + (anchor ? "#" + anchor.id : location.hash);
    return login + "?next=" + encodeURIComponent(here);
  }

  function header(xhr, name) { try { return xhr.getResponseHeader(name); } catch (e) { return null; } }

  // What went wrong, and, when it happened to a form that keeps a copy, where the text is.
  function say(kind, source) {
    var form = isDraftForm(source) ? source : draftFormOf(source);
    return text(kind) + (form && store ? text(kind + "-kept") : "");
  }

  function explain(xhr, source) {
    var status = xhr.status;
    if (status === 401 || header(xhr, "X-Fazhi-Login") || landedOnLogin(xhr)) {
      return showBar(say("expired", source), link(text("login"), loginHref(source)), source);
    }
    if (status === 403 && header(xhr, "X-Fazhi-Csrf")) { return showBar(say("csrf", source), reloadButton(), source); }
    if (status === 403) { return showBar(text("forbidden"), reloadButton(), source); }
    if (status === 404) { return showBar(text("not-found"), reloadButton(), source); }
    if (status === 409) { return showBar(say("conflict", source), reloadButton(), source); }
    if (status === 413) { return showBar(text("too-large"), null, source); }
    if (status >= 500) { return showBar(say("server", source), retryButton(source), source); }
    showBar(text("other").replace("%(status)s", status), reloadButton(), source);
  }

  function landedOnLogin(xhr) {
    var landed = xhr && xhr.responseURL ? xhr.responseURL.split("?")[0] : "";
    var login = location.protocol + "//" + location.host + text("login-url");
    return landed === login;
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var form = isDraftForm(event.target) ? event.target : null;
    if (!form) { return; }
    event.detail.timeout = event.detail.timeout || SAVE_TIMEOUT_MS;
    form.fazhiSent = fieldsOf(form);
    if (noteOf(form) && event.detail.verb === "post") { noteSaving(form); }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    // A 409 that names where it goes is the card's own answer (the other version beside the
    // user's text); any other one is explained in the bar.
    if (xhr.status === 409 && header(xhr, "HX-Retarget")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      return;
    }
    // Without the server's 401 (an old proxy, a cached redirect) the login page must still never
    // land inside a card: a followed redirect to it is an expired session.
    if (event.detail.shouldSwap && landedOnLogin(xhr)) {
      event.detail.shouldSwap = false;
      event.detail.isError = true;
      explain(xhr, event.detail.elt);
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    var form = isDraftForm(elt) ? elt : null;
    var xhr = event.detail.xhr;
    var saved = event.detail.successful && xhr && xhr.status < 300 && !landedOnLogin(xhr) &&
      !header(xhr, "HX-Retarget");
    if (!saved) {
      if (form && noteOf(form) && document.body.contains(form)) { noteFailed(form); }
      if (form) { writeDraft(form); }
      return;
    }
    hideBarFor(elt);
    if (!form) { return; }
    // Saved: the copy goes, unless the user typed on while the save was on its way.
    if (form.fazhiSent && sameFields(form.fazhiSent, fieldsOf(form))) { dropDraft(form); } else { writeDraft(form); }
  });

  document.addEventListener("htmx:responseError", function (event) { explain(event.detail.xhr, event.detail.elt); });
  // For an autosaving form the bar offers the same 重试 as its note.
  function retryButton(source) {
    var form = isDraftForm(source) ? source : null;
    if (!form || !form.getAttribute("hx-post")) { return null; }
    var b = document.createElement("button");
    b.type = "button";
    b.className = "primary";
    b.textContent = text("retry");
    b.addEventListener("click", function () { saveNow(form); });
    return b;
  }

  document.addEventListener("htmx:sendError", function (event) {
    showBar(say("offline", event.detail.elt), retryButton(event.detail.elt), event.detail.elt);
  });
  document.addEventListener("htmx:timeout", function (event) {
    showBar(say("timeout", event.detail.elt), retryButton(event.detail.elt), event.detail.elt);
  });
  document.addEventListener("htmx:afterSettle", function (event) { checkDrafts(document, false); });

  /* ---------------------------------------------------------------- the sign-in running out */

  var WARN_BEFORE_MS = 10 * 60 * 1000;

  function hhmm(ms) { var d = new Date(ms); return pad(d.getHours()) + ":" + pad(d.getMinutes()); }

  function watchSession() {
    var holder = document.getElementById("forms-text");
    var expires = holder ? parseInt(holder.getAttribute("data-session-expires"), 10) : NaN;
    if (!expires) { return; }
    var now = Date.now();
    // setTimeout's delay is a 32-bit number of milliseconds; a longer session is not watched.
    if (expires - now > 0x7fffffff) { return; }
    setTimeout(function () {
      showBar(text("expiring").replace("%(time)s", hhmm(expires)), null, "session");
    }, Math.max(0, expires - WARN_BEFORE_MS - now));
    setTimeout(function () {
      showBar(text("ended"), link(text("login"), loginHref(null)), "session");
    }, Math.max(0, expires - now));
  }

  function start() { pruneOld(); dropDelivered(); checkDrafts(document, true); watchSession(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
