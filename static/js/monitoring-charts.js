// The program monitoring page's charts, from <script id="monitoring-charts" type="application/json">.
  (function () {
    const charts = JSON.parse(document.getElementById("monitoring-charts").textContent);
    for (const [key, c] of Object.entries(charts)) {
      const el = document.getElementById("chart-" + key);
      if (!el || !c.labels.length) continue;
      const datasets = c.series
        ? c.series.map((s) => ({label: s.label, data: s.values, backgroundColor: s.color}))
        : [{data: c.values, backgroundColor: "#0d6efd"}];
      new Chart(el, {type: "bar", data: {labels: c.labels, datasets: datasets},
        options: {indexAxis: "y", maintainAspectRatio: false, animation: false,
          plugins: {legend: {display: !!c.series}},
          scales: {x: {beginAtZero: true, max: c.max}, y: {ticks: {autoSkip: false}}}}});
    }
  })();
