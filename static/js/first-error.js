// After a refused submit, bring the first error into view and put the cursor on its field, so
// that on a phone the person sees what to fix instead of the top of a long form.
window.addEventListener("load", () => {
  const candidates = document.querySelectorAll(
    "main .is-invalid, main .invalid-feedback, main .alert-danger, main .errorlist"
  );
  const first = Array.from(candidates).find((element) => element.offsetParent !== null);
  if (!first) {
    return;
  }
  const field = first.matches("input, select, textarea")
    ? first
    : first.closest(".mb-3, .form-group, form")?.querySelector("input.is-invalid, select.is-invalid, textarea.is-invalid");
  const target = field && field.offsetParent !== null ? field : first;
  if (!target.matches("input, select, textarea, button, a")) {
    target.setAttribute("tabindex", "-1");
  }
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
});
