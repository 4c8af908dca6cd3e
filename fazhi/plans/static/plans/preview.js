// A second click while the first confirm is on its way would only show the same plan; stop it early.
document.getElementById("confirm-form").addEventListener("submit", function () {
  document.getElementById("confirm-button").disabled = true;
});
// Show the 新建单位 fields only when that option is chosen.
document.querySelectorAll("td.picker").forEach(function (cell) {
  var select = cell.querySelector("select");
  var extra = cell.querySelector(".new-unit");
  if (!select || !extra) return;
  var sync = function () { extra.hidden = select.value !== "new"; };
  select.addEventListener("change", sync);
  sync();
});
// Typing in a task's review fields means “按修改后的内容”: choose it, so the edit is not lost on save.
document.addEventListener("input", function (event) {
  var form = event.target.closest && event.target.closest("form.task-review-form");
  if (!form || event.target.type === "radio") return;
  var edit = form.querySelector("input[name=action][value=edit]");
  if (edit) edit.checked = true;
});
