/* Search improvements: place suggestions, "use my location", filters that apply at once,
 * clean URLs and the list/map toggle. The form works the same without this file. */
(function () {
  "use strict";

  var REFOCUS_KEY = "aanbodplatform.refocus";

  function hiddenInput(form, name) {
    var input = form.querySelector('input[type="hidden"][name="' + name + '"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    return input;
  }

  function clearLocation(form) {
    form.querySelectorAll('input[type="hidden"][name="lat"], input[type="hidden"][name="lon"]').forEach(function (el) {
      el.remove();
    });
  }

  /* ---- place suggestions: an ARIA 1.2 combobox on the place field ------------------- */

  function setupSuggest(input) {
    var url = input.getAttribute("data-suggest-url");
    if (!url || !window.fetch) return;
    var form = input.form;
    var list = document.createElement("ul");
    list.id = input.id + "-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    var label = document.querySelector('label[for="' + input.id + '"]');
    if (label) list.setAttribute("aria-label", label.textContent.trim());
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var timer = null;
    var active = -1;
    var items = [];
    var lastQuery = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll('[role="option"]');
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var place = items[index];
      if (!place) return;
      input.value = place.label;
      if (form) clearLocation(form);
      close();
    }

    function render(places) {
      items = places;
      list.textContent = "";
      places.forEach(function (place, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = place.label;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the field
        });
        option.addEventListener("click", function () {
          choose(i);
          input.focus();
        });
        list.appendChild(option);
      });
      var open = places.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      active = -1;
    }

    function lookup() {
      var q = input.value.trim();
      if (q.length < 2) {
        close();
        return;
      }
      if (q === lastQuery && !list.hidden) return;
      lastQuery = q;
      // Places are labelled in the page's language where a name in it is known ("Гент (Gent)").
      var lang = document.documentElement.getAttribute("lang") || "";
      var query = "q=" + encodeURIComponent(q) + "&lang=" + encodeURIComponent(lang);
      fetch(url + (url.indexOf("?") === -1 ? "?" : "&") + query, { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { places: [] };
        })
        .then(function (data) {
          if (input.value.trim() === q) render((data && data.places) || []);
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      if (form) clearLocation(form);
      window.clearTimeout(timer);
      timer = window.setTimeout(lookup, 150);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) lookup();
        else highlight(Math.min(active + 1, items.length - 1));
      } else if (event.key === "ArrowUp") {
        if (open) {
          event.preventDefault();
          highlight(Math.max(active - 1, 0));
        }
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          choose(active);
        } else {
          close();
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        }
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }

  /* ---- use my location ------------------------------------------------------------ */

  function setupLocation(form) {
    var button = form.querySelector(".use-location");
    if (!button || !("geolocation" in navigator)) return;
    var status = form.querySelector("#location-status");
    var near = form.querySelector('[name="near"]');
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) status.textContent = button.getAttribute("data-msg-busy");
      navigator.geolocation.getCurrentPosition(
        function (position) {
          hiddenInput(form, "lat").value = position.coords.latitude.toFixed(5);
          hiddenInput(form, "lon").value = position.coords.longitude.toFixed(5);
          if (near) near.value = "";
          if (status) status.textContent = button.getAttribute("data-msg-found");
          submit(form);
        },
        function () {
          if (status) status.textContent = button.getAttribute("data-msg-denied");
          if (near) near.focus();
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
      );
    });
  }

  /* ---- submitting: apply filters at once, keep the URL short ------------------------ */

  function submit(form) {
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.submit();
  }

  function setupCleanUrls(form) {
    // Empty fields add nothing to a search; leaving them out keeps shared links readable.
    form.addEventListener("formdata", function (event) {
      var data = event.formData;
      var keep = {};
      var names = [];
      data.forEach(function (value, name) {
        if (names.indexOf(name) === -1) names.push(name);
        if (String(value).trim() !== "") keep[name] = true;
      });
      names.forEach(function (name) {
        if (!keep[name]) data.delete(name);
      });
    });
  }

  // Keys that move through a closed select's options one by one: browsing, not choosing
  // (WCAG 3.2.2). A select changed this way applies on Enter or with the form's buttons.
  var BROWSE_KEYS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"];

  function apply(form, target) {
    // The page reloads: remember where the visitor was, to put the focus back there.
    try {
      window.sessionStorage.setItem(REFOCUS_KEY, target.id);
    } catch (e) {
      /* no session storage: focus starts at the top, as without JavaScript */
    }
    submit(form);
  }

  function setupSelectKeys(form, select) {
    select.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        if (select.getAttribute("data-pending") === "true") {
          event.preventDefault();
          apply(form, select);
        }
        return;
      }
      if (event.altKey || event.key === " " || event.key === "F4") {
        // Opens the option list: what is picked there is an explicit choice.
        select.removeAttribute("data-browsing");
      } else if (BROWSE_KEYS.indexOf(event.key) !== -1 || event.key.length === 1) {
        select.setAttribute("data-browsing", "true");
      }
    });
    select.addEventListener("pointerdown", function () {
      select.removeAttribute("data-browsing");
    });
  }

  function setupAutoSubmit(form) {
    function onChange(event) {
      var target = event.target;
      if (!target.matches('input[type="checkbox"], input[type="radio"], select')) return;
      if (target.tagName === "SELECT" && target.getAttribute("data-browsing") === "true") {
        // Chosen with the arrow keys: wait for Enter or a button, and show the button.
        target.setAttribute("data-pending", "true");
        var field = target.closest(".field");
        if (field) field.classList.add("is-pending");
        return;
      }
      apply(form, target);
    }
    form.addEventListener("change", onChange);
    var outside = document.querySelectorAll('[form="' + form.id + '"]');
    outside.forEach(function (el) {
      el.addEventListener("change", onChange);
    });
    form.querySelectorAll("select").forEach(function (select) {
      setupSelectKeys(form, select);
    });
    outside.forEach(function (el) {
      if (el.tagName === "SELECT") setupSelectKeys(form, el);
    });
  }

  /* Returns true when the page was reloaded by a filter change. */
  function restoreFocus() {
    var id = null;
    try {
      id = window.sessionStorage.getItem(REFOCUS_KEY);
      window.sessionStorage.removeItem(REFOCUS_KEY);
    } catch (e) {
      return false;
    }
    if (!id) return false;
    var el = document.getElementById(id);
    if (!el) return true;
    var details = el.closest("details");
    if (details) details.open = true;
    el.focus();
    return true;
  }

  function announceCount() {
    // The live region is empty at load; filling it a moment later makes screen readers say
    // the new count without moving the focus away from the filter just changed.
    var region = document.getElementById("results-announce");
    var title = document.getElementById("results-title");
    if (!region || !title) return;
    window.setTimeout(function () {
      region.textContent = title.textContent.replace(/\s+/g, " ").trim();
    }, 250);
  }

  /* ---- list / map ----------------------------------------------------------------- */

  function setupViewToggle(form) {
    var toggle = document.querySelector(".view-toggle");
    var mapEl = document.getElementById("results-map");
    var list = document.getElementById("results-list");
    if (!toggle || !mapEl || !window.Aanbod) return;
    toggle.hidden = false;
    var buttons = toggle.querySelectorAll("button[data-view]");

    function points() {
      var cards = list ? list.querySelectorAll(".card[data-lat]") : [];
      return Array.prototype.map.call(cards, function (card) {
        return {
          lat: parseFloat(card.getAttribute("data-lat")),
          lon: parseFloat(card.getAttribute("data-lon")),
          label: card.getAttribute("data-title"),
          url: card.getAttribute("data-url"),
        };
      });
    }

    function origin() {
      var lat = mapEl.getAttribute("data-origin-lat");
      if (!lat) return null;
      return {
        lat: parseFloat(lat),
        lon: parseFloat(mapEl.getAttribute("data-origin-lon")),
        label: mapEl.getAttribute("data-origin-label"),
      };
    }

    function show(view, remember) {
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-view") === view ? "true" : "false");
      });
      var onMap = view === "map";
      mapEl.hidden = !onMap;
      if (list) list.hidden = onMap;
      // Filters submitted from the map view come back to the map view.
      var base = form.getAttribute("action").split("#")[0];
      form.setAttribute("action", onMap ? base + "#map" : base);
      if (remember && window.history && window.history.replaceState) {
        var url = window.location.pathname + window.location.search + (onMap ? "#map" : "");
        window.history.replaceState(null, "", url);
      }
      if (onMap) {
        window.Aanbod.renderMap(mapEl, points(), origin()).catch(function () {
          mapEl.setAttribute("data-failed", "true");
        });
      }
    }

    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        show(b.getAttribute("data-view"), true);
      });
    });
    if (window.location.hash === "#map") show("map", false);
  }

  function init() {
    document.querySelectorAll("input[data-suggest-url]").forEach(setupSuggest);
    document.querySelectorAll('form[role="search"]').forEach(function (form) {
      setupLocation(form);
      setupCleanUrls(form);
    });
    var form = document.getElementById("search-form");
    if (form) {
      setupAutoSubmit(form);
      setupViewToggle(form);
      if (restoreFocus()) announceCount();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
