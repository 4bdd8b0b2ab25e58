/// The dashboard page (`/?org=ORG` picks the organisation charted, else the first in the store): one self-contained HTML file (no CDN: it works offline and behind a firewall) whose script
/// reads `/api/health` and `/api/velocity` and draws SVG charts. Each drawn chart carries `data-points` (how many
/// values it plots), which the headless-browser test reads.
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
          h1 { font-size: 1.3rem; margin: 0 0 1rem; } h2 { font-size: 1rem; margin: 0 0 .5rem; }
          section { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 1rem; margin-bottom: 1rem; }
          .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 1rem; }
          table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #eef0f3; }
          td.n { text-align: right; font-variant-numeric: tabular-nums; }
          .bad { color: #b42318; font-weight: 600; } .ok { color: #067647; }
          svg.chart { width: 100%; height: 180px; } svg .line { fill: none; stroke: #2e6fd8; stroke-width: 2; }
          svg .bar { fill: #7aa5ea; } svg .point { fill: #2e6fd8; } svg .axis { stroke: #c5cbd3; } svg text { font-size: 10px; fill: #5b6472; }
          label { margin-right: 1rem; } #error { color: #b42318; }
        </style>
        </head>
        <body>
        <h1>ghstats <span id="generated"></span></h1>
        <p id="error"></p>
        <div class="grid">
          <section><h2>Consumer lag</h2><table id="lag"><tbody></tbody></table></section>
          <section><h2>GitHub rate limit</h2><table id="ratelimit"><tbody></tbody></table></section>
          <section><h2>Throughput (records/s)</h2><table id="throughput"><tbody></tbody></table></section>
          <section><h2>Errors (dead letters)</h2><table id="errors"><tbody></tbody></table></section>
        </div>
        <section><h2>Recent collections</h2><table id="collections"><tbody></tbody></table></section>
        <section>
          <h2>Velocity</h2>
          <label>Repository <select id="repo"><option value="">all</option></select></label>
          <label>Author <input id="author" placeholder="* (all humans)" size="14"></label>
          <label>Since <input id="since" value="90d" size="10"></label>
          <span id="velocity-note"></span>
          <div class="grid">
            <div><h2>PRs merged per day</h2><svg class="chart" id="chart-merged" data-column="prs_merged" data-kind="bar"></svg></div>
            <div><h2>Time to merge p50 (hours)</h2><svg class="chart" id="chart-merge-time" data-column="time_to_merge_p50_hours" data-kind="line"></svg></div>
            <div><h2>Time to first review p50 (hours)</h2><svg class="chart" id="chart-first-review" data-column="time_to_first_review_p50_hours" data-kind="line"></svg></div>
            <div><h2>Reviews given per day</h2><svg class="chart" id="chart-reviews" data-column="reviews_given" data-kind="bar"></svg></div>
            <div><h2>Commits per day</h2><svg class="chart" id="chart-commits" data-column="commits" data-kind="bar"></svg></div>
          </div>
        </section>
        <script>
        "use strict";
        const token = new URLSearchParams(location.search).get("token");
        const headers = token ? { Authorization: "Bearer " + token } : {};
        const NS = "http://www.w3.org/2000/svg";
        async function get(path) {
          const response = await fetch(path, { headers });
          if (!response.ok) throw new Error(path + ": HTTP " + response.status);
          return response.json();
        }
        function rows(id, list) {
          const body = document.querySelector("#" + id + " tbody");
          body.replaceChildren();
          if (list.length === 0) list = [["(none)", ""]];
          for (const cells of list) {
            const tr = document.createElement("tr");
            cells.forEach((cell, i) => {
              const td = document.createElement("td");
              if (cell && typeof cell === "object") { td.textContent = cell.text; td.className = cell.cls || ""; }
              else { td.textContent = cell; }
              if (i > 0) td.classList.add("n");
              tr.appendChild(td);
            });
            body.appendChild(tr);
          }
        }
        function element(name, attributes, text) {
          const node = document.createElementNS(NS, name);
          for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
          if (text !== undefined) node.textContent = text;
          return node;
        }
        function chart(svg, days) {
          const column = svg.dataset.column, kind = svg.dataset.kind;
          const points = days.map((d, i) => [i, d.values[column], d.day]).filter(p => p[1] !== null && p[1] !== undefined);
          svg.replaceChildren();
          const width = svg.clientWidth || 400, height = svg.clientHeight || 180, pad = 28;
          svg.setAttribute("viewBox", "0 0 " + width + " " + height);
          svg.appendChild(element("line", { class: "axis", x1: pad, y1: height - pad, x2: width - 4, y2: height - pad }));
          svg.dataset.points = String(points.length);
          if (points.length === 0) { svg.appendChild(element("text", { x: pad, y: height / 2 }, "no data")); svg.dataset.rendered = "true"; return; }
          const max = Math.max(...points.map(p => p[1]), 1);
          const n = Math.max(days.length - 1, 1);
          const x = i => pad + (width - pad - 8) * (days.length === 1 ? 0.5 : i / n);
          const y = v => height - pad - (height - 2 * pad) * (v / max);
          svg.appendChild(element("text", { x: 2, y: pad }, max.toFixed(max < 10 ? 1 : 0)));
          svg.appendChild(element("text", { x: pad, y: height - 8 }, days[0].day));
          svg.appendChild(element("text", { x: width - 70, y: height - 8 }, days[days.length - 1].day));
          if (kind === "bar") {
            const w = Math.max(1, (width - pad - 8) / Math.max(days.length, 1) - 1);
            for (const [i, v, day] of points) {
              const bar = element("rect", { class: "bar point", x: x(i) - w / 2, y: y(v), width: w, height: height - pad - y(v) });
              bar.appendChild(element("title", {}, day + ": " + v));
              svg.appendChild(bar);
            }
          } else {
            svg.appendChild(element("path", { class: "line", d: points.map((p, k) => (k ? "L" : "M") + x(p[0]) + "," + y(p[1])).join(" ") }));
            for (const [i, v, day] of points) {
              const dot = element("circle", { class: "point", cx: x(i), cy: y(v), r: 2.5 });
              dot.appendChild(element("title", {}, day + ": " + v.toFixed(1) + " h"));
              svg.appendChild(dot);
            }
          }
          svg.dataset.rendered = "true";
        }
        async function loadHealth() {
          const h = await get("/api/health");
          document.getElementById("generated").textContent = "· " + h.generated_at;
          rows("lag", h.lag.map(l => [l.group, l.messages === null ? { text: "unknown", cls: "bad" } : { text: String(l.messages), cls: l.messages > 0 ? "" : "ok" }]));
          rows("ratelimit", h.rate_limit.map(b => [b.account, { text: b.remaining === null ? "unknown" : b.remaining + " / " + b.limit, cls: b.remaining === 0 ? "bad" : "" }]));
          rows("throughput", h.throughput.map(t => [t.topic, t.per_second.toFixed(1)]));
          rows("errors", Object.entries(h.dead_letters).map(([reason, count]) => [reason, { text: String(count), cls: "bad" }]));
          rows("collections", h.collections.map(c => [c.id + " (" + c.source + ", " + c.organizations.join(",") + ")",
            { text: c.status, cls: c.status === "completed" ? "ok" : "bad" }, c.started_at, c.finished_at || "",
            { text: c.dead_letters + " dead letters", cls: c.dead_letters > 0 ? "bad" : "" }]));
        }
        async function loadVelocity() {
          const repo = document.getElementById("repo").value;
          const author = document.getElementById("author").value.trim();
          const since = document.getElementById("since").value.trim() || "90d";
          const query = { repo, author, since };
          const org = new URLSearchParams(location.search).get("org");
          if (org) query.org = org;
          const v = await get("/api/velocity?" + new URLSearchParams(query));
          const select = document.getElementById("repo");
          if (select.options.length === 1) for (const name of v.repos) select.appendChild(new Option(name, name));
          document.getElementById("velocity-note").textContent = (v.org || "no data yet") + " since " + v.since
            + (repo ? "" : " · all repositories: counts summed, times are the median of the repositories' p50");
          document.querySelectorAll("svg.chart").forEach(svg => chart(svg, v.days));
          document.body.dataset.velocityDays = String(v.days.length);
        }
        async function refresh() {
          try { await Promise.all([loadHealth(), loadVelocity()]); document.getElementById("error").textContent = ""; }
          catch (e) { document.getElementById("error").textContent = String(e); }
          document.body.dataset.loaded = "true";
        }
        for (const id of ["repo", "author", "since"]) document.getElementById(id).addEventListener("change", loadVelocity);
        refresh();
        setInterval(loadHealth, 15000);
        </script>
        </body>
        </html>
        """#
}
