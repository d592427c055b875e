// "Imprimir" buttons on the vacancy posting and the data-access page (no inline scripts: CSP).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
