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
// Copy buttons: <button data-kopieren="#input-id" hidden> copies that input's value (shown only when the browser can copy).
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll('button[data-kopieren]').forEach(function (button) {
    var source = document.querySelector(button.getAttribute('data-kopieren'));
    if (!source) return;
    button.hidden = false;
    var label = button.querySelector('.kern-label') || button;
    var text = label.textContent;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(source.value).then(function () {
        label.textContent = 'Kopiert';
        setTimeout(function () { label.textContent = text; }, 2000);
      }, function () {
        source.select();
      });
    });
  });
})();
