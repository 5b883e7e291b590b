// The program monitoring page's charts, from <script id="monitoring-charts" type="application/json">.
  (function () {
    // Long labels (stage names) on lines of at most 28 characters, so that none is cut at the axis.
    const wrap = (label) => {
      const lines = [];
      for (const word of String(label).split(" ")) {
        const last = lines.length - 1;
        if (last >= 0 && (lines[last] + " " + word).length <= 28) lines[last] += " " + word;
        else lines.push(word);
      }
      return lines;
    };
    const charts = JSON.parse(document.getElementById("monitoring-charts").textContent);
    for (const [key, c] of Object.entries(charts)) {
      const el = document.getElementById("chart-" + key);
      if (!el || !c.labels.length) continue;
      const datasets = c.series
        ? c.series.map((s) => ({label: s.label, data: s.values, backgroundColor: s.color}))
        : [{data: c.values, backgroundColor: "#0d6efd"}];
      new Chart(el, {type: "bar", data: {labels: c.labels.map(wrap), datasets: datasets},
        options: {indexAxis: "y", maintainAspectRatio: false, animation: false,
          plugins: {legend: {display: !!c.series}},
          scales: {x: {beginAtZero: true, max: c.max}, y: {ticks: {autoSkip: false}}}}});
    }
  })();
