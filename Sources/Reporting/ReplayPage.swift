// The replay's HTML page: styles and script inline, the data in a JSON script element. The page
// fetches nothing: no links, no images, no fonts, no network calls.

extension Replay {
    /// The whole page.
    public func html() -> String {
        let L = language
        let title = L.t("replay.title") + ": " + runs.map(\.name).joined(separator: " | ")
        // "</" may not appear inside a script element.
        let data = dataJSON().replacingOccurrences(of: "</", with: "<\\/")
        return """
            <!DOCTYPE html>
            <html lang="\(L.rawValue)">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(esc(title))</title>
            <style>
            \(Self.style)
            </style>
            </head>
            <body>
            <header>
            <h1>\(esc(title))</h1>
            <p id="subtitle"></p>
            <p id="neighbourhood" class="small"></p>
            </header>
            <div id="controls">
            <button id="play" type="button"></button>
            <span id="clock"></span>
            <input id="scrub" type="range" min="0" max="1000" value="0" step="1"/>
            <label><span id="speed-label"></span> <select id="speed"></select></label>
            <label><span id="colour-label"></span> <select id="colour"></select></label>
            </div>
            <div id="cities"></div>
            <div id="legend" class="small"></div>
            <div id="panels">
            <section class="chart"><h2 id="waiting-title"></h2><canvas id="chart-waiting" width="380" height="150"></canvas><div id="waiting-legend" class="small"></div></section>
            <section class="chart"><h2 id="costs-title"></h2><canvas id="chart-costs" width="380" height="150"></canvas><div id="costs-legend" class="small"></div></section>
            <section class="chart"><h2 id="crises-title"></h2><canvas id="chart-crises" width="380" height="150"></canvas><div id="crises-legend" class="small"></div></section>
            </div>
            <section id="story"></section>
            <script type="application/json" id="replay-data">\(data)</script>
            <script>
            \(Self.script)
            </script>
            </body>
            </html>

            """
    }

