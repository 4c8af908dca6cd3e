// Show upload progress, then "解析中" while the server reads a large file.
// Without JavaScript the form posts normally.
(function () {
  var form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var box = document.getElementById("upload-progress");
    var bar = box.querySelector("progress");
    var label = box.querySelector(".progress-label");
    var button = form.querySelector("button[type=submit]");
    box.hidden = false;
    button.disabled = true;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round(e.loaded * 100 / e.total);
        label.textContent = form.dataset.msgUploading + " " + bar.value + "%";
      }
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value");
      label.textContent = form.dataset.msgParsing;
    });
    xhr.addEventListener("load", function () {
      if (xhr.responseURL && new URL(xhr.responseURL).pathname !== new URL(form.action, window.location.href).pathname) {
        window.location.href = xhr.responseURL;
        return;
      }
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var card = doc.getElementById("upload-card");
      if (card) {
        // Keep the chosen file and jurisdiction visible: only the messages change.
        document.querySelectorAll("#upload-form .errorlist").forEach(function (el) { el.remove(); });
        card.querySelectorAll(".errorlist").forEach(function (el) {
          box.parentNode.insertBefore(el, box);
        });
      }
      box.hidden = true;
      button.disabled = false;
    });
    xhr.addEventListener("error", function () {
      label.textContent = form.dataset.msgNetwork;
      button.disabled = false;
    });
    xhr.send(new FormData(form));
  });
})();
