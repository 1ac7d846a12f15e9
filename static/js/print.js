// Before printing: each link's full address (printed after it by site.css) and the date of
// printing in the page's language. Without this file, the links' own addresses are printed.
addEventListener("beforeprint", () => {
  for (const link of document.querySelectorAll("main a[href]:not([href^='#'])")) {
    link.dataset.printHref = link.href;
  }
  const date = document.getElementById("print-date");
  if (date) {
    const language = document.documentElement.lang;
    date.textContent = "· " + new Intl.DateTimeFormat(language, { dateStyle: "long" }).format(new Date());
  }
});
