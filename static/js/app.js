// Behaviour that used to sit in inline handlers, which the Content-Security-Policy forbids:
//   <form data-confirm="Question?">   asks before submitting;
//   <select data-autosubmit>          submits its form on change;
//   <button data-copy="element-id" data-copied="Copied">   copies that input's value and says so
//                                     (in the button's [data-copy-status] part, read out by screen readers);
//   <input type="checkbox" data-check-all="name">  ticks every checkbox of that name.
document.addEventListener("submit", function (event) {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
}, true);

document.addEventListener("change", function (event) {
  const target = event.target;
  if (target.matches("select[data-autosubmit]") && target.form) target.form.requestSubmit();
  if (target.matches("input[data-check-all]")) {
    document.querySelectorAll('input[name="' + target.dataset.checkAll + '"]').forEach(function (box) {
      box.checked = target.checked;
    });
  }
});

document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  const status = document.getElementById(button.dataset.copy + "-status");
  function tell(text) {
    if (!status) return;
    status.textContent = text;
    window.clearTimeout(button.copyTimer);
    button.copyTimer = window.setTimeout(function () { status.textContent = ""; }, 4000);
  }
  function byHand() {
    source.focus();
    source.select();  // the address stays selected: Ctrl+C copies it
    tell(button.dataset.copyFailed || "");
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(source.value).then(function () { tell(button.dataset.copied || ""); }, byHand);
  } else {
    byHand();
  }
});
