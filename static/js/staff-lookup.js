// The boxes where a colleague is chosen by name: while the person types, a few names come from
// /equipo/buscar/ as suggestions; choosing one sends that person's id. Without JavaScript the
// typed name is sent and the server finds the person.
document.querySelectorAll("input[data-staff-lookup]").forEach((input, number) => {
  const name = input.name;
  const list = document.createElement("datalist");
  list.id = `staff-lookup-${number}`;
  input.after(list);
  input.setAttribute("list", list.id);
  const hidden = document.createElement("input");
  hidden.type = "hidden";
  let people = new Map();
  let timer = null;
  let pending = null;

  const choose = () => {
    const id = people.get(input.value);
    if (id) {
      hidden.name = name;
      hidden.value = id;
      input.removeAttribute("name");
      input.after(hidden);
    } else {
      hidden.remove();
      input.name = name;
    }
  };

  const search = () => {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    const query = { q: input.value };
    if (input.dataset.onlyActive) {
      query.activos = "1";
    }
    fetch(`${input.dataset.staffLookup}?${new URLSearchParams(query)}`, {
      signal: pending.signal,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error("status"))))
      .then((data) => {
        people = new Map(data.results.map((person) => [person.text, String(person.id)]));
        list.replaceChildren(
          ...data.results.map((person) => {
            const option = document.createElement("option");
            option.value = person.text;
            return option;
          }),
        );
        choose();
      })
      .catch(() => {
        // Without suggestions the typed name is still sent and resolved by the server.
      });
  };

  if (input.dataset.staffId) {
    people.set(input.value, input.dataset.staffId);
    choose();
  }

  input.addEventListener("input", () => {
    choose();
    clearTimeout(timer);
    // Wait for a pause in the typing instead of asking at every key.
    timer = setTimeout(search, 250);
  });
});
