// The budget page's chart: each buyer's spend and reservations against the budget for the
// current period. The table below it says the same without a script.
(function () {
  const data = document.getElementById('budget-chart-data');
  const canvas = document.getElementById('budget-chart');
  if (!data || !canvas || typeof Chart === 'undefined') return;
  const { labels, rows } = JSON.parse(data.textContent);
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.label),
      datasets: [
        { label: labels.spent, data: rows.map((r) => r.spent), backgroundColor: '#0b5cad', stack: 'used' },
        { label: labels.reserved, data: rows.map((r) => r.reserved), backgroundColor: '#b7791f', stack: 'used' },
        { label: labels.amount, data: rows.map((r) => r.amount), backgroundColor: '#c9d3df', stack: 'budget' },
      ],
    },
    options: { indexAxis: 'y', responsive: true, plugins: { legend: { position: 'bottom' } } },
  });
})();
