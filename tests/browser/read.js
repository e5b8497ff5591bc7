// Opens every collapsed block (`<details>`) so that what it holds is checked too.
() => {
  document.querySelectorAll("details:not([open])").forEach((d) => {
    d.open = true;
  });
}
