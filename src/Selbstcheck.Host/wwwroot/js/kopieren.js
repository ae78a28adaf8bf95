// Copy buttons (progressive enhancement): a button[data-kopieren="input-id"] is hidden until this script runs;
// without JavaScript the link stays a selectable read-only input with its label.
(function () {
  "use strict";
  function status(id, text) {
    var target = document.querySelector('[data-kopieren-status="' + id + '"]');
    if (target) target.textContent = text;
  }
  function copy(input) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(input.value);
    input.focus();
    input.select();
    return new Promise(function (resolve, reject) {
      if (document.execCommand && document.execCommand("copy")) resolve(); else reject(new Error("copy refused"));
    });
  }
  document.querySelectorAll("button[data-kopieren]").forEach(function (button) {
    var id = button.getAttribute("data-kopieren");
    var input = document.getElementById(id);
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(input).then(
        function () { status(id, "Der Link ist in der Zwischenablage."); },
        function () { input.focus(); input.select(); status(id, "Kopieren ging nicht: der Link ist markiert, bitte mit Strg+C kopieren."); });
    });
  });
})();
