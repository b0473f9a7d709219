// Filter a list as you type: the input's data-filter names the items to show or hide.
(function () {
  "use strict";
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  document.querySelectorAll("input[data-filter]").forEach((input) => {
    const items = [...document.querySelectorAll(input.dataset.filter)];
    input.addEventListener("input", () => {
      const wanted = fold(input.value.trim());
      items.forEach((item) => { item.hidden = wanted !== "" && !fold(item.textContent).includes(wanted); });
    });
  });
})();
