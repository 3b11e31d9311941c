/* aanbodplatform: small improvements on top of pages that work without JavaScript.
 * Shortlist in localStorage, print and "listen" buttons, and maps loaded only when needed.
 * No inline script anywhere: the Content-Security-Policy forbids it. */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  var pageLang = root.getAttribute("lang") || "nl";

  /* ---- shortlist ------------------------------------------------------------------ */

  var STORE_KEY = "aanbodplatform.shortlist";

  function storageWorks() {
    try {
      var probe = "aanbodplatform.probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return true;
    } catch (e) {
      return false; // private mode or storage switched off: the save buttons stay hidden
    }
  }

  var hasStorage = storageWorks();

  function readList() {
    if (!hasStorage) return [];
    try {
      var value = JSON.parse(window.localStorage.getItem(STORE_KEY) || "[]");
      if (!Array.isArray(value)) return [];
      var seen = {};
      return value.map(String).filter(function (id) {
        if (!/^\d{1,12}$/.test(id) || seen[id]) return false;
        seen[id] = true;
        return true;
      });
    } catch (e) {
      return [];
    }
  }

  function writeList(ids) {
    if (!hasStorage) return;
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(ids));
    } catch (e) {
      /* storage full: keep the page working */
    }
    refreshShortlistUi();
  }

  function formatCount(n) {
    try {
      // The server's digits (Babel's default numbering system), so a Dari page never mixes scripts.
      var digits = root.getAttribute("data-digits");
      return new Intl.NumberFormat(pageLang, digits ? { numberingSystem: digits } : {}).format(n);
    } catch (e) {
      return String(n);
    }
  }

  function refreshShortlistUi() {
    var ids = readList();
    document.querySelectorAll("[data-shortlist-count]").forEach(function (el) {
      el.textContent = formatCount(ids.length);
      el.hidden = ids.length === 0;
    });
    document.querySelectorAll(".save-toggle").forEach(function (button) {
      var saved = ids.indexOf(button.getAttribute("data-offer-id")) !== -1;
      button.setAttribute("aria-pressed", saved ? "true" : "false");
      var label = button.querySelector(".save-label");
      if (label) {
        label.textContent = button.getAttribute(saved ? "data-label-saved" : "data-label-save");
      }
    });
  }

  function toggleSaved(id) {
    var ids = readList();
    var at = ids.indexOf(id);
    if (at === -1) ids.push(id);
    else ids.splice(at, 1);
    writeList(ids);
  }

  function setupShortlistButtons() {
    if (!hasStorage) return;
    document.querySelectorAll(".save-toggle").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        toggleSaved(button.getAttribute("data-offer-id"));
      });
    });
    refreshShortlistUi();
    // Another tab changed the list: keep this page in step.
    window.addEventListener("storage", function (event) {
      if (event.key === STORE_KEY) refreshShortlistUi();
    });
  }

  /* ---- print ------------------------------------------------------------------------ */

  function setupPrint() {
    document.querySelectorAll(".print-page").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  /* ---- listen (speech synthesis) ---------------------------------------------------- */

  function primary(tag) {
    return String(tag || "").toLowerCase().replace("_", "-").split("-")[0];
  }

  function voiceFor(lang) {
    if (!("speechSynthesis" in window)) return null;
    var voices = window.speechSynthesis.getVoices() || [];
    var wanted = String(lang).toLowerCase();
    var exact = voices.filter(function (v) {
      return String(v.lang).toLowerCase().replace("_", "-") === wanted;
    });
    if (exact.length) return exact[0];
    var near = voices.filter(function (v) {
      return primary(v.lang) === primary(lang);
    });
    return near.length ? near[0] : null;
  }

  var SKIP = "button, svg, script, style, [hidden], [aria-hidden='true'], .listen, .actions, .offer-map";

  // Split the text into runs by language, so the Dutch parts are read with a Dutch voice.
  function textRuns(target) {
    var runs = [];
    var walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (!parent || parent.closest(SKIP)) return NodeFilter.FILTER_REJECT;
        return node.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      },
    });
    var node;
    while ((node = walker.nextNode())) {
      var holder = node.parentElement.closest("[lang]");
      var lang = holder ? holder.getAttribute("lang") : pageLang;
      var last = runs[runs.length - 1];
      var text = node.nodeValue.replace(/\s+/g, " ");
      if (last && last.lang === lang) last.text += " " + text;
      else runs.push({ lang: lang, text: text });
    }
    return runs;
  }

  function setupListen() {
    var buttons = Array.prototype.slice.call(document.querySelectorAll(".listen"));
    if (!buttons.length || !("speechSynthesis" in window)) return;
    var speaking = null;

    function reset() {
      buttons.forEach(function (b) {
        var label = b.querySelector(".listen-label");
        if (label && b.dataset.labelListen) label.textContent = b.dataset.labelListen;
        b.setAttribute("aria-pressed", "false");
      });
      speaking = null;
    }

    function show() {
      buttons.forEach(function (button) {
        // Hidden unless the device has a voice for the page language.
        button.hidden = !voiceFor(button.getAttribute("data-lang") || pageLang);
      });
    }

    buttons.forEach(function (button) {
      var label = button.querySelector(".listen-label");
      button.dataset.labelListen = label ? label.textContent : "";
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () {
        var synth = window.speechSynthesis;
        var wasMe = speaking === button;
        synth.cancel();
        reset();
        if (wasMe) return;
        var target = document.getElementById(button.getAttribute("data-listen-target"));
        if (!target) return;
        var runs = textRuns(target);
        runs.forEach(function (run, index) {
          var utterance = new SpeechSynthesisUtterance(run.text);
          utterance.lang = run.lang;
          var voice = voiceFor(run.lang) || voiceFor(pageLang);
          if (voice) utterance.voice = voice;
          if (index === runs.length - 1) {
            utterance.onend = reset;
          }
          synth.speak(utterance);
        });
        speaking = button;
        button.setAttribute("aria-pressed", "true");
        if (label) label.textContent = button.getAttribute("data-label-stop");
      });
    });
    show();
    // Voices often arrive a moment after the page loads.
    if (typeof window.speechSynthesis.addEventListener === "function") {
      window.speechSynthesis.addEventListener("voiceschanged", show);
    }
  }

  /* ---- maps (Leaflet, loaded only when a map is shown) ------------------------------ */

  var leafletPromise = null;

  function loadLeaflet(jsUrl, cssUrl) {
    if (window.L) return Promise.resolve(window.L);
    if (leafletPromise) return leafletPromise;
    leafletPromise = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = cssUrl;
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = jsUrl;
      script.onload = function () {
        resolve(window.L);
      };
      script.onerror = function () {
        leafletPromise = null;
        reject(new Error("leaflet"));
      };
      document.head.appendChild(script);
    });
    return leafletPromise;
  }

  function markerIcon(L, extraClass) {
    var size = extraClass ? 22 : 30;
    return L.divIcon({
      className: "map-marker" + (extraClass ? " " + extraClass : ""),
      html: "",
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
      popupAnchor: [0, -size / 2],
    });
  }

  /* points: [{lat, lon, label, url}]; origin: {lat, lon, label} or null. */
  function renderMap(container, points, origin) {
    return loadLeaflet(container.dataset.leafletJs, container.dataset.leafletCss).then(function (L) {
      if (container._map) {
        container._map.invalidateSize();
        return container._map;
      }
      container.setAttribute("role", "region");
      container.setAttribute("aria-label", container.dataset.label || "");
      var map = L.map(container, { scrollWheelZoom: false, zoomControl: false });
      L.control
        .zoom({
          zoomInTitle: container.dataset.zoomIn || "+",
          zoomOutTitle: container.dataset.zoomOut || "-",
        })
        .addTo(map);
      // Leaflet needs a view before layers are added.
      var bounds = points.map(function (p) {
        return [p.lat, p.lon];
      });
      if (origin) bounds.push([origin.lat, origin.lon]);
      if (bounds.length > 1) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 });
      else if (bounds.length === 1) map.setView(bounds[0], 14);
      else map.setView([50.9, 4.3], 8);
      // Without a network the tiles fail quietly: the markers and the list still work.
      L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 19,
        attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
      }).addTo(map);
      if (origin) {
        L.marker([origin.lat, origin.lon], {
          icon: markerIcon(L, "map-marker-origin"),
          title: origin.label,
          keyboard: false,
        }).addTo(map);
      }
      points.forEach(function (p) {
        var marker = L.marker([p.lat, p.lon], {
          icon: markerIcon(L),
          title: p.label,
          keyboard: true,
          riseOnHover: true,
        }).addTo(map);
        if (p.url) {
          var box = document.createElement("p");
          box.setAttribute("dir", root.getAttribute("dir") || "ltr");
          var link = document.createElement("a");
          link.href = p.url;
          link.textContent = p.label;
          box.appendChild(link);
          marker.bindPopup(box);
        }
        marker.getElement().classList.add("map-marker-offer");
      });
      container._map = map;
      return map;
    });
  }

  function setupAutoMaps() {
    var containers = document.querySelectorAll("[data-map-auto]");
    if (!containers.length) return;
    function start(container) {
      var title = container.dataset.title || "";
      var points = (container.dataset.points || "")
        .split(";")
        .filter(Boolean)
        .map(function (pair) {
          var parts = pair.split(",");
          return { lat: parseFloat(parts[0]), lon: parseFloat(parts[1]), label: title };
        });
      renderMap(container, points, null).catch(function () {
        /* the link to OpenStreetMap stays in place */
      });
    }
    if (!("IntersectionObserver" in window)) {
      containers.forEach(start);
      return;
    }
    // Load Leaflet only when the map scrolls into view: most visitors never need it.
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          start(entry.target);
        }
      });
    }, { rootMargin: "200px" });
    containers.forEach(function (c) {
      observer.observe(c);
    });
  }

  window.Aanbod = {
    readList: readList,
    writeList: writeList,
    hasStorage: hasStorage,
    renderMap: renderMap,
    pageLang: pageLang,
  };

  function init() {
    setupShortlistButtons();
    setupPrint();
    setupListen();
    setupAutoMaps();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
