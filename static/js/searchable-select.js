// <select multiple data-searchable data-placeholder="…" data-no-results="…" data-remove-label="…">
// becomes a searchable list with removable chips (Tom Select, static/vendor/tom-select/): type a part
// of a name, pick with Enter or a click; no Ctrl+click. The original select keeps the values, so the
// form posts as before, and without JavaScript it stays a plain multiple select.
(function () {
  if (!window.TomSelect) return;
  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    const data = select.dataset;
    const label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    const control = new TomSelect(select, {
      plugins: { remove_button: { title: data.removeLabel || "" }, caret_position: {} },
      placeholder: data.placeholder || "",
      hidePlaceholder: false,
      closeAfterSelect: false,
      maxOptions: null,
      // After a pick the typed text goes, so the next name can be typed at once.
      onItemAdd: function () {
        this.setTextboxValue("");
        this.refreshOptions(false);
      },
      render: {
        no_results: function () {
          const div = document.createElement("div");
          div.className = "no-results";
          div.textContent = data.noResults || "";
          return div;
        },
      },
    });
    // Tom Select points the label at its search field; the original select, kept for the form,
    // keeps the label's name too (WCAG 4.1.2).
    if (label) {
      if (!label.id) label.id = select.id + "-label";
      select.setAttribute("aria-labelledby", label.id);
      if (control.control_input) control.control_input.setAttribute("aria-labelledby", label.id);
    }
  });
})();
