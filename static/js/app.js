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

// A table or timeline wider than the screen scrolls sideways: the keyboard must reach it too
// (WCAG 2.1.1). Each such wrapper becomes a focusable region named after its table's caption, the
// heading above it or, failing both, the page's word for a table (<body data-region-label>).
function labelScrollRegions(root) {
  const fallback = document.body.dataset.regionLabel || "";
  const regions = Array.from(root.querySelectorAll(".table-responsive, .timeline"));
  if (root.matches && root.matches(".table-responsive, .timeline")) regions.push(root);
  regions.forEach(function (region) {
    if (region.hasAttribute("tabindex")) return;
    region.setAttribute("tabindex", "0");
    region.setAttribute("role", "region");
    if (region.hasAttribute("aria-label") || region.hasAttribute("aria-labelledby")) return;
    const caption = region.querySelector("caption");
    let label = caption ? caption.textContent : "";
    if (!label) {
      const card = region.closest(".card");
      const heading = card && card.querySelector(".card-header, h2, h3, h4, h5");
      if (heading) label = heading.textContent;
    }
    if (!label) {
      let node = region.previousElementSibling;
      while (node && !label) {
        if (/^H[1-6]$/.test(node.tagName)) label = node.textContent;
        node = node.previousElementSibling;
      }
    }
    if (!label) {
      const h1 = document.querySelector("main h1");
      label = h1 ? h1.textContent : "";
    }
    region.setAttribute("aria-label", (label || fallback).replace(/\s+/g, " ").trim() || fallback);
  });
}
labelScrollRegions(document);
document.addEventListener("htmx:afterSwap", function (event) { labelScrollRegions(event.target); });

// A single select still on its empty choice («Выберите…») shows it in grey, like a placeholder.
function markPlaceholder(select) {
  const empty = !select.multiple && select.value === "" && select.options.length > 0 && select.options[0].value === "";
  select.classList.toggle("nv-placeholder-shown", empty);
}
document.querySelectorAll("select.form-select").forEach(markPlaceholder);
document.addEventListener("change", function (event) {
  if (event.target.matches("select.form-select")) markPlaceholder(event.target);
});
