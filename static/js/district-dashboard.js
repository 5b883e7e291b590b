// The district dashboard's two bar charts, from <script id="dashboard-chart" type="application/json">.
  (function () {
    const data = JSON.parse(document.getElementById("dashboard-chart").textContent);
    const options = (max) => ({indexAxis: "y", maintainAspectRatio: false, animation: false,
      plugins: {legend: {display: false}}, scales: {x: {beginAtZero: true, max: max}}});
    new Chart(document.getElementById("chart-progress"), {type: "bar",
      data: {labels: data.labels, datasets: [{data: data.progress,
        backgroundColor: data.overdue.map((n) => n ? "#dc3545" : "#198754")}]}, options: options(100)});
    new Chart(document.getElementById("chart-satisfaction"), {type: "bar",
      data: {labels: data.labels, datasets: [{data: data.satisfaction, backgroundColor: "#0d6efd"}]}, options: options(10)});
  })();
