// The results page's bar charts, from the data in <script id="charts" type="application/json">.
(function () {
  const data = document.getElementById("charts");
  if (!data || typeof Chart === "undefined") return;
  for (const c of JSON.parse(JSON.parse(data.textContent))) {
    const el = document.getElementById("chart-" + c.id);
    if (el) new Chart(el, {type: "bar", data: {labels: c.labels, datasets: [{data: c.counts, backgroundColor: "#0d6efd"}]},
      options: {maintainAspectRatio: false, animation: false, plugins: {legend: {display: false}}, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}});
  }
})();
