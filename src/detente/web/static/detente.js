// detente explorer: a few lines of plain JavaScript (no framework, no network beyond this server).
"use strict";

function show(el, text) { el.textContent = text; el.hidden = !text; }

async function postJSON(url, body) {
  const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(await errorText(r));
  return r;
}

async function errorText(r) {
  try {
    const j = await r.json();
    if (typeof j.detail === "string") return j.detail;
    if (Array.isArray(j.detail)) return j.detail.map(d => (d.loc || []).slice(1).join(".") + ": " + d.msg).join("; ");
  } catch (e) { /* not JSON */ }
  return "request failed (HTTP " + r.status + ")";
}

function fmt(v) {
  if (typeof v === "number") {
    if (Math.abs(v) < 1e-9) return "0";
    if (Number.isInteger(v)) return v.toLocaleString("en");
    return Math.abs(v) >= 1000 ? v.toLocaleString("en", { maximumFractionDigits: 1 }) : Number(v.toPrecision(4)).toString();
  }
  if (v === null || v === undefined) return "n/a";
  return String(v);
}

function label(k) { return k.replaceAll("_", " "); }

// columns of equal length -> one table with a header row
function gridTable(cols) {
  const t = document.createElement("table"), names = Object.keys(cols);
  t.className = "grid";
  const head = t.createTHead().insertRow();
  names.forEach(n => { const th = document.createElement("th"); th.textContent = label(n); head.appendChild(th); });
  const body = t.createTBody();
  for (let i = 0; i < cols[names[0]].length; i++) {
    const tr = body.insertRow();
    names.forEach(n => { tr.insertCell().textContent = fmt(cols[n][i]); });
  }
  return t;
}

// any JSON result -> nested tables: records as rows, equal-length number lists as columns
function table(obj) {
  if (Array.isArray(obj)) {
    const cols = {};
    obj.forEach((r, i) => { for (const [k, v] of Object.entries(r)) { (cols[k] ||= Array(obj.length).fill(null))[i] = v; } });
    return gridTable(cols);
  }
  const t = document.createElement("table");
  const lists = Object.entries(obj).filter(([, v]) => Array.isArray(v) && v.length && typeof v[0] !== "object");
  const columns = lists.length >= 2 && lists.every(([, v]) => v.length === lists[0][1].length);
  for (const [k, v] of Object.entries(obj)) {
    if (columns && lists.some(([name]) => name === k)) continue;
    const tr = t.insertRow();
    tr.insertCell().textContent = label(k);
    const td = tr.insertCell();
    if (Array.isArray(v) && v.length && typeof v[0] === "object") td.appendChild(table(v));
    else if (Array.isArray(v)) td.textContent = v.map(fmt).join(", ");
    else if (v && typeof v === "object") td.appendChild(table(v));
    else td.textContent = fmt(v);
  }
  if (columns) { const td = t.insertRow().insertCell(); td.colSpan = 2; td.appendChild(gridTable(Object.fromEntries(lists))); }
  return t;
}

function debounce(fn, ms) { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; }

