// Django's messages as toasts (templates/includes/messages.html). Without JavaScript they stay as
// alerts above the page. With it, each moves into the live region at the bottom right: a success or
// a note (role=status, read out politely) closes itself after a while unless the pointer or the
// focus is on it; a warning or an error (role=alert) stays until it is closed: nothing is refused
// out of sight.
(function () {
  const region = document.querySelector("[data-toast-region]");
  const source = document.querySelector("[data-toasts]");
  if (!region || !window.bootstrap) return;
  const icons = { success: "bi-check-circle-fill", info: "bi-info-circle-fill", warning: "bi-exclamation-triangle-fill", error: "bi-x-octagon-fill", debug: "bi-info-circle" };
  const lasting = { warning: true, error: true };
  // A toast in the live region: a success or a note closes itself after a while unless the pointer
  // or the focus is on it; a warning or an error stays until closed.
  function show(level, content, closeLabel) {
    const toast = document.createElement("div");
    toast.className = "toast fade nv-toast alert-" + (level === "error" ? "danger" : level);
    // The region announces a success politely; a warning or an error interrupts.
    if (lasting[level]) toast.setAttribute("role", "alert");
    toast.setAttribute("aria-atomic", "true");
    toast.dataset.level = level;
    const body = document.createElement("div");
    body.className = "toast-body";
    const icon = document.createElement("i");
    icon.className = "bi " + (icons[level] || icons.info);
    icon.setAttribute("aria-hidden", "true");
    const text = document.createElement("div");
    text.className = "flex-grow-1";
    if (typeof content === "string") text.textContent = content; else text.append(...content);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn-close";
    button.setAttribute("data-bs-dismiss", "toast");
    button.setAttribute("aria-label", closeLabel || region.dataset.closeLabel || "");
    body.append(icon, text, button);
    toast.append(body);
    region.append(toast);
    const instance = bootstrap.Toast.getOrCreateInstance(toast, { autohide: !lasting[level], delay: 8000 });
    toast.addEventListener("hidden.bs.toast", function () { toast.remove(); });
    instance.show();
  }
  // A change saved in place (htmx) says so too: the view sends {"nv-toast": {"level", "text"}} in
  // its HX-Trigger header.
  document.body.addEventListener("nv-toast", function (event) {
    const detail = event.detail || {};
    const data = detail.value || detail;
    if (data.text) show(data.level || "success", data.text);
  });
  if (!source) return;
  const alerts = Array.from(source.querySelectorAll(".alert"));
  // Filled after the region is in place, so screen readers announce what is added.
  window.setTimeout(function () {
    alerts.forEach(function (alert) {
      const level = alert.dataset.level || "info";
      const close = alert.querySelector(".btn-close");
      const label = close ? close.getAttribute("aria-label") : "";
      if (close) close.remove();
      show(level, Array.from(alert.childNodes), label);
    });
    source.remove();
  }, 150);
  // Until then the alerts are not shown twice.
  source.classList.add("nv-messages-moving");
})();
