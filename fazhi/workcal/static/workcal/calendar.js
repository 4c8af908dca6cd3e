/* 工作日历: keep the counts above the grid true while days are ticked (the grid itself needs no script). */
(function () {
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[name=flip]")) { return; }
    ["rest", "work"].forEach(function (kind) {
      var count = document.querySelector("[data-count=" + kind + "]");
      if (count) { count.textContent = document.querySelectorAll("input[name=flip][data-kind=" + kind + "]:checked").length; }
    });
  });
})();