// --- model page --------------------------------------------------------------------------
function modelPage(root) {
  const name = root.dataset.model, form = document.getElementById("params");
  const err = document.getElementById("error"), method = document.getElementById("method");
  const lamRow = document.getElementById("lam-row");
  let seq = 0;
  const lamInput = document.getElementById("lam");  // absent when the model sets lambda itself
  const request = () => {
    const params = {};
    form.querySelectorAll("[data-param]").forEach(i => { params[i.name] = Number(i.value); });
    const body = { params, method: method.value };
    if (lamInput) body.lam = Number(lamInput.value);
    return body;
  };
  // the tree is slower to draw than the equilibrium is to solve: one drawing at a time,
  // then one more with the latest values if they changed meanwhile
  const treeEl = document.getElementById("tree");
  let treeBusy = false, treeAgain = false;
  const drawTree = async () => {
    if (!treeEl) return;
    if (treeBusy) { treeAgain = true; return; }
    treeBusy = true;
    try {
      do {
        treeAgain = false;
        const svg = await (await postJSON(`/api/models/${name}/tree`, request())).text();
        if (!treeAgain) treeEl.innerHTML = svg;
      } while (treeAgain);
    } catch (e) { show(err, e.message); }
    finally { treeBusy = false; }
  };
  // the model's own picture (rung-reach bars, posterior curve...): same one-at-a-time rule
  const pictureEl = document.getElementById("picture");
  let pictureBusy = false, pictureAgain = false;
  const drawPicture = async () => {
    if (!pictureEl) return;
    if (pictureBusy) { pictureAgain = true; return; }
    pictureBusy = true;
    try {
      do {
        pictureAgain = false;
        const svg = await (await postJSON(`/api/models/${name}/picture`, { params: request().params })).text();
        if (!pictureAgain) { pictureEl.innerHTML = svg; pictureEl.dataset.drawn = String(Number(pictureEl.dataset.drawn || 0) + 1); }
      } while (pictureAgain);
    } catch (e) { show(err, e.message); }
    finally { pictureBusy = false; }
  };
  const update = async () => {
    const mine = ++seq, body = request();
    lamRow.hidden = body.method !== "qre";
    form.querySelectorAll("[data-param]").forEach(i => { document.getElementById("out-" + i.name).textContent = Number(Number(i.value).toPrecision(3)).toString(); });
    drawTree();
    drawPicture();
    try {
      const sol = await (await postJSON(`/api/models/${name}/solve`, body)).json();
      if (mine !== seq) return;
      show(err, "");
      document.getElementById("outcome").textContent = sol.outcome;
      const probs = document.querySelector("#outcome-probs tbody"); probs.innerHTML = "";
      for (const [k, v] of Object.entries(sol.outcomes)) { const tr = probs.insertRow(); tr.insertCell().textContent = k; tr.insertCell().textContent = v.toFixed(3); }
      const st = document.querySelector("#strategy tbody"); st.innerHTML = "";
      for (const [who, moves] of Object.entries(sol.strategy)) {
        const tr = st.insertRow(); tr.insertCell().textContent = who;
        tr.insertCell().textContent = Object.entries(moves).filter(([, p]) => p > 0.0005).map(([m, p]) => `${m} ${p.toFixed(3)}`).join(", ");
      }
      document.getElementById("equilibria").textContent = sol.equilibria ? `${sol.equilibria.length} pure perfect Bayesian equilibria; ${sol.selected_equilibrium === null ? "none is selected" : "the selected one is shown"}` : "";
      document.getElementById("no-pure").hidden = sol.selected_equilibrium !== null;
      const th = document.querySelector("#theory tbody"); th.innerHTML = "";
      for (const [k, v] of Object.entries(sol.theory)) { const tr = th.insertRow(); tr.insertCell().textContent = k; tr.insertCell().textContent = fmt(v); }
      root.dataset.ready = String(mine);
    } catch (e) { if (mine === seq) show(err, e.message); }
  };
  const later = debounce(update, 120);
  form.addEventListener("input", later);
  form.addEventListener("reset", () => setTimeout(update, 0));
  update();

  const mapForm = document.getElementById("map-form"), img = document.getElementById("map");
  const mapErr = document.getElementById("map-error");
  mapForm.addEventListener("submit", async ev => {
    ev.preventDefault();
    const f = new FormData(mapForm), n = Number(f.get("n")), cur = request().params;
    const x = f.get("x"), y = f.get("y"); delete cur[x]; delete cur[y];
    try {
      const r = await postJSON(`/api/models/${name}/map`, { x: { name: x, n }, y: { name: y, n }, fixed: cur, method: method.value, format: "png" });
      if (img.src) URL.revokeObjectURL(img.src);
      img.src = URL.createObjectURL(await r.blob()); img.hidden = false; show(mapErr, "");
    } catch (e) { show(mapErr, e.message); }
  });
}

// --- stability calculators ------------------------------------------------------------------
function calculator(form) {
  const out = form.querySelector(".calc-result");
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const body = {};
    form.querySelectorAll("input, select").forEach(i => {
      if (i.dataset.list !== undefined) body[i.name] = i.value.split(",").filter(s => s.trim()).map(Number);
      else body[i.name] = i.type === "number" ? Number(i.value) : i.value;
    });
    out.innerHTML = "";
    const fig = form.querySelector(".calc-figure");
    if (fig) { fig.innerHTML = ""; fig.hidden = true; }
    try {
      const data = await (await postJSON(form.dataset.api, body)).json();
      out.appendChild(table(data));
      // the line plot (an SVG drawn by the server from the same request) above the table
      if (fig && form.dataset.figure) { fig.innerHTML = await (await postJSON(form.dataset.figure, body)).text(); fig.hidden = false; }
    } catch (e) { const p = document.createElement("p"); p.className = "error"; p.setAttribute("role", "alert"); p.textContent = e.message; out.appendChild(p); }
  });
}

