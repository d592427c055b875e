// On a phone, lists marked .table-stack show each row as a card (static/css/app.css); each cell
// is labelled with its column's header so the card reads «Último contacto: 03-12-2026».
document.querySelectorAll("table.table-stack").forEach((table) => {
  const headers = Array.from(table.querySelectorAll("thead th")).map((th) =>
    th.textContent.replace(/\s+/g, " ").trim()
  );
  table.querySelectorAll("tbody tr").forEach((row) => {
    Array.from(row.children).forEach((cell, index) => {
      if (!cell.hasAttribute("colspan") && headers[index] && !cell.dataset.label) {
        cell.dataset.label = headers[index];
      }
    });
  });
});
