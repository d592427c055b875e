// The company picker of «Nueva solicitud»: while the person types, the matches come from the
// search endpoint. Without JavaScript the form's «Buscar» lists them on the page itself.
document.querySelectorAll("[data-company-picker]").forEach((form) => {
  const input = form.querySelector("input[name='q']");
  const results = document.querySelector("[data-picker-results]");
  const status = document.querySelector("[data-picker-status]");
  if (!input || !results || !status) {
    return;
  }
  let timer = null;
  let pending = null;

  const row = (company) => {
    const link = document.createElement("a");
    link.className = "list-group-item list-group-item-action";
    link.href = company.url;
    const name = document.createElement("div");
    name.className = "fw-semibold text-break";
    name.textContent = company.name;
    const detail = document.createElement("div");
    detail.className = "small text-body-secondary text-break";
    detail.textContent = company.detail;
    link.append(name, detail);
    return link;
  };

  const search = () => {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    const url = `${form.dataset.searchUrl}?${new URLSearchParams({ q: input.value })}`;
    fetch(url, {
      signal: pending.signal,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error("status"))))
      .then((data) => {
        results.replaceChildren(...data.results.map(row));
        status.textContent = data.message;
      })
      .catch((error) => {
        if (error.name !== "AbortError") {
          status.textContent = "No se pudo buscar ahora: presione «Buscar».";
        }
      });
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    // Wait for a pause in the typing instead of asking at every key.
    timer = setTimeout(search, 250);
  });
});
