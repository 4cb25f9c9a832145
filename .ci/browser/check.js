// deskstat's browser check. .ci/browser-check inserts this, inline, as the first
// script of a copy of a report page (the report itself is not changed), loads the
// copy in headless Chromium with the network off, and reads the verdict this
// script writes at the end of the page, in a <pre> element whose id is
// RESULT_ID below, one "key value" line each:
//
//   charts N       echarts instances on the page
//   rendered N     of them, those that fired 'finished' and drew pixels
//   blank N        of them, those whose canvases (or SVG) show nothing
//   errors N       uncaught errors, unhandled rejections, console.error calls,
//                  resources that failed to load, CSP violations
//   network N      resources the page asked for from anywhere but file:, data:,
//                  blob: or about: (a self-contained page asks for none)
//   done 1         the check ran to the end
//
// then a line per chart and per problem, and a "json {...}" line with the same.
(function () {
  "use strict";
  var WAIT_MS = 5000;      // page time to wait for every chart to finish
  var SETTLE_MS = 300;     // page time to wait after that, for late errors
  var MIN_PIXELS = 50;     // fewer non-background pixels than this is blank
  // .ci/browser-check looks for <pre id="..."> with this id; made of two halves
  // so that this source, which is in the page too, never shows the whole tag.
  var RESULT_ID = "deskstat-check" + "-result";

  var errors = [], warnings = [], network = [], tracked = [];
  var reported = false;    // once the verdict is written, each new problem rewrites it

  // Under --virtual-time-budget Chromium runs timers in page (virtual) time but
  // gives requestAnimationFrame a single frame, so an animated chart would never
  // finish. Run animation frames on timers instead, 60 a second of page time.
  window.requestAnimationFrame = function (cb) {
    return setTimeout(function () { cb(performance.now()); }, 16);
  };
  window.cancelAnimationFrame = function (id) { clearTimeout(id); };

  function str(x) {
    try {
      if (x instanceof Error) return x.stack || String(x);
      if (x && typeof x === "object") return JSON.stringify(x);
      return String(x);
    } catch (e) {
      return String(x);
    }
  }
  function args(a) { return Array.prototype.map.call(a, str).join(" "); }
  function problem(list, text) {
    list.push(text);
    if (reported) setTimeout(report, 0);
  }

  // Errors: the capturing listener on window also sees resources that fail to
  // load (<script src>, <img>, <link>), which do not bubble.
  window.addEventListener("error", function (e) {
    var t = e.target;
    if (t && t !== window && t.tagName) {
      problem(errors, "failed to load <" + t.tagName.toLowerCase() + "> " + (t.src || t.href || t.data || ""));
      return;
    }
    var where = e.filename ? " (" + e.filename.replace(/^.*\//, "") + ":" + e.lineno + ":" + e.colno + ")" : "";
    problem(errors, "uncaught " + (e.error ? str(e.error) : e.message) + where);
  }, true);
  window.addEventListener("unhandledrejection", function (e) {
    problem(errors, "unhandled promise rejection: " + str(e.reason));
  });
  document.addEventListener("securitypolicyviolation", function (e) {
    problem(errors, "content security policy blocked " + e.blockedURI);
  });
  var consoleError = console.error, consoleWarn = console.warn;
  console.error = function () {
    problem(errors, "console.error: " + args(arguments));
    return consoleError.apply(console, arguments);
  };
  console.warn = function () {
    problem(warnings, "console.warn: " + args(arguments));
    return consoleWarn.apply(console, arguments);
  };

  // The network: every resource the page fetched or tried to, from the
  // resource timing entries (failed loads are there too).
  function local(url) { return /^(file|data|blob|about):/i.test(url); }
  function noteNetwork(list) {
    list.forEach(function (entry) {
      if (!local(entry.name) && network.indexOf(entry.name) < 0) problem(network, entry.name);
    });
  }
  try {
    new PerformanceObserver(function (l) { noteNetwork(l.getEntries()); })
      .observe({ type: "resource", buffered: true });
  } catch (e) { /* the final read below still runs */ }

  // Charts: echarts may render, and fire 'finished', inside setOption, before
  // any later script could listen. So watch the echarts global being defined
  // (its UMD bundle does `global.echarts = {}` and then `exports.init = ...`)
  // and wrap init, to listen on each chart from its creation.
  function track(chart) {
    if (!chart || typeof chart.on !== "function") return null;
    for (var i = 0; i < tracked.length; i++) if (tracked[i].chart === chart) return tracked[i];
    var t = { chart: chart, finished: false, early: true };
    chart.on("finished", function () { t.finished = true; });
    tracked.push(t);
    return t;
  }
  var echartsValue;
  try {
    Object.defineProperty(window, "echarts", {
      configurable: true,
      enumerable: true,
      get: function () { return echartsValue; },
      set: function (ns) {
        echartsValue = ns;
        if (!ns || typeof ns !== "object") return;
        var init = ns.init;
        Object.defineProperty(ns, "init", {
          configurable: true,
          enumerable: true,
          get: function () { return init; },
          set: function (fn) {
            init = typeof fn !== "function" ? fn : function () {
              var chart = fn.apply(this, arguments);
              try { track(chart); } catch (e) { /* never break the page */ }
              return chart;
            };
          }
        });
        if (typeof init === "function") ns.init = init;
      }
    });
  } catch (e) { /* a page that defines echarts otherwise: see the fallback below */ }

  function inspect(t) {
    var chart = t.chart, dom = chart.getDom ? chart.getDom() : null;
    var name = dom ? (dom.id ? "#" + dom.id : "<" + dom.tagName.toLowerCase() + ">") : "(no element)";
    var r = { chart: name, finished: t.finished, early: t.early, width: 0, height: 0, pixels: 0, how: "" };
    if (!dom) return r;
    r.width = dom.clientWidth; r.height = dom.clientHeight;
    var canvases = dom.querySelectorAll("canvas");
    if (canvases.length) {
      r.how = canvases.length + " canvas";
      Array.prototype.forEach.call(canvases, function (c) {
        if (!c.width || !c.height) return;
        try {
          var d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
          var b0 = d[0], b1 = d[1], b2 = d[2], b3 = d[3];   // the top-left pixel is background
          for (var i = 0; i < d.length; i += 4) {
            if (d[i] !== b0 || d[i + 1] !== b1 || d[i + 2] !== b2 || d[i + 3] !== b3) r.pixels++;
          }
        } catch (e) {
          errors.push("cannot read the pixels of " + name + ": " + str(e));
        }
      });
    } else {
      var svg = dom.querySelector("svg");
      if (svg) {
        r.how = "svg";
        r.pixels = svg.querySelectorAll("path, text, rect, circle, line, polyline, polygon, image").length * MIN_PIXELS;
      } else {
        r.how = "nothing drawn";
      }
    }
    return r;
  }

  function report() {
    reported = true;
    noteNetwork(performance.getEntriesByType("resource"));
    var results = tracked.map(inspect);
    var blank = results.filter(function (r) { return r.pixels < MIN_PIXELS; });
    var rendered = results.filter(function (r) { return r.finished && r.pixels >= MIN_PIXELS; });
    var lines = [
      "charts " + results.length,
      "rendered " + rendered.length,
      "blank " + blank.length,
      "errors " + errors.length,
      "network " + network.length,
      // How far the page runs past the window's width: it scrolls sideways.
      "overflow " + Math.max(0, document.documentElement.scrollWidth - window.innerWidth),
      "done 1"
    ];
    results.forEach(function (r) {
      lines.push("chart " + r.chart + ": " + (r.finished ? "finished" : "did not finish") +
        (r.early ? "" : " (found after load)") + ", " + r.width + "x" + r.height + ", " + r.how +
        ", " + r.pixels + " non-background pixels" + (r.pixels < MIN_PIXELS ? " (blank)" : ""));
    });
    // One line each, cut short (the JSON line below has them whole).
    function line(text) {
      text = text.replace(/\s*\n\s*/g, " | ");
      return text.length > 300 ? text.slice(0, 300) + " ..." : text;
    }
    errors.forEach(function (e) { lines.push("error " + line(e)); });
    network.forEach(function (u) { lines.push("network " + line(u)); });
    warnings.forEach(function (w) { lines.push("warning " + line(w)); });
    lines.push("json " + JSON.stringify({
      charts: results.length, rendered: rendered.length,
      blank: blank.map(function (r) { return r.chart; }),
      errors: errors, network: network, warnings: warnings, details: results
    }));
    var old = document.getElementById(RESULT_ID);
    if (old) old.parentNode.removeChild(old);
    var pre = document.createElement("pre");
    pre.id = RESULT_ID;
    pre.textContent = "\n" + lines.join("\n") + "\n";
    (document.body || document.documentElement).appendChild(pre);
  }

  window.addEventListener("load", function () {
    // Charts made without the wrapped init (or on a page that replaced it):
    // listen now, and ask them to draw again so that 'finished' fires.
    var ec = window.echarts;
    if (ec && typeof ec.getInstanceByDom === "function") {
      Array.prototype.forEach.call(document.querySelectorAll("[_echarts_instance_]"), function (el) {
        var chart = ec.getInstanceByDom(el);
        var before = tracked.length, t = track(chart);
        if (t && tracked.length > before) {
          t.early = false;
          try { chart.resize(); } catch (e) { errors.push("resize of a chart found after load: " + str(e)); }
        }
      });
    }
    var start = Date.now();
    (function wait() {
      var pending = tracked.some(function (t) { return !t.finished; });
      if (pending && Date.now() - start < WAIT_MS) { setTimeout(wait, 50); return; }
      // A little longer for errors that come late (a failed fetch, say); any
      // after that still rewrite the verdict before Chromium prints the page.
      setTimeout(report, SETTLE_MS);
    })();
  });
})();
