// The top bar's menu (zhichan.css): below 1100px CSS folds it behind the menu button; wider, it folds (.folded)
// only when it does not fit in one row (a longer language, a longer menu). The button toggles .open; Escape or a
// click outside closes it. Without JavaScript, zhichan-nojs.css keeps the menu unfolded and hides the button.
const bar = document.querySelector(".topbar");
const button = bar && bar.querySelector(".menu-button");
const menu = bar && bar.querySelector(".menu");

function setOpen(open) {
  bar.classList.toggle("open", open);
  button.setAttribute("aria-expanded", String(open));
}

function fit() {
  bar.classList.remove("folded");
  if (getComputedStyle(button).display !== "none") return;  // already folded by the narrow-screen rules
  if (menu.scrollWidth > menu.clientWidth + 1 || bar.scrollWidth > bar.clientWidth + 1) {
    bar.classList.add("folded");
  }
}

if (bar && button && menu) {
  fit();
  let pending = false;
  window.addEventListener("resize", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; fit(); });
  });
  if (document.fonts) document.fonts.ready.then(fit);
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

// A menu group (<details class="menu-group">, core/context_processors.GROUPS) closes on a click outside it or Escape.
document.addEventListener("click", (event) => {
  for (const group of document.querySelectorAll(".menu-group[open]")) {
    if (!group.contains(event.target)) group.open = false;
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const group of document.querySelectorAll(".menu-group[open]")) group.open = false;
});