// --- scenarios ---------------------------------------------------------------------------------
function icbPage(form) {
  const err = document.getElementById("icb-error"), text = document.getElementById("icb-toml");
  const link = document.getElementById("icb-analyze");
  form.addEventListener("submit", async ev => {
    ev.preventDefault(); show(err, "");
    const n = Number(document.getElementById("crisno").value);
    try {
      const r = await fetch(`/api/icb/${n}/scenario`); if (!r.ok) throw new Error(await errorText(r));
      text.value = (await r.json()).toml; text.hidden = false;
      link.href = `/scenarios?icb=${n}`; link.hidden = false;
    } catch (e) { text.hidden = true; link.hidden = true; show(err, e.message); }
  });
}

function scenarioPage(form) {
  const text = document.getElementById("toml"), err = document.getElementById("scenario-error");
  // a new scenario in the editor: the judgements form (scenario_form.js) reads it
  const load = t => { text.value = t; text.dispatchEvent(new Event("detente:loaded")); };
  const icb = new URLSearchParams(location.search).get("icb");
  if (icb) fetch(`/api/icb/${encodeURIComponent(icb)}/scenario`).then(async r => {
    if (!r.ok) throw new Error(await errorText(r)); load((await r.json()).toml);
  }).catch(e => show(err, e.message));
  const bar = document.getElementById("progress"), stage = document.getElementById("stage");
  const row = document.getElementById("progress-row"), panel = document.getElementById("report-panel");
  document.getElementById("bundled").addEventListener("change", async ev => {
    if (!ev.target.value) return;
    try { const r = await fetch(`/api/scenarios/${encodeURIComponent(ev.target.value)}`); if (!r.ok) throw new Error(await errorText(r)); load((await r.json()).toml); show(err, ""); }
    catch (e) { show(err, e.message); }
  });
  document.getElementById("upload").addEventListener("change", ev => {
    const file = ev.target.files[0]; if (!file) return;
    if (file.size > 65536) { show(err, `${file.name} is ${file.size} bytes; the limit is 65536`); return; }
    file.text().then(t => { load(t); document.getElementById("bundled").value = ""; show(err, ""); });
  });
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    show(err, ""); panel.hidden = true;
    const button = document.getElementById("run"); button.disabled = true;
    try {
      const picked = document.getElementById("bundled").value;
      const body = { toml: text.value, name: picked || "uploaded_scenario", draws: Number(document.getElementById("draws").value), seed: Number(document.getElementById("seed").value),
        interventions: document.getElementById("interventions").value.split(",").map(x => x.trim()).filter(Boolean) };
      let job = await (await postJSON("/api/scenarios/jobs", body)).json();
      row.hidden = false;
      while (job.status === "queued" || job.status === "running") {
        bar.value = job.progress; stage.textContent = job.stage || job.status;
        await new Promise(r => setTimeout(r, 250));
        const r = await fetch(`/api/scenarios/jobs/${job.id}`); if (!r.ok) throw new Error(await errorText(r));
        job = await r.json();
      }
      if (job.status === "failed") throw new Error(job.error);
      bar.value = 1; stage.textContent = "done";
      document.getElementById("report").src = job.report_url;
      document.getElementById("report-link").href = job.report_url;
      const run = document.getElementById("run-link"); run.href = `/runs/${job.run_id}`; run.textContent = `run ${job.run_id}`;
      panel.hidden = false;
    } catch (e) { row.hidden = true; show(err, e.message); }
    finally { button.disabled = false; }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const m = document.getElementById("model-page"); if (m) modelPage(m);
  document.querySelectorAll("form.calc").forEach(calculator);
  const s = document.getElementById("scenario-form"); if (s) scenarioPage(s);
  const v = document.getElementById("icb-form"); if (v) icbPage(v);
});
