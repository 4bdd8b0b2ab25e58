/// The dashboard page: one self-contained HTML file (no CDN: it works offline and behind a firewall) whose script
/// reads `/api/overview` and `/api/health` and draws what a lead asks first (this period against the last, weekly
/// trends on a date axis, where pull requests wait, rankings, review load, sizes, the oldest open pull requests) and
/// the pipeline's health. Filters live in the URL (`?org=&repo=&author=&since=`), so a view is a link. Each drawn
/// panel carries `data-rendered` and `data-points` (values it shows), which the headless-browser test reads.
enum DashboardPage {
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>ghstats</title>
        <style>
          body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d2330; background: #f6f7f9; }
          h1 { font-size: 1.3rem; margin: 0 0 .75rem; } h2 { font-size: 1rem; margin: 0 0 .5rem; }
          h1 small { font-weight: normal; color: #5b6472; font-size: .85rem; }
          section { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 1rem; margin-bottom: 1rem; }
          .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 1rem; }
          .grid > section { margin-bottom: 0; }
          .rows { display: grid; gap: 1rem; margin-bottom: 1rem; }
          table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eef0f3; }
          th { font-weight: 600; color: #5b6472; font-size: 12px; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
          .bad { color: #b42318; font-weight: 600; } .ok { color: #067647; } .muted { color: #5b6472; }
          .filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
          .filters input, .filters select { font: inherit; padding: .15rem .3rem; }
          #error { color: #b42318; font-weight: 600; margin: .5rem 0; } #error:empty { display: none; }
          .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: .75rem; }
          .card { border: 1px solid #eef0f3; border-radius: 6px; padding: .6rem .75rem; }
          .card .label { color: #5b6472; font-size: 12px; } .card .value { font-size: 1.5rem; font-weight: 600; }
          .card .change { font-size: 12px; } .better { color: #067647; } .worse { color: #b42318; }
          svg.chart { width: 100%; height: 190px; } svg .axis { stroke: #c5cbd3; } svg text { font-size: 10px; fill: #5b6472; }
          svg .bar { fill: #7aa5ea; } svg path.line { fill: none; stroke-width: 2; } svg .s0 { stroke: #2e6fd8; fill: #2e6fd8; }
          svg .s1 { stroke: #d97706; fill: #d97706; } svg .grid-line { stroke: #eef0f3; }
          .legend span { margin-right: 1rem; font-size: 12px; } .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
          .meter-box { width: 120px; } .meter { background: #7aa5ea; height: 8px; border-radius: 4px; min-width: 2px; }
          .stage-coding { fill: #94a3b8; background: #94a3b8; } .stage-pickup { fill: #f59e0b; background: #f59e0b; }
          .stage-review { fill: #2e6fd8; background: #2e6fd8; } .stage-merge { fill: #16a34a; background: #16a34a; }
        </style>
        </head>
        <body>
        <h1>ghstats <small id="scope"></small> <small id="generated"></small></h1>
        <div class="filters">
          <label>Repository <select id="repo"><option value="">all</option></select></label>
          <label>Author <input id="author" placeholder="all humans" size="14"></label>
          <label>Since <input id="since" value="90d" size="10" title="YYYY-MM-DD, or back from today: 30d, 12w"></label>
          <a id="share" href="">link to this view</a>
        </div>
        <p id="error"></p>
        <section><h2>This period <span class="muted" id="period"></span></h2><div class="cards" id="summary"></div></section>
        <section>
          <h2>Weekly</h2>
          <div class="grid">
            <div><h2>Pull requests merged</h2><svg class="chart" id="week-merged"></svg></div>
            <div><h2>Time to merge and to first review, p50 (hours)</h2><svg class="chart" id="week-times"></svg>
              <div class="legend"><span><i class="s0" style="background:#2e6fd8"></i>to merge</span><span><i style="background:#d97706"></i>to first review</span></div></div>
            <div><h2>Reviews given</h2><svg class="chart" id="week-reviews"></svg></div>
          </div>
        </section>
        <div class="grid rows">
          <section><h2>Where merged pull requests wait (p50 per stage)</h2><svg class="chart" id="cycle" style="height:70px"></svg><table id="cycle-table"><tbody></tbody></table></section>
          <section><h2>Pull request size (lines changed, merged)</h2><svg class="chart" id="sizes"></svg></section>
        </div>
        <div class="grid rows">
          <section><h2>Repositories (most merged)</h2><table id="repositories"><tbody></tbody></table></section>
          <section><h2>Review load</h2><table id="reviewers"><tbody></tbody></table></section>
        </div>
        <section><h2>Open longest (not drafts)</h2><table id="open"><tbody></tbody></table></section>
        <h2>Pipeline</h2>
        <div class="grid rows">
          <section><h2>Consumer lag</h2><table id="lag"><tbody></tbody></table></section>
          <section><h2>GitHub rate limit</h2><table id="ratelimit"><tbody></tbody></table></section>
          <section><h2>Throughput (records/s)</h2><table id="throughput"><tbody></tbody></table></section>
          <section><h2>Errors (dead letters)</h2><table id="errors"><tbody></tbody></table></section>
        </div>
        <section><h2>Recent collections</h2><table id="collections"><tbody></tbody></table></section>
        <script>
        "use strict";
        const params = new URLSearchParams(location.search);
        const token = params.get("token");
        const headers = token ? { Authorization: "Bearer " + token } : {};
        const NS = "http://www.w3.org/2000/svg";
        const $ = id => document.getElementById(id);
        async function get(path) {
          const response = await fetch(path, { headers });
          if (!response.ok) {
            let detail = "HTTP " + response.status;
            try { const body = await response.json(); if (body.error) detail = body.error; } catch (_) {}
            throw new Error(detail);
          }
          return response.json();
        }
        function hours(v) {
          if (v === null || v === undefined) return "–";
          return v < 48 ? v.toFixed(1) + " h" : (v / 24).toFixed(1) + " d";
        }
        function cellNode(cell) {
          const td = document.createElement("td");
          if (cell instanceof Node) td.appendChild(cell);
          else if (cell && typeof cell === "object") { td.textContent = cell.text; td.className = cell.cls || ""; }
          else td.textContent = cell === null || cell === undefined ? "" : String(cell);
          return td;
        }
        function table(id, head, list, numeric) {
          const body = document.querySelector("#" + id + " tbody");
          body.replaceChildren();
          if (head) {
            const tr = document.createElement("tr");
            head.forEach((h, i) => { const th = document.createElement("th"); th.textContent = h; if (numeric && numeric[i]) th.className = "n"; tr.appendChild(th); });
            body.appendChild(tr);
          }
          if (list.length === 0) list = [["(none)"]];
          for (const cells of list) {
            const tr = document.createElement("tr");
            cells.forEach((cell, i) => { const td = cellNode(cell); if (numeric ? numeric[i] : i > 0) td.classList.add("n"); tr.appendChild(td); });
            body.appendChild(tr);
          }
          const t = $(id); t.dataset.rendered = "true"; t.dataset.points = String(list[0][0] === "(none)" ? 0 : list.length);
        }
        function el(name, attributes, text) {
          const node = document.createElementNS(NS, name);
          for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
          if (text !== undefined) node.textContent = text;
          return node;
        }
        function meter(value, max, cls) {
          const box = document.createElement("div"), div = document.createElement("div");
          box.className = "meter-box";
          div.className = "meter " + (cls || "");
          div.style.width = (max > 0 ? Math.max(2, 100 * value / max) : 0) + "%";
          box.appendChild(div);
          return box;
        }
        const day = text => Date.parse(text + "T00:00:00Z");
        const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        // Weeks on a real date axis: x is the week's date, so a gap in time is a gap on the chart.
        function weekChart(svg, weeks, series, kind) {
          svg.replaceChildren();
          const width = svg.clientWidth || 420, height = svg.clientHeight || 190, left = 34, bottom = 22, top = 10;
          svg.setAttribute("viewBox", "0 0 " + width + " " + height);
          const t0 = weeks.length ? day(weeks[0].week) : 0, t1 = weeks.length ? day(weeks[weeks.length - 1].week) : 1;
          const plot = width - left - 12;
          const x = t => left + (t1 > t0 ? plot * (t - t0) / (t1 - t0) : plot / 2);
          const values = series.flatMap(s => weeks.map(w => w.values[s])).filter(v => v !== null && v !== undefined);
          const max = Math.max(1, ...values);
          const y = v => height - bottom - (height - bottom - top) * v / max;
          for (const f of [0.5, 1]) {
            svg.appendChild(el("line", { class: "grid-line", x1: left, x2: width - 4, y1: y(max * f), y2: y(max * f) }));
            svg.appendChild(el("text", { x: 2, y: y(max * f) + 3 }, (max * f).toFixed(max * f < 10 ? 1 : 0)));
          }
          svg.appendChild(el("line", { class: "axis", x1: left, y1: height - bottom, x2: width - 4, y2: height - bottom }));
          let month = -1, lastLabel = -1e9;
          for (const w of weeks) {
            const d = new Date(day(w.week));
            if (d.getUTCMonth() !== month) {
              month = d.getUTCMonth();
              if (x(d.getTime()) - lastLabel < 40) continue;
              lastLabel = x(d.getTime());
              const label = MONTHS[month] + (month === 0 || w === weeks[0] ? " " + d.getUTCFullYear() : "");
              svg.appendChild(el("line", { class: "axis", x1: x(d.getTime()), x2: x(d.getTime()), y1: height - bottom, y2: height - bottom + 4 }));
              svg.appendChild(el("text", { x: x(d.getTime()) - 8, y: height - 6 }, label));
            }
          }
          let points = 0;
          series.forEach((column, k) => {
            if (kind === "bar") {
              const w = Math.max(2, plot / Math.max(weeks.length, 1) * 0.7);
              for (const week of weeks) {
                const v = week.values[column];
                if (v === null || v === undefined) continue;
                points++;
                const bar = el("rect", { class: "bar point", x: x(day(week.week)) - w / 2, y: y(v), width: w, height: height - bottom - y(v) });
                bar.appendChild(el("title", {}, "week of " + week.week + ": " + v));
                svg.appendChild(bar);
              }
            } else {
              let d = "", open = false;
              for (const week of weeks) {
                const v = week.values[column];
                if (v === null || v === undefined) { open = false; continue; }
                d += (open ? "L" : "M") + x(day(week.week)).toFixed(1) + "," + y(v).toFixed(1) + " ";
                open = true;
                points++;
                const dot = el("circle", { class: "point s" + k, cx: x(day(week.week)), cy: y(v), r: 2.5 });
                dot.appendChild(el("title", {}, "week of " + week.week + ": " + hours(v)));
                svg.appendChild(dot);
              }
              svg.appendChild(el("path", { class: "line s" + k, d: d.trim(), fill: "none" }));
            }
          });
          if (points === 0) svg.appendChild(el("text", { x: left + 8, y: height / 2 }, "no data in this period"));
          svg.dataset.points = String(points);
          svg.dataset.rendered = "true";
        }
        const CARDS = [
          ["prs_merged", "PRs merged", 1, false], ["prs_opened", "PRs opened", 0, false],
          ["time_to_merge_p50_hours", "Time to merge p50", -1, true], ["time_to_first_review_p50_hours", "First review p50", -1, true],
          ["lead_time_p50_hours", "Lead time p50", -1, true], ["reviews_given", "Reviews given", 1, false], ["commits", "Commits", 0, false],
        ];
        function summary(o) {
          const box = $("summary");
          box.replaceChildren();
          for (const [column, label, better, isHours] of CARDS) {
            const now = o.current.values[column], before = o.previous.values[column];
            const card = document.createElement("div");
            card.className = "card";
            card.dataset.metric = column;
            const show = v => isHours ? hours(v) : (v === null || v === undefined ? "–" : String(v));
            let change = "no previous value", cls = "muted";
            if (now !== null && now !== undefined && before !== null && before !== undefined && before !== 0) {
              const pct = 100 * (now - before) / before;
              change = (pct >= 0 ? "▲ " : "▼ ") + Math.abs(pct).toFixed(0) + "% vs " + show(before);
              cls = better === 0 || Math.abs(pct) < 1 ? "muted" : (pct > 0) === (better > 0) ? "better" : "worse";
            } else if (before === 0) { change = "previous: 0"; }
            for (const [name, text, extra] of [["label", label, ""], ["value", show(now), ""], ["change", change, cls]]) {
              const div = document.createElement("div");
              div.className = name + " " + extra;
              div.textContent = text;
              card.appendChild(div);
            }
            box.appendChild(card);
          }
          box.dataset.rendered = "true";
          box.dataset.points = String(CARDS.filter(c => o.current.values[c[0]] !== null && o.current.values[c[0]] !== undefined).length);
          $("period").textContent = o.current.from + " to " + o.current.until + " (excl.), against " + o.previous.from + " to " + o.previous.until;
        }
        function cycle(o) {
          const svg = $("cycle");
          svg.replaceChildren();
          const width = svg.clientWidth || 420, height = 70;
          svg.setAttribute("viewBox", "0 0 " + width + " " + height);
          const stages = o.cycle_time.filter(s => s.p50_hours !== null && s.p50_hours !== undefined);
          const total = stages.reduce((a, s) => a + s.p50_hours, 0);
          let x0 = 0;
          for (const s of stages) {
            const w = total > 0 ? (width - 2) * s.p50_hours / total : 0;
            const rect = el("rect", { class: "stage-" + s.name, x: x0, y: 8, width: Math.max(w, 0), height: 26 });
            rect.appendChild(el("title", {}, s.name + ": " + hours(s.p50_hours)));
            svg.appendChild(rect);
            if (w > 95) svg.appendChild(el("text", { x: x0 + 4, y: 52 }, s.name + " " + hours(s.p50_hours)));
            x0 += w;
          }
          svg.dataset.points = String(stages.length);
          svg.dataset.rendered = "true";
          const names = { coding: "Coding (first commit → opened)", pickup: "Pickup (→ first review)", review: "Review (→ approval)", merge: "Merge (→ merged)" };
          table("cycle-table", ["stage", "p50", "pull requests"], o.cycle_time.map(s => {
            const swatch = document.createElement("span"), dot = document.createElement("i");
            dot.className = "stage-" + s.name;
            dot.style.cssText = "display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px";
            swatch.append(dot, names[s.name] || s.name);
            return [swatch, hours(s.p50_hours), s.pull_requests];
          }), [false, true, true]);
        }
        function sizes(o) {
          const svg = $("sizes");
          svg.replaceChildren();
          const width = svg.clientWidth || 420, height = svg.clientHeight || 190, bottom = 22, top = 14;
          svg.setAttribute("viewBox", "0 0 " + width + " " + height);
          const max = Math.max(1, ...o.sizes.map(s => s.pull_requests));
          const w = (width - 20) / o.sizes.length;
          o.sizes.forEach((s, i) => {
            const h = (height - bottom - top) * s.pull_requests / max;
            const bar = el("rect", { class: "bar point", x: 10 + i * w + w * 0.15, y: height - bottom - h, width: w * 0.7, height: h });
            bar.appendChild(el("title", {}, s.label + ": " + s.pull_requests));
            svg.appendChild(bar);
            svg.appendChild(el("text", { x: 10 + i * w + w * 0.15, y: height - 6 }, s.label));
            svg.appendChild(el("text", { x: 10 + i * w + w * 0.4, y: height - bottom - h - 3 }, String(s.pull_requests)));
          });
          svg.dataset.points = String(o.sizes.filter(s => s.pull_requests > 0).length);
          svg.dataset.rendered = "true";
        }
        function rankings(o) {
          const most = Math.max(1, ...o.repositories.map(r => r.merged));
          table("repositories", ["repository", "merged", "", "opened", "merge p50"],
            o.repositories.map(r => [r.repo, r.merged, meter(r.merged, most), r.opened, hours(r.merge_p50_hours)]),
            [false, true, false, true, true]);
          const busiest = Math.max(1, ...o.reviewers.map(r => r.reviews));
          table("reviewers", ["reviewer", "reviews", "", "waiting on them", "turnaround p50", "PRs opened"],
            o.reviewers.map(r => [r.login, r.reviews, meter(r.reviews, busiest), { text: String(r.awaiting), cls: r.awaiting >= 5 ? "bad" : "" },
              hours(r.turnaround_p50_hours), r.authored]),
            [false, true, false, true, true, true]);
          table("open", ["pull request", "title", "author", "open for", "reviews", "waiting on"],
            o.oldest_open.map(p => [p.repo + "#" + p.number, p.title, p.author || "(deleted)",
              { text: p.age_days.toFixed(0) + " d", cls: p.age_days > 30 ? "bad" : "" }, p.reviews, p.awaiting.join(", ") || "–"]),
            [false, false, false, true, true, false]);
        }
        function filters() {
          const query = {};
          for (const id of ["repo", "author", "since"]) { const v = $(id).value.trim(); if (v) query[id] = v; }
          if (params.get("org")) query.org = params.get("org");
          return query;
        }
        function syncURL(query) {
          const shared = new URLSearchParams(query);
          $("share").href = location.pathname + "?" + shared;
          if (token) shared.set("token", token);
          history.replaceState(null, "", location.pathname + "?" + shared);
        }
        async function loadOverview() {
          const query = filters();
          syncURL(query);
          const o = await get("/api/overview?" + new URLSearchParams(query));
          const select = $("repo");
          if (select.dataset.filled !== "true") {
            select.replaceChildren(new Option("all", ""), ...o.repos.map(name => new Option(name, name)));
            select.dataset.filled = "true";
          }
          select.value = o.repo || "";
          $("scope").textContent = o.org + (o.repo ? " / " + o.repo : "") + (o.author ? " · " + o.author : "");
          summary(o);
          weekChart($("week-merged"), o.weeks, ["prs_merged"], "bar");
          weekChart($("week-times"), o.weeks, ["time_to_merge_p50_hours", "time_to_first_review_p50_hours"], "line");
          weekChart($("week-reviews"), o.weeks, ["reviews_given"], "bar");
          cycle(o);
          sizes(o);
          rankings(o);
          document.body.dataset.weeks = String(o.weeks.length);
        }
        async function loadHealth() {
          const h = await get("/api/health");
          $("generated").textContent = "· " + h.generated_at;
          table("lag", null, h.lag.map(l => [l.group, l.messages === null ? { text: "unknown", cls: "bad" } : { text: String(l.messages), cls: l.messages > 0 ? "" : "ok" }]));
          table("ratelimit", null, h.rate_limit.map(b => [b.account, { text: b.remaining === null ? "unknown" : b.remaining + " / " + b.limit, cls: b.remaining === 0 ? "bad" : "" }]));
          table("throughput", null, h.throughput.map(t => [t.topic, t.per_second.toFixed(1)]));
          table("errors", null, Object.entries(h.dead_letters).map(([reason, count]) => [reason, { text: String(count), cls: "bad" }]));
          table("collections", null, h.collections.map(c => [c.id + " (" + c.source + ", " + c.organizations.join(",") + ")",
            { text: c.status, cls: c.status === "completed" ? "ok" : "bad" }, c.started_at, c.finished_at || "",
            { text: c.dead_letters + " dead letters", cls: c.dead_letters > 0 ? "bad" : "" }]));
        }
        // An error is shown, never swallowed: a bad filter says what is wrong with it.
        const errors = {};
        async function run(name, step) {
          try { await step(); delete errors[name]; }
          catch (e) { errors[name] = e.message || String(e); }
          $("error").textContent = Object.entries(errors).map(([n, m]) => n + ": " + m).join(" · ");
          if (Object.keys(errors).length) document.body.dataset.error = "true"; else delete document.body.dataset.error;
        }
        for (const id of ["repo", "author", "since"]) {
          const v = params.get(id);
          if (v) { if (id === "repo") $(id).appendChild(new Option(v, v)); $(id).value = v; }
          $(id).addEventListener("change", () => run("velocity", loadOverview));
        }
        Promise.all([run("velocity", loadOverview), run("pipeline", loadHealth)]).then(() => { document.body.dataset.loaded = "true"; });
        setInterval(() => run("pipeline", loadHealth), 15000);
        </script>
        </body>
        </html>
        """#
}
