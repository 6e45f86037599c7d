// The top bar's menu button (narrow screens, see zhichan.css): opens and closes the menu; Escape or a click
// outside closes it. Without JavaScript, zhichan-nojs.css shows the menu open and hides the button.
const bar = document.querySelector(".topbar");
const button = bar && bar.querySelector(".menu-button");

function setOpen(open) {
  bar.classList.toggle("open", open);
  button.setAttribute("aria-expanded", String(open));
}

if (bar && button) {
  button.addEventListener("click", () => setOpen(!bar.classList.contains("open")));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && bar.classList.contains("open")) {
      setOpen(false);
      button.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (bar.classList.contains("open") && !bar.contains(event.target)) setOpen(false);
  });
}
