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
