// A search box over a long list of checkboxes (meeting invitations): typing part of a company
// or a person's name hides the others; checked boxes always stay visible. No inline script.
const fold = (text) =>
  text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();

document.querySelectorAll("[data-filter-for]").forEach((input) => {
  const list = document.getElementById(input.dataset.filterFor);
  if (!list) {
    return;
  }
  const items = Array.from(list.querySelectorAll(".form-check"));
  const counter = document.getElementById(input.dataset.counter || "");
  const update = () => {
    const query = fold(input.value);
    let shown = 0;
    items.forEach((item) => {
      const checked = item.querySelector("input")?.checked;
      const match = !query || fold(item.textContent).includes(query);
      item.hidden = !(match || checked);
      shown += item.hidden ? 0 : 1;
    });
    if (counter) {
      const chosen = items.filter((item) => item.querySelector("input")?.checked).length;
      counter.textContent = `${chosen} elegidos · ${shown} de ${items.length} a la vista`;
    }
  };
  input.addEventListener("input", update);
  list.addEventListener("change", update);
  update();
});
