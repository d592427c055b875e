// Monthly trend charts of the dashboard. The figures come from a JSON block in the page
// (no inline script, so the Content-Security-Policy can forbid them).
(function () {
  "use strict";
  var source = document.getElementById("dashboard-trend");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#0d6efd", "#fd7e14", "#198754"];

  function draw(canvasId, series) {
    var canvas = document.getElementById(canvasId);
    if (!canvas) {
      return;
    }
    var datasets = Object.keys(series).map(function (label, index) {
      return {
        label: label,
        data: series[label],
        borderColor: colours[index % colours.length],
        backgroundColor: colours[index % colours.length],
        tension: 0.2
      };
    });
    new Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  draw("chart-companies", data.companies);
  draw("chart-employment", data.employment);
})();
