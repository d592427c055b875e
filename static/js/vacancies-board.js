// On the referral board, the start date and contract of a hire are shown only when the
// chosen stage is "Contratado". Without JavaScript they simply stay visible.
document.querySelectorAll("[data-stage-form]").forEach((form) => {
  const stage = form.querySelector("select[name$='-stage']");
  const hireFields = form.querySelector("[data-hire-fields]");
  if (!stage || !hireFields) {
    return;
  }
  const sync = () => {
    const hiring = stage.value === "hired";
    const hasErrors = hireFields.querySelector(".is-invalid") !== null;
    hireFields.hidden = !(hiring || hasErrors);
  };
  stage.addEventListener("change", sync);
  sync();
});
