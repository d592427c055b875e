// After a refused submit, bring the first error into view and put the cursor on its field, so
// that on a phone the person sees what to fix instead of the top of a long form.
window.addEventListener("load", () => {
  const visible = (element) => element && element.offsetParent !== null;
  const errors = Array.from(
    document.querySelectorAll(
      "main .is-invalid, main .invalid-feedback, main .alert-danger, main .errorlist"
    )
  ).filter(visible);
  if (errors.length === 0) {
    return;
  }
  // A page that already chose the field (the box confirming a warning) keeps its choice.
  const chosen = document.querySelector("main [autofocus]");
  const first = errors[0];
  const field = visible(chosen)
    ? chosen
    : first.matches("input, select, textarea")
      ? first
      : first
          .closest(".mb-3, .form-group, form")
          ?.querySelector("input.is-invalid, select.is-invalid, textarea.is-invalid");
  const target = visible(field) ? field : first;
  if (!target.matches("input, select, textarea, button, a")) {
    target.setAttribute("tabindex", "-1");
  }
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
});
