// Optional: a search box that narrows the members' list as you type.
// Without JavaScript, the skill and village pages filter the same list.
(function () {
  var list = document.getElementById("membres");
  if (!list) { return; }
  var box = document.createElement("p");
  var label = document.createElement("label");
  label.htmlFor = "filtre";
  label.textContent = list.getAttribute("data-filter-label");
  var input = document.createElement("input");
  input.type = "search";
  input.id = "filtre";
  box.appendChild(label);
  box.appendChild(document.createTextNode(" "));
  box.appendChild(input);
  list.parentNode.insertBefore(box, list);
  var norm = function (s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var items = list.children;
  var texts = [];
  for (var i = 0; i < items.length; i++) { texts.push(norm(items[i].textContent)); }
  input.addEventListener("input", function () {
    var q = norm(input.value.trim());
    for (var i = 0; i < items.length; i++) {
      items[i].hidden = q !== "" && texts[i].indexOf(q) < 0;
    }
  });
})();