    static let style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0.8em 1.2em; color: #222; background: #fafafa; }
        h1 { font-size: 1.3em; margin: 0.2em 0; } h2 { font-size: 0.95em; margin: 0.2em 0 0.3em; }
        .small { font-size: 0.82em; color: #555; } header p { margin: 0.15em 0; }
        #controls { display: flex; gap: 0.9em; align-items: center; flex-wrap: wrap; margin: 0.5em 0; position: sticky; top: 0; background: #fafafa; padding: 0.3em 0; z-index: 2; }
        #controls button { font-size: 1em; min-width: 6em; padding: 0.25em 0.8em; }
        #clock { font-variant-numeric: tabular-nums; font-weight: 600; min-width: 9em; }
        #scrub { flex: 1; min-width: 220px; }
        #cities { display: flex; gap: 1em; flex-wrap: wrap; }
        .city { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 0.4em; }
        .city h2 { margin: 0.1em 0.2em 0.3em; }
        .city canvas { display: block; cursor: pointer; }
        #legend { margin: 0.4em 0; display: flex; gap: 0.8em; flex-wrap: wrap; }
        .swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; vertical-align: -0.1em; margin-right: 0.25em; }
        #panels { display: flex; gap: 1em; flex-wrap: wrap; margin-top: 0.6em; }
        .chart { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 0.4em 0.6em; }
        #story { margin-top: 0.8em; background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 0.5em 0.8em; }
        #story .columns { display: flex; gap: 1.2em; flex-wrap: wrap; } #story .column { flex: 1; min-width: 320px; }
        #story table { border-collapse: collapse; width: 100%; font-size: 0.88em; }
        #story td { padding: 0.2em 0.4em; border-bottom: 1px solid #eee; vertical-align: top; }
        #story td.when { white-space: nowrap; color: #555; } #story td.cost { text-align: right; white-space: nowrap; }
        #story tr.crisis td { background: #fdecea; } #story tr.work td { background: #eaf6ea; } #story tr.closed td { background: #eef3fa; }
        #story tr.parts td { outline: 2px solid #d4a017; } .parts-badge { background: #d4a017; color: #fff; border-radius: 3px; padding: 0 0.3em; font-size: 0.8em; margin-left: 0.4em; }
        #story tr.future td { color: #bbb; }
        """

    static let script = #"""
        (function () {
        'use strict';
        const D = JSON.parse(document.getElementById('replay-data').textContent);
        const T = D.text, NZ = D.zones.length, LEFT = NZ - 1, H = D.households.length;
        const END = Math.round(D.weeks * 100), MONTH = D.weeksPerMonth * 100, FADE = 5200;
        const fmt = (template, ...args) => args.reduce((s, a, i) => s.split('{' + i + '}').join(String(a)), template);
        const grouped = n => { const s = String(Math.round(Math.abs(n))), sep = D.lang === 'nl' ? '.' : ','; let o = '';
          for (let i = 0; i < s.length; i++) { if (i > 0 && (s.length - i) % 3 === 0) o += sep; o += s[i]; } return (n < 0 ? '−' : '') + o; };
        const euros = n => (n < 0 ? '−€' : '€') + grouped(Math.abs(n));
        const money = n => Math.abs(n) >= 1e6 ? '€' + (n / 1e6).toFixed(1).replace('.', D.lang === 'nl' ? ',' : '.') + (D.lang === 'nl' ? ' mln' : 'M') : euros(n);
        const when = t => { if (t < 0) return fmt(T['clock.before'], Math.ceil(-t / 100));
          const w = Math.min(t, END - 1) / 100; return fmt(T.clock, Math.floor(w / 52) + 1, Math.floor(w % 52) + 1); };

        // ---- The cities: events decoded into typed arrays, state per household.
        const cities = D.cities.map(c => {
          const n = c.events.length / 3, t = new Int32Array(n), h = new Int32Array(n), z = new Uint8Array(n), p = new Uint8Array(n);
          let acc = 0;
          for (let i = 0; i < n; i++) { acc += c.events[3 * i]; t[i] = acc; h[i] = c.events[3 * i + 1]; z[i] = c.events[3 * i + 2] >> 4; p[i] = c.events[3 * i + 2] & 15; }
          const initial = [];
          for (let i = 0; i < c.initial.length; i += 2) initial.push(c.initial[i], c.initial[i + 1] >> 4, c.initial[i + 1] & 15);
          const stories = new Map();
          for (const k in c.stories) stories.set(+k, c.stories[k]);
          return { name: c.name, n, t, h, z, p, initial, monthEnds: c.monthEnds, series: c.series, costs: c.costs, stories,
            zone: new Uint8Array(H), prob: new Uint8Array(H), cell: new Int32Array(H), leftAt: new Int32Array(H),
            x: new Float32Array(H), y: new Float32Array(H), counts: new Int32Array(NZ), next: 0, applied: 0, fading: [], fadeNext: 0,
            cells: null, canvas: null, ctx: null };
        });
        const ABSENT = 255;

        // ---- Layout: zones in three rows, each zone's area after the most dots it ever holds.
        const ROWS = [['at_home', 'asking', 'own_strength', 'waiting_for_team'], ['with_team', 'family_coaching', 'waiting_for_specialist', 'in_treatment'], ['in_crisis', 'at_work', 'left']];
        const zoneIndex = {}; D.zones.forEach((z, i) => zoneIndex[z.key] = i);
        const peak = new Int32Array(NZ);
        for (const c of cities) {
          const cnt = new Int32Array(NZ), fade = [];
          let f = 0;
          for (let i = 0; i < c.initial.length; i += 3) cnt[c.initial[i + 1]]++;
          for (let z = 0; z < NZ; z++) peak[z] = Math.max(peak[z], cnt[z]);
          const where = new Uint8Array(H).fill(ABSENT);
          for (let i = 0; i < c.initial.length; i += 3) where[c.initial[i]] = c.initial[i + 1];
          for (let i = 0; i < c.n; i++) {
            while (f < fade.length && fade[f][0] <= c.t[i]) { cnt[LEFT]--; f++; }
            const old = where[c.h[i]];
            if (old !== ABSENT) cnt[old]--;
            where[c.h[i]] = c.z[i]; cnt[c.z[i]]++;
            if (c.z[i] === LEFT) fade.push([c.t[i] + FADE]);
            if (cnt[c.z[i]] > peak[c.z[i]]) peak[c.z[i]] = cnt[c.z[i]];
          }
        }
        // Places at the start: a household that starts in the same zone in both cities gets the same
        // place in both (the places of a zone go to the households starting there in either city, in
        // arrival order).
        const startCell = cities.map(() => new Int32Array(H).fill(-1)), startCount = new Int32Array(NZ);
        {
          const startZone = cities.map(c => { const a = new Uint8Array(H).fill(ABSENT);
            for (let i = 0; i < c.initial.length; i += 3) a[c.initial[i]] = c.initial[i + 1]; return a; });
          for (let h = 0; h < H; h++) {
            const given = new Map();
            cities.forEach((c, ci) => { const z = startZone[ci][h]; if (z === ABSENT) return;
              if (!given.has(z)) given.set(z, startCount[z]++); startCell[ci][h] = given.get(z); });
          }
          for (let z = 0; z < NZ; z++) peak[z] = Math.max(peak[z], startCount[z]);
        }
        const WIDTH = cities.length === 2 ? 620 : 900, HEIGHT = cities.length === 2 ? 470 : 560, LABEL = 30, PAD = 4;
        const MIN_WIDTH = Math.min(WIDTH / 4, 104);
        function layout(pitch) {
          const need = z => Math.max(peak[z] * 1.08 + 4, 12);
          const rowNeed = ROWS.map(r => r.reduce((s, k) => s + need(zoneIndex[k]), 0));
          const total = rowNeed.reduce((a, b) => a + b, 0);
          const rects = new Array(NZ);
          let y = 0;
          ROWS.forEach((r, ri) => {
            const h = Math.max(LABEL + 3 * pitch, (HEIGHT) * rowNeed[ri] / total);
            // Widths after the dots each zone needs, but wide enough for its label.
            let widths = r.map(k => WIDTH * need(zoneIndex[k]) / rowNeed[ri]);
            for (let pass = 0; pass < 4; pass++) {
              const small = widths.map(w => w < MIN_WIDTH), fixed = small.filter(x => x).length * MIN_WIDTH;
              const rest = widths.reduce((s, w, i) => s + (small[i] ? 0 : w), 0);
              widths = widths.map((w, i) => small[i] ? MIN_WIDTH : w * (WIDTH - fixed) / rest);
            }
            let x = 0;
            r.forEach((k, i) => { const z = zoneIndex[k], w = widths[i];
              rects[z] = { x: x, y: y, w: w, h: h }; x += w; });
            y += h;
          });
          const scaleY = HEIGHT / y;
          let fits = true;
          rects.forEach((r, z) => { r.y *= scaleY; r.h *= scaleY;
            r.cols = Math.max(1, Math.floor((r.w - 2 * PAD) / pitch)); r.rows = Math.max(1, Math.floor((r.h - LABEL - PAD) / pitch));
            if (r.cols * r.rows < peak[z]) fits = false; });
          return { rects, fits, pitch };
        }
        let L = layout(3);
        for (let pitch = 14; pitch >= 3; pitch -= 0.5) { const l = layout(pitch); if (l.fits) { L = l; break; } }
        const R = Math.max(1.2, Math.min(4, L.pitch * 0.36));
        function cellXY(z, k) {
          const r = L.rects[z], kk = k % (r.cols * r.rows);
          return [r.x + PAD + (kk % r.cols + 0.5) * L.pitch, r.y + LABEL + (Math.floor(kk / r.cols) + 0.5) * L.pitch];
        }

        // ---- Colours.
        const PROFILE_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
        const PROBLEM_COLOURS = ['#9ccc65', '#fdd835', '#ffb300', '#fb8c00', '#f4511e', '#d81b60', '#8e24aa', '#4a148c'];
        let colourMode = 'profile';
        const colourOf = (c, h) => colourMode === 'profile' ? PROFILE_COLOURS[D.profile[h] % PROFILE_COLOURS.length]
          : PROBLEM_COLOURS[Math.min(c.prob[h], PROBLEM_COLOURS.length - 1)];
        const sprites = new Map();
        const DPR = window.devicePixelRatio || 1;
        function sprite(colour) {
          let s = sprites.get(colour);
          if (s) return s;
          const size = Math.ceil((2 * R + 2) * DPR);
          s = document.createElement('canvas'); s.width = size; s.height = size;
          const g = s.getContext('2d'); g.fillStyle = colour; g.beginPath(); g.arc(size / 2, size / 2, R * DPR, 0, 2 * Math.PI); g.fill();
          sprites.set(colour, s); return s;
        }

        // ---- State: reset to the start, apply events up to a time.
        let now = 0, playing = false, speed = 13, selected = -1;
        function takeCell(c, z) {
          const cells = c.cells[z];
          return cells.free.length ? cells.free.pop() : cells.next++;
        }
        function freeCell(c, h) { const z = c.zone[h]; if (z !== ABSENT && c.cell[h] >= 0) c.cells[z].free.push(c.cell[h]); c.cell[h] = -1; }
        function reset(c) {
          c.zone.fill(ABSENT); c.prob.fill(0); c.cell.fill(-1); c.counts.fill(0); c.next = 0; c.applied = 0; c.fading = []; c.fadeNext = 0;
          c.cells = []; for (let z = 0; z < NZ; z++) c.cells.push({ free: [], next: startCount[z] });
          const ci = cities.indexOf(c), used = [];
          for (let z = 0; z < NZ; z++) used.push(new Uint8Array(startCount[z]));
          for (let i = 0; i < c.initial.length; i += 3) {
            const h = c.initial[i], z = c.initial[i + 1];
            c.zone[h] = z; c.prob[h] = c.initial[i + 2]; c.counts[z]++;
            c.cell[h] = startCell[ci][h]; used[z][c.cell[h]] = 1;
            const xy = cellXY(z, c.cell[h]); c.x[h] = xy[0]; c.y[h] = xy[1];
          }
          // The places kept for the other city's households are free here, lowest first.
          for (let z = 0; z < NZ; z++) for (let k = startCount[z] - 1; k >= 0; k--) if (!used[z][k]) c.cells[z].free.push(k);
        }
        function advance(c, t, jump) {
          while (c.next < c.n && c.t[c.next] <= t) {
            const i = c.next++, h = c.h[i], z = c.z[i], old = c.zone[h];
            // Dots that left a year ago make room.
            while (c.fadeNext < c.fading.length && c.fading[c.fadeNext][0] <= c.t[i]) fadeOut(c);
            if (old !== z) {
              if (old !== ABSENT) { c.counts[old]--; freeCell(c, h); }
              c.zone[h] = z; c.counts[z]++; c.cell[h] = takeCell(c, z);
              if (old === ABSENT) { const xy = cellXY(z, c.cell[h]); c.x[h] = xy[0]; c.y[h] = xy[1] - (jump ? 0 : 12); }
              if (z === LEFT) { c.leftAt[h] = c.t[i]; c.fading.push([c.t[i] + FADE, h]); }
            }
            c.prob[h] = c.p[i];
            c.applied++;
          }
          while (c.fadeNext < c.fading.length && c.fading[c.fadeNext][0] <= t) fadeOut(c);
          if (jump) for (let h = 0; h < H; h++) if (c.cell[h] >= 0) { const xy = cellXY(c.zone[h], c.cell[h]); c.x[h] = xy[0]; c.y[h] = xy[1]; }
        }
        function fadeOut(c) { const h = c.fading[c.fadeNext++][1]; if (c.zone[h] === LEFT) freeCell(c, h); }
        function seek(t) {
          t = Math.max(0, Math.min(END, t));
          if (t < now) cities.forEach(reset);
          cities.forEach(c => advance(c, t, true));
          now = t; updatePanels(true);
        }

        // ---- Drawing.
        const ZONE_FILL = ['#f4f4f4', '#fff4e0', '#fff0f0', '#fdeaea', '#e8f1fb', '#e6eefb', '#f6e9f7', '#ece5f7', '#fbdcdc', '#e7f5e7', '#eeeeee'];
        function drawCity(c) {
          const g = c.ctx;
          g.setTransform(DPR, 0, 0, DPR, 0, 0);
          g.clearRect(0, 0, WIDTH, HEIGHT);
          g.font = '12px system-ui, sans-serif'; g.textBaseline = 'top';
          L.rects.forEach((r, z) => {
            g.fillStyle = ZONE_FILL[z]; g.fillRect(r.x + 1, r.y + 1, r.w - 2, r.h - 2);
            g.fillStyle = '#333'; g.fillText(D.zones[z].label, r.x + PAD + 1, r.y + 4, r.w - 2 * PAD);
            g.font = 'bold 12px system-ui, sans-serif'; g.fillText(grouped(c.counts[z]), r.x + PAD + 1, r.y + 17); g.font = '12px system-ui, sans-serif';
          });
          const k = Math.min(1, frameDt / 180), size = (2 * R + 2);
          for (let h = 0; h < H; h++) {
            if (c.cell[h] < 0) continue;
            const xy = cellXY(c.zone[h], c.cell[h]);
            c.x[h] += (xy[0] - c.x[h]) * k; c.y[h] += (xy[1] - c.y[h]) * k;
            if (c.zone[h] === LEFT) g.globalAlpha = Math.max(0.15, 1 - (now - c.leftAt[h]) / FADE);
            g.drawImage(sprite(colourOf(c, h)), c.x[h] - size / 2, c.y[h] - size / 2, size, size);
            if (c.zone[h] === LEFT) g.globalAlpha = 1;
          }
          if (selected >= 0 && c.cell[selected] >= 0) {
            g.strokeStyle = '#111'; g.lineWidth = 2; g.beginPath(); g.arc(c.x[selected], c.y[selected], R + 4, 0, 2 * Math.PI); g.stroke();
            g.strokeStyle = '#d4a017'; g.lineWidth = 1.5; g.beginPath(); g.arc(c.x[selected], c.y[selected], R + 7, 0, 2 * Math.PI); g.stroke();
          }
        }

        // ---- Charts: monthly series up to the current month, both cities (the second dashed).
        const monthNow = () => Math.min(cities[0].monthEnds.length, Math.floor(now / MONTH + 1e-9));
        const axisLabel = x => x >= 1e6 ? money(x) : grouped(x);
        function lineChart(canvas, lines, months) {
          const g = canvas.getContext('2d'), w = canvas.width, h = canvas.height, m = 22;
          g.clearRect(0, 0, w, h); g.font = '10px system-ui, sans-serif'; g.fillStyle = '#666'; g.textBaseline = 'top';
          let max = 1; for (const l of lines) for (const v of l.values) max = Math.max(max, v);
          const total = cities[0].monthEnds.length;
          g.strokeStyle = '#ccc'; g.beginPath(); g.moveTo(m, 4); g.lineTo(m, h - 14); g.lineTo(w - 4, h - 14); g.stroke();
          g.fillText(axisLabel(max), m + 3, 0); g.fillText('0', 10, h - 22);
          g.textAlign = 'center';
          for (let y = 0; y <= total / 12 + 1e-9; y += 5) g.fillText(String(y), Math.min(w - 8, m + (w - m - 4) * y * 12 / total), h - 12);
          g.textAlign = 'left';
          for (const l of lines) {
            g.strokeStyle = l.colour; g.lineWidth = 1.6; g.setLineDash(l.dashed ? [4, 3] : []); g.beginPath();
            for (let i = 0; i < Math.min(months, l.values.length); i++) {
              const x = m + (w - m - 4) * (i + 1) / total, y = h - 14 - (h - 20) * l.values[i] / max;
              if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
            }
            g.stroke();
          }
          g.setLineDash([]);
        }
        const sum = (arrays) => { const n = Math.max(0, ...arrays.map(a => a.length)), out = new Array(n).fill(0);
          for (const a of arrays) a.forEach((v, i) => out[i] += v); return out; };
        const teamSeries = Object.keys(D.seriesLabels).filter(k => k.startsWith('waiting_list.'));
        function updatePanels(force) {
          const m = monthNow();
          if (!force && m === lastMonth) return;
          lastMonth = m;
          // Waiting lists: each list of each city.
          const colours = ['#4e79a7', '#e15759', '#59a14f', '#f28e2b', '#b07aa1', '#76b7b2', '#edc948', '#9c755f'];
          const lines = [], legend = [];
          teamSeries.forEach((k, j) => cities.forEach((c, ci) => {
            if (!c.series[k]) return;
            lines.push({ values: c.series[k], colour: colours[j % colours.length], dashed: ci === 1 });
            if (ci === 0) legend.push('<span class="swatch" style="background:' + colours[j % colours.length] + '"></span>' + esc(D.seriesLabels[k]) + ': '
              + cities.map(cc => cc.series[k] ? grouped(m > 0 ? cc.series[k][m - 1] : 0) : '–').join(' | '));
          }));
          lineChart(document.getElementById('chart-waiting'), lines, m);
          document.getElementById('waiting-legend').innerHTML = legend.join('<br/>');
          // Costs so far per payer.
          const costLines = [], costLegend = [];
          D.payers.forEach((p, j) => {
            const per = cities.map(c => c.costs[p.key] ? cumulative(c.costs[p.key]) : null);
            if (per.every(x => !x)) return;
            // Bijstand is many times any care budget: drawn, it would flatten the others; listed only.
            const drawn = p.key !== 'municipality_benefits';
            if (drawn) per.forEach((v, ci) => { if (v) costLines.push({ values: v, colour: colours[j % colours.length], dashed: ci === 1 }); });
            costLegend.push((drawn ? '<span class="swatch" style="background:' + colours[j % colours.length] + '"></span>' : '<span class="swatch"></span>')
              + esc(p.label) + ': ' + per.map(v => v ? money(m > 0 ? v[m - 1] : 0) : '–').join(' | ') + (drawn ? '' : ' (' + esc(T.not_drawn) + ')'));
          });
          lineChart(document.getElementById('chart-costs'), costLines, m);
          document.getElementById('costs-legend').innerHTML = costLegend.join('<br/>');
          const crisisLines = cities.map((c, ci) => ({ values: c.series.crises, colour: '#c62828', dashed: ci === 1 }));
          lineChart(document.getElementById('chart-crises'), crisisLines, m);
          document.getElementById('crises-legend').innerHTML = esc(T.crises_so_far) + ': ' + cities.map(c => esc(c.name) + ' '
            + grouped(c.series.crises.slice(0, m).reduce((a, b) => a + b, 0))).join(' | ')
            + (cities.length > 1 ? '<br/>' + esc(fmt(T.lines, cities[0].name, cities[1].name)) : '');
          if (selected >= 0) showStory(selected);
        }
        let lastMonth = -1;
        const cumulativeCache = new Map();
        function cumulative(a) { let c = cumulativeCache.get(a); if (c) return c; let s = 0; c = a.map(v => s += v); cumulativeCache.set(a, c); return c; }
        function esc(s) { return String(s).replace(/[&<>"]/g, ch => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]); }

        // ---- Stories.
        const divergence = new Map();
        for (let i = 0; i < D.divergence.length; i += 3) divergence.set(D.divergence[i], [D.divergence[i + 1], D.divergence[i + 2]]);
        function storyLines(flat) {
          const out = [];
          let t = 0;
          for (let i = 0; i < flat.length;) {
            t += flat[i];
            const line = { t, text: D.strings[flat[i + 1]], kind: D.kinds[D.stringKinds[flat[i + 1]]], costs: [] }, n = flat[i + 2];
            for (let k = 0; k < n; k++) line.costs.push([flat[i + 3 + 2 * k], flat[i + 4 + 2 * k]]);
            out.push(line); i += 3 + 2 * n;
          }
          return out;
        }
        function showStory(h) {
          const el = document.getElementById('story');
          const parts = divergence.get(h);
          let html = '<h2>' + esc(fmt(T.story, D.households[h])) + ' · ' + esc(D.profiles[D.profile[h]]) + '</h2><div class="columns">';
          cities.forEach((c, ci) => {
            const flat = c.stories.get(h);
            html += '<div class="column">' + (cities.length > 1 ? '<h2>' + esc(c.name) + (c.zone[h] !== ABSENT ? ' · ' + esc(D.zones[c.zone[h]].label) : '') + '</h2>' : '');
            if (!flat || c.zone[h] === ABSENT) { html += '<p class="small">' + esc(T['story.absent']) + '</p>'; }
            if (flat) {
              const lines = storyLines(flat), byPayer = {};
              let total = 0;
              html += '<table>';
              lines.forEach((l, k) => {
                const future = l.t > now;
                if (!future) for (const [p, a] of l.costs) { byPayer[p] = (byPayer[p] || 0) + a; total += a; }
                if (future) return;
                const isParts = parts && parts[ci] === k;
                const cost = l.costs.reduce((s, x) => s + x[1], 0);
                html += '<tr class="' + l.kind + (isParts ? ' parts' : '') + '"><td class="when">' + esc(when(l.t)) + '</td><td>' + esc(l.text)
                  + (isParts ? '<span class="parts-badge">' + esc(T['story.parts']) + '</span>' : '') + '</td><td class="cost">'
                  + (cost ? esc(euros(cost)) + ' <span class="small">(' + l.costs.map(x => esc(D.payers[x[0]].label)).join(', ') + ')</span>' : '') + '</td></tr>';
              });
              html += '</table><p><strong>' + esc(fmt(T['story.total'], euros(total))) + '</strong> '
                + Object.keys(byPayer).map(p => esc(D.payers[p].label) + ' ' + esc(euros(byPayer[p]))).join(' · ') + '</p>';
            }
            html += '</div>';
          });
          html += '</div>';
          if (cities.length === 2 && !parts) html += '<p class="small">' + esc(T['story.same']) + '</p>';
          el.innerHTML = html;
        }
        function pick(c, ev) {
          const rect = c.canvas.getBoundingClientRect(), x = ev.clientX - rect.left, y = ev.clientY - rect.top;
          let best = -1, bestD = (L.pitch * 1.2) ** 2;
          for (let h = 0; h < H; h++) {
            if (c.cell[h] < 0) continue;
            const d = (c.x[h] - x) ** 2 + (c.y[h] - y) ** 2;
            if (d < bestD) { bestD = d; best = h; }
          }
          if (best >= 0) select(best);
        }
        function select(h) { selected = h; showStory(h); cities.forEach(drawCity); }

        // ---- Page.
        const decimal = x => String(x).replace('.', D.lang === 'nl' ? ',' : '.');
        document.getElementById('subtitle').textContent = fmt(T.subtitle, D.seed, decimal(Math.round(D.weeks / 52 * 10) / 10), decimal(Math.round(D.warmupYears * 10) / 10));
        document.getElementById('neighbourhood').textContent = fmt(T.neighbourhood, grouped(cities[0].initial.length / 3),
          decimal(Math.round(D.share * 1000) / 10), grouped(D.cityHouseholds));
        const box = document.getElementById('cities');
        cities.forEach(c => {
          const div = document.createElement('div'); div.className = 'city';
          const h2 = document.createElement('h2'); h2.textContent = c.name; div.appendChild(h2);
          const cv = document.createElement('canvas'); cv.width = WIDTH * DPR; cv.height = HEIGHT * DPR; cv.style.width = WIDTH + 'px'; cv.style.height = HEIGHT + 'px';
          div.appendChild(cv); box.appendChild(div);
          c.canvas = cv; c.ctx = cv.getContext('2d');
          cv.addEventListener('click', ev => pick(c, ev));
        });
        document.getElementById('waiting-title').textContent = T.waiting;
        document.getElementById('costs-title').textContent = T.costs;
        document.getElementById('crises-title').textContent = T.crises;
        document.getElementById('story').innerHTML = '<p class="small">' + esc(T['story.empty']) + '</p>';
        const playButton = document.getElementById('play'), scrub = document.getElementById('scrub'), clock = document.getElementById('clock');
        document.getElementById('speed-label').textContent = T.speed;
        document.getElementById('colour-label').textContent = T.colour;
        const speedSelect = document.getElementById('speed');
        for (const s of [1, 4, 13, 26, 52, 104]) { const o = document.createElement('option'); o.value = s; o.textContent = s + ' ' + T.weeks_per_second; if (s === speed) o.selected = true; speedSelect.appendChild(o); }
        speedSelect.addEventListener('change', () => speed = +speedSelect.value);
        const colourSelect = document.getElementById('colour');
        for (const m of ['profile', 'problems']) { const o = document.createElement('option'); o.value = m; o.textContent = T['colour.' + m]; colourSelect.appendChild(o); }
        colourSelect.addEventListener('change', () => { colourMode = colourSelect.value; legend(); cities.forEach(drawCity); });
        function legend() {
          const el = document.getElementById('legend');
          const items = colourMode === 'profile' ? D.profiles.map((p, i) => [PROFILE_COLOURS[i % PROFILE_COLOURS.length], p])
            : PROBLEM_COLOURS.map((c, i) => [c, i === 0 ? T.no_problems : fmt(T.problems, i === PROBLEM_COLOURS.length - 1 ? i + '+' : i)]);
          el.innerHTML = '<span>' + esc(T.legend) + ':</span>' + items.map(x => '<span><span class="swatch" style="background:' + x[0] + '"></span>' + esc(x[1]) + '</span>').join('');
        }
        scrub.max = END;
        scrub.addEventListener('input', () => seek(+scrub.value));
        playButton.addEventListener('click', () => setPlaying(!playing));
        function setPlaying(p) { playing = p && now < END; playButton.textContent = playing ? T.pause : T.play; }

        // ---- The loop: frame times are kept so that smoothness can be measured (replay.stats()).
        let last = performance.now(), frameDt = 16;
        const intervals = [], work = [];
        function frame(ts) {
          const start = performance.now();
          frameDt = Math.min(100, ts - last); intervals.push(ts - last); last = ts;
          if (playing) {
            const t = Math.min(END, now + speed * 100 * frameDt / 1000);
            cities.forEach(c => advance(c, t, false));
            now = t;
            if (now >= END) setPlaying(false);
            updatePanels(false);
          }
          cities.forEach(drawCity);
          clock.textContent = now >= END ? T.end : when(now);
          if (+scrub.value !== Math.round(now)) scrub.value = Math.round(now);
          work.push(performance.now() - start);
          if (intervals.length > 20000) { intervals.splice(0, 10000); work.splice(0, 10000); }
          requestAnimationFrame(frame);
        }
        cities.forEach(reset);
        cities.forEach(c => advance(c, 0, true));
        setPlaying(false); legend(); updatePanels(true);
        requestAnimationFrame(frame);

        // ---- For scripts and checks.
        window.replay = {
          play(weeksPerSecond) { if (weeksPerSecond) speed = weeksPerSecond; setPlaying(true); },
          pause() { setPlaying(false); },
          seek(weeks) { seek(weeks * 100); },
          select,
          state() { return { week: now / 100, end: END / 100, playing, applied: cities.map(c => c.applied), events: cities.map(c => c.n) }; },
          // Zone counts shown now, per city.
          counts() { return cities.map(c => Array.from(c.counts)); },
          // Households drawn other than the data says at this moment, found by a pass of its own over the
          // data: in another zone, without a dot while present, or with a dot outside its zone's box.
          misplaced() {
            let bad = 0;
            for (const c of cities) {
              const zone = new Uint8Array(H).fill(ABSENT);
              for (let i = 0; i < c.initial.length; i += 3) zone[c.initial[i]] = c.initial[i + 1];
              for (let i = 0; i < c.n && c.t[i] <= now; i++) zone[c.h[i]] = c.z[i];
              for (let h = 0; h < H; h++) {
                if (zone[h] !== c.zone[h]) { bad++; continue; }
                if (zone[h] === ABSENT || zone[h] === LEFT) continue;
                if (c.cell[h] < 0) { bad++; continue; }
                const r = L.rects[zone[h]], xy = cellXY(zone[h], c.cell[h]);
                if (xy[0] < r.x || xy[0] > r.x + r.w || xy[1] < r.y || xy[1] > r.y + r.h) bad++;
              }
            }
            return bad;
          },
          // The page's counts at every month end against the model's own month-end series (in the data):
          // the months where they differ, per city (seeks through the whole replay; play is paused).
          checkMonths() {
            setPlaying(false);
            const out = [], months = cities[0].monthEnds.length;
            cities.forEach(() => out.push([]));
            seek(0);
            for (let m = 1; m <= months; m++) {
              seek(Math.round(m * 52 / 12 * 100));
              cities.forEach((c, ci) => {
                D.zones.forEach((z, zi) => { const want = D.cities[ci].zoneSeries[z.key][m - 1];
                  if (want !== c.counts[zi]) out[ci].push({ month: m, zone: z.key, page: c.counts[zi], model: want }); });
              });
            }
            return { months, mismatches: out };
          },
          // Households that start in the same zone in both cities but in different places (should be 0).
          startPlaces() {
            if (cities.length < 2) return { same: 0, apart: 0 };
            seek(0); let same = 0, apart = 0;
            for (let h = 0; h < H; h++) {
              if (cities[0].zone[h] === ABSENT || cities[0].zone[h] !== cities[1].zone[h]) continue;
              if (cities[0].cell[h] === cities[1].cell[h]) same++; else apart++;
            }
            return { same, apart };
          },
          drawnDots() { let n = 0; for (const c of cities) for (let h = 0; h < H; h++) if (c.cell[h] >= 0) n++; return n; },
          // For the screenshots: a family present in both cities whose paths parted in the window, before
          // now, with a crisis in one story and none in the other (else any such family).
          selectParting() {
            let fallback = -1;
            for (const [h, parts] of divergence) {
              if (cities.some(c => c.zone[h] === ABSENT || c.zone[h] === LEFT)) continue;
              const lines = cities.map(c => c.stories.has(h) ? storyLines(c.stories.get(h)) : []);
              const at = parts.map((k, ci) => k >= 0 ? lines[ci][k].t : Infinity);
              if (Math.min(...at) < 0 || Math.min(...at) > now) continue;
              const crises = lines.map(ls => ls.some(l => l.kind === 'crisis' && l.t >= 0 && l.t <= now));
              if (crises[0] !== crises[1]) { select(h); return { household: D.households[h], crisisIn: crises.indexOf(true) }; }
              if (fallback < 0) fallback = h;
            }
            if (fallback >= 0) { select(fallback); return { household: D.households[fallback] }; }
            return null;
          },
          stats(fromFrame) { const a = intervals.slice(fromFrame || 0).sort((x, y) => x - y), w = work.slice(fromFrame || 0).sort((x, y) => x - y);
            const q = (xs, p) => xs.length ? xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] : NaN;
            const mean = a.reduce((s, x) => s + x, 0) / Math.max(1, a.length);
            return { frames: a.length, fps: 1000 / mean, medianMs: q(a, 0.5), p95Ms: q(a, 0.95), workMedianMs: q(w, 0.5), workP95Ms: q(w, 0.95), dots: cities.length * H }; },
          frameCount() { return intervals.length; },
        };
        })();
        """#
}
