// detente explorer: the Scenarios page's "Judgements" form. Sliders for a scenario's
// judgements (as ranges low..high) that rewrite the TOML editor through the server
// (POST /api/scenarios/form/toml), so the editor always holds TOML that loads.
// Uses postJSON, show and debounce from detente.js.
"use strict";

function judgementForm(panel) {
  const text = document.getElementById("toml"), box = document.getElementById("judgement-groups");
  const err = document.getElementById("judgement-error"), scenarioForm = document.getElementById("scenario-form");
  let pending = {}, busy = false, idle = Promise.resolve(), rows = {};

  // a value as the slider leaves it, rounded to a thousandth of the allowed range
  const tidy = (v, f) => {
    const digits = Math.max(0, Math.ceil(-Math.log10((f.max - f.min) / 1000)));
    return Math.min(f.max, Math.max(f.min, Number(v.toFixed(digits))));
  };

  const row = (f, i) => {
    const div = document.createElement("div");
    div.className = "judgement"; div.dataset.path = f.path;
    const name = document.createElement("div"); name.className = "name";
    const title = document.createElement("span"); title.id = `judgement-${i}`; title.textContent = f.label;
    const note = document.createElement("span"); note.className = "hint source";
    name.append(title, " ", note); div.appendChild(name);
    const ends = {};
    for (const end of ["lo", "hi"]) {
      const label = document.createElement("label"); label.className = "end";
      const word = end === "lo" ? "low" : "high";
      const slider = document.createElement("input"), number = document.createElement("input");
      slider.type = "range"; number.type = "number";
      for (const el of [slider, number]) {
        el.min = f.min; el.max = f.max; el.step = "any"; el.value = f[end]; el.dataset.end = end;
      }
      slider.setAttribute("aria-label", `${f.label}: ${word} end`);
      number.setAttribute("aria-label", `${f.label}: ${word} end, exact value`);
      slider.className = "slide"; number.className = "num";
      const w = document.createElement("span"); w.className = "word"; w.textContent = word;
      label.append(w, slider, number); div.appendChild(label);
      ends[end] = { slider, number };
    }
    const state = { f, ends, note, lo: f.lo, hi: f.hi };
    const set = state.set = (end, v, from) => {
      state[end] = v;
      if (from !== "slider") ends[end].slider.value = v;
      if (from !== "number") ends[end].number.value = v;
    };
    const moved = (end, v, from) => {
      set(end, v, from);
      if (end === "lo" && state.hi < v) set("hi", v);  // the ends never cross
      if (end === "hi" && state.lo > v) set("lo", v);
      pending[f.path] = [state.lo, state.hi];
      later();
    };
    for (const end of ["lo", "hi"]) {
      const { slider, number } = ends[end];
      slider.addEventListener("input", () => moved(end, tidy(Number(slider.value), f), "slider"));
      number.addEventListener("change", () => {
        if (number.value === "" || !Number.isFinite(Number(number.value))) { number.value = state[end]; return; }
        moved(end, Math.min(f.max, Math.max(f.min, Number(number.value))));
      });
      number.addEventListener("keydown", ev => {  // Enter commits the number, not the whole form
        if (ev.key === "Enter") { ev.preventDefault(); number.dispatchEvent(new Event("change")); }
      });
    }
    state.describe = g => { note.textContent = `(${g.source}; allowed ${g.min} to ${g.max})`; };
    state.describe(f);
    state.focused = () => Object.values(ends).some(e => e.slider === document.activeElement || e.number === document.activeElement);
    rows[f.path] = state;
    return div;
  };

  const build = (data) => {
    box.innerHTML = ""; rows = {}; pending = {};
    data.groups.forEach(g => {
      const fields = data.fields.filter(f => f.group === g);
      if (!fields.length) return;
      const section = document.createElement("div"); section.className = "judgement-group";
      const h = document.createElement("h3"); h.textContent = g; section.appendChild(h);
      fields.forEach(f => section.appendChild(row(f, data.fields.indexOf(f))));
      box.appendChild(section);
    });
    panel.disabled = false;
    panel.dataset.loaded = String(Number(panel.dataset.loaded || 0) + 1);
  };

  // read the editor's scenario into the form (after a load, or when the analyst stops typing)
  let readSeq = 0;
  const read = async () => {
    const mine = ++readSeq;
    if (!text.value.trim()) { panel.disabled = true; box.innerHTML = ""; show(err, ""); return; }
    try {
      const data = await (await postJSON("/api/scenarios/form/fields", { toml: text.value })).json();
      if (mine !== readSeq) return;
      build(data); show(err, "");
    } catch (e) {
      if (mine !== readSeq) return;
      panel.disabled = true; pending = {};
      show(err, "The sliders follow the TOML once it is a valid scenario: " + e.message);
    }
  };

  // after a write: every row's note, and the values of rows that follow another field (an
  // unwritten perceived_resolve shows the defender's resolve), from the new text
  const refresh = async (sent) => {
    try {
      const data = await (await postJSON("/api/scenarios/form/fields", { toml: sent })).json();
      for (const g of data.fields) {
        const s = rows[g.path];
        if (!s) continue;
        s.describe(g);
        if (!(g.path in pending) && !s.focused() && (s.lo !== g.lo || s.hi !== g.hi)) { s.set("lo", g.lo); s.set("hi", g.hi); }
      }
    } catch (e) { /* the write succeeded; its notes stay as they were */ }
  };

  // write the moved ranges into the editor: one request at a time, the latest values last
  const write = async () => {
    if (busy) return;
    busy = true;
    let done;
    idle = new Promise(r => { done = r; });
    try {
      while (Object.keys(pending).length) {
        const values = pending, sent = text.value;
        pending = {};
        try {
          const out = (await (await postJSON("/api/scenarios/form/toml", { toml: sent, values })).json()).toml;
          if (text.value !== sent) { read(); break; }  // edited by hand meanwhile: the text wins
          text.value = out;
          await refresh(out);
          panel.dataset.written = String(Number(panel.dataset.written || 0) + 1);
          show(err, "");
        } catch (e) {  // the editor keeps its text (and Run runs it); the message says why
          pending = {};
          show(err, e.message + " (the TOML was not changed)");
          break;
        }
      }
    } finally { busy = false; done(); }
  };
  const later = debounce(write, 250);

  text.addEventListener("detente:loaded", read);
  text.addEventListener("input", debounce(read, 600));
  // Run waits for a slider's last move to reach the editor
  document.addEventListener("submit", ev => {
    if (ev.target !== scenarioForm || (!busy && !Object.keys(pending).length)) return;
    ev.preventDefault(); ev.stopImmediatePropagation();
    (async () => { await write(); await idle; if (!Object.keys(pending).length) scenarioForm.requestSubmit(); })();
  }, true);
  if (text.value.trim()) read();
}

document.addEventListener("DOMContentLoaded", () => {
  const j = document.getElementById("judgements"); if (j) judgementForm(j);
});
