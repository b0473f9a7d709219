// The network explorer: actors, coalitions, themes and programmes from explorer-data.js,
// drawn with Cytoscape.js at positions computed by coalitiegraaf (so every run looks the same).
// Text from the data is only ever set as textContent, never parsed as HTML.
(function () {
  "use strict";
  const data = window.COALITIEGRAAF_EXPLORER;
  const words = JSON.parse(document.getElementById("explorer-messages").textContent);
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  const cy = cytoscape({
    container: document.getElementById("network"),
    elements: [
      ...data.nodes.map((n) => ({ group: "nodes", data: { id: n.id, short: n.short, kind: n.kind,
        colour: data.kinds[n.kind].colour }, position: { x: n.x, y: n.y }, classes: n.core ? "" : "extra" })),
      ...data.edges.map((e, i) => ({ group: "edges", data: { id: "e" + i, source: e.source,
        target: e.target, label: e.label } })),
    ],
    layout: { name: "preset", fit: true, padding: 20 },
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", label: "data(short)",
        "font-size": 12, "text-valign": "bottom", "text-margin-y": 2, width: 14, height: 14,
        "text-wrap": "ellipsis", "text-max-width": 130, color: "#222", "min-zoomed-font-size": 6 } },
      { selector: 'node[kind = "coalition"], node[kind = "theme"]', style: { width: 24, height: 24,
        "font-size": 14, "font-weight": "bold" } },
      { selector: "edge", style: { width: 0.8, "line-color": "#c8c8c8", "curve-style": "haystack" } },
      { selector: ".faded", style: { opacity: 0.12 } },
      { selector: ".hidden", style: { display: "none" } },
      { selector: ".neighbour", style: { "border-width": 2, "border-color": "#333" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#000", "z-index": 10 } },
      { selector: "edge.neighbour", style: { "line-color": "#555", width: 2 } },
    ],
  });

  function element(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    Object.entries(attributes || {}).forEach(([key, value]) => node.setAttribute(key, value));
    return node;
  }

  function link(node) {
    return element("a", node.label, { href: node.page });
  }

  function neighbours(id) {
    const groups = new Map();
    data.edges.forEach((edge) => {
      const other = edge.source === id ? edge.target : edge.target === id ? edge.source : null;
      if (other === null) return;
      const node = byId.get(other);
      const key = node.kindLabel;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push([node, edge.label]);
    });
    return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  }

  function showDetails(node) {
    const body = document.getElementById("details-body");
    document.getElementById("details-empty").hidden = true;
    body.replaceChildren();
    body.append(element("h3", node.label), element("p", node.kindLabel, { class: "kind" }));
    if (node.alt.length) body.append(element("p", node.alt.join(" · "), { class: "alt" }));
    const open = element("p");
    open.append(element("a", words.open_page, { href: node.page }));
    body.append(open);
    neighbours(node.id).forEach(([kind, items]) => {
      body.append(element("h4", kind));
      const list = element("ul", undefined, { "data-kind": kind });
      items.sort((a, b) => a[0].label.localeCompare(b[0].label)).forEach(([other, label]) => {
        const item = element("li");
        item.append(link(other));
        if (label) item.append(document.createTextNode(" (" + label + ")"));
        list.append(item);
      });
      body.append(list);
    });
    if (node.evidence.length) {
      body.append(element("h4", words.evidence));
      node.evidence.forEach((e) => {
        const quote = element("blockquote", "“" + e.quote + "” ", { lang: "nl" });
        quote.append(element("a", e.passage, { href: e.href }));
        body.append(quote);
      });
    }
  }

  function select(id) {
    const node = byId.get(id);
    if (!node) return;
    cy.elements().removeClass("neighbour").unselect();
    const target = cy.getElementById(id);
    if (target.hasClass("hidden")) { toggle.checked = true; showAll(true); }
    target.select();
    target.connectedEdges().addClass("neighbour");
    target.neighborhood("node").addClass("neighbour");
    cy.animate({ center: { eles: target }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
    showDetails(node);
  }

  function search(text) {
    const results = document.getElementById("results");
    results.replaceChildren();
    const query = fold(text.trim());
    if (!query) return;
    data.nodes
      .filter((n) => [n.label, ...n.alt].some((name) => fold(name).includes(query)))
      .slice(0, 12)
      .forEach((n) => {
        const button = element("button", n.alt.length ? n.label + " (" + n.alt.join(", ") + ")" : n.label,
          { type: "button", "data-id": n.id });
        button.addEventListener("click", () => select(n.id));
        const item = element("li");
        item.append(button);
        results.append(item);
      });
  }

  const filters = {
    theme: (n, v) => n.themes.includes(v),
    coalition: (n, v) => n.coalitions.includes(v),
    type: (n, v) => n.type === v,
    role: (n, v) => n.roles.includes(v),
  };

  function applyFilters() {
    const chosen = [...document.querySelectorAll("select[data-facet]")]
      .filter((s) => s.value).map((s) => [s.dataset.facet, s.value]);
    cy.batch(() => {
      cy.nodes().forEach((element) => {
        const node = byId.get(element.id());
        const keep = chosen.every(([facet, value]) => filters[facet](node, value));
        element.toggleClass("faded", !keep);
      });
      cy.edges().forEach((edge) => edge.toggleClass("faded",
        edge.source().hasClass("faded") || edge.target().hasClass("faded")));
    });
  }

  function fillFilters() {
    const options = { theme: new Map(), coalition: new Map(), type: new Map(), role: new Map() };
    data.nodes.forEach((n) => {
      n.themes.forEach((t) => options.theme.set(t, byId.get(t) ? byId.get(t).label : t));
      n.coalitions.forEach((c) => options.coalition.set(c, byId.get(c) ? byId.get(c).label : c));
      if (n.type) options.type.set(n.type, n.type);
      n.roles.forEach((r) => options.role.set(r, r));
    });
    Object.entries(options).forEach(([facet, values]) => {
      const select = document.getElementById("filter-" + facet);
      [...values.entries()].sort((a, b) => a[1].localeCompare(b[1])).forEach(([value, label]) =>
        select.append(element("option", label, { value })));
      select.addEventListener("change", applyFilters);
    });
  }

  function fillLegend() {
    const legend = document.getElementById("legend");
    Object.values(data.kinds).forEach((kind) => {
      const item = element("li");
      const dot = element("span", undefined, { class: "dot" });
      dot.style.background = kind.colour;
      item.append(dot, document.createTextNode(kind.label));
      legend.append(item);
    });
  }

  // the first view: the themes, coalitions and collaborations and who takes part in them,
  // legible at once; the rest on request
  function showAll(all) {
    cy.batch(() => {
      cy.nodes(".extra").toggleClass("hidden", !all);
      cy.nodes().forEach((element) => {
        const node = byId.get(element.id());
        const [x, y] = all || !node.core ? [node.x, node.y] : node.core;
        element.position({ x, y });
      });
    });
    cy.fit(cy.nodes().not(".hidden"), 30);
  }

  const toggle = document.getElementById("show-all");
  toggle.addEventListener("change", () => showAll(toggle.checked));
  showAll(false);
  cy.on("tap", "node", (event) => select(event.target.id()));
  document.getElementById("search").addEventListener("input", (event) => search(event.target.value));
  fillFilters();
  fillLegend();
  window.explorer = { cy, select };
})();
