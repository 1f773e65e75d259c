// The SPARQL page: YASQE for editing, the project's endpoint for answers, a table whose IRIs open their pages.
(function () {
  "use strict";
  const BASE = "https://w3id.org/hipskg/";
  const PREFIXES = JSON.parse(document.getElementById("prefixes").textContent);
  const CATALOGUE = JSON.parse(document.getElementById("catalogue").textContent);
  const textarea = document.getElementById("query-text");
  const results = document.getElementById("results");
  const status = document.getElementById("status");
  const assertedOnly = document.getElementById("asserted-only");
  const yasqe = Yasqe.fromTextArea(textarea, {
    autocompleters: ["variables"], // the others ask servers on the internet
    showQueryButton: false,
    persistenceId: null,
    resizeable: true,
    editorHeight: "260px",
    requestConfig: { endpoint: "/sparql", method: "POST" },
  });
  yasqe.query = function () { run(); return Promise.resolve(); }; // Ctrl-Enter runs here, never elsewhere

  function ask(accept) {
    const form = new URLSearchParams({ query: yasqe.getValue() });
    if (assertedOnly.checked) form.set("asserted-only", "true");
    return fetch("/sparql", { method: "POST", headers: { Accept: accept }, body: form });
  }

  function compact(iri) {
    for (const [prefix, namespace] of Object.entries(PREFIXES)) {
      if (iri.startsWith(namespace)) return prefix + ":" + iri.slice(namespace.length);
    }
    return iri;
  }

  function link(iri) {
    if (iri.startsWith(BASE) && !iri.slice(BASE.length).startsWith("/")) return "/" + iri.slice(BASE.length);
    return /^https?:\/\//i.test(iri) ? iri : null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    const href = term.type === "uri" ? link(term.value) : null;
    if (href !== null) {
      const a = document.createElement("a");
      a.href = href;
      a.textContent = compact(term.value);
      td.appendChild(a);
    } else if (term.type === "uri") {
      td.textContent = compact(term.value); // not a web IRI (javascript:, urn:...): text, never a link
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
    }
    return td;
  }

  function table(data) {
    if ("boolean" in data) {
      const p = document.createElement("p");
      p.textContent = "Answer: " + (data.boolean ? "yes" : "no");
      return p;
    }
    const t = document.createElement("table");
    t.className = "results";
    const head = t.createTHead().insertRow();
    for (const v of data.head.vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
    const body = t.createTBody();
    for (const binding of data.results.bindings) {
      const row = body.insertRow();
      for (const v of data.head.vars) row.appendChild(cell(binding[v]));
    }
    return t;
  }

  function warn(response) {
    // terms the ontology does not define, each with the closest ones: shown above the answer they may make short
    for (const note of JSON.parse(response.headers.get("Hipskg-Warnings") || "[]")) {
      const p = document.createElement("p");
      p.className = "message warning";
      p.textContent = "Warning: " + note;
      results.appendChild(p);
    }
  }

  async function run() {
    status.textContent = "running…";
    results.replaceChildren();
    const started = performance.now();
    const response = await ask("application/sparql-results+json, text/turtle;q=0.9");
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    warn(response);
    if (!response.ok) {
      status.textContent = "";
      const p = document.createElement("p");
      p.className = "message";
      p.textContent = response.status + ": " + (await response.text());
      results.appendChild(p);
      return;
    }
    if ((response.headers.get("content-type") || "").startsWith("text/turtle")) {
      const pre = document.createElement("pre");
      pre.textContent = await response.text();
      results.appendChild(pre);
      status.textContent = "a graph, in " + seconds + " s";
      return;
    }
    const data = await response.json();
    results.appendChild(table(data));
    status.textContent = ("boolean" in data ? "answered" : data.results.bindings.length + " rows") + " in " + seconds + " s";
  }

  async function download(accept, name) {
    const response = await ask(accept);
    if (!response.ok) { status.textContent = response.status + ": " + (await response.text()); return; }
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = name;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  document.getElementById("run").addEventListener("click", run);
  document.getElementById("download-csv").addEventListener("click", () => download("text/csv", "results.csv"));
  document.getElementById("download-json").addEventListener("click", () => download("application/sparql-results+json", "results.json"));
  for (const button of document.querySelectorAll("button.load")) {
    button.addEventListener("click", () => {
      yasqe.setValue(CATALOGUE[button.dataset.name]);
      window.scrollTo(0, 0);
    });
  }
})();
