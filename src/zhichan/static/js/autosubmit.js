// A <select data-autosubmit> sends its form as soon as it changes (the language switch, the public statistics' city).
for (const select of document.querySelectorAll("select[data-autosubmit]")) {
  select.addEventListener("change", () => select.form.submit());
}
