/* The shortlist page: show the offers saved in this browser (read from the API),
 * share them as a link, or save a shared list. Without JavaScript a shared link still works. */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function renderItem(app, offer) {
    var pageLang = app.getAttribute("data-lang");
    var inDutch = offer.content_lang !== pageLang;
    var langAttrs = inDutch ? { lang: offer.content_lang, dir: "ltr" } : {};
    var item = el("li", { class: "shortlist-item", "data-offer-id": offer.id });
    var title = el("h2", { class: "card-title" });
    var link = el("a", Object.assign({ href: offer.url }, langAttrs), offer.title);
    title.appendChild(link);
    item.appendChild(title);

    var badges = el("p", { class: "badges" });
    if (offer.content_lang === "nl" && pageLang !== "nl") {
      badges.appendChild(el("span", { class: "badge badge-dutch" }, app.getAttribute("data-label-dutch")));
    }
    if (offer.criteria && !offer.criteria.pnt_eligible) {
      badges.appendChild(el("span", { class: "badge badge-warn" }, app.getAttribute("data-label-not-counting")));
    }
    if (badges.childNodes.length) item.appendChild(badges);

    item.appendChild(el("p", Object.assign({ class: "card-summary" }, langAttrs), offer.summary));
    var meta = el("p", { class: "meta" });
    meta.appendChild(el("bdi", {}, offer.organisation));
    if (offer.municipality) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(el("bdi", {}, offer.municipality));
    }
    item.appendChild(meta);
    item.appendChild(el("p", { class: "print-url", dir: "ltr" }, new URL(offer.url, window.location.href).href));

    var remove = el("button", { type: "button", class: "button button-secondary remove" }, app.getAttribute("data-label-remove"));
    remove.addEventListener("click", function () {
      var ids = window.Aanbod.readList().filter(function (id) {
        return id !== String(offer.id);
      });
      window.Aanbod.writeList(ids);
      var next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      announce(app.getAttribute("data-label-removed"));
      refresh(app);
      // Keep keyboard users in the list instead of dropping focus on the page.
      var target = next ? next.querySelector("a") : document.getElementById("main");
      if (target) target.focus();
    });
    item.appendChild(remove);
    return item;
  }

  function announce(text) {
    var status = document.getElementById("shortlist-status");
    if (status) status.textContent = text;
  }

  function refresh(app) {
    var ids = window.Aanbod.readList();
    app.querySelector(".shortlist-empty").hidden = ids.length > 0;
    var share = app.querySelector(".share-box");
    share.hidden = ids.length === 0;
    var link = app.getAttribute("data-share-base") + "?ids=" + ids.join(",");
    app.querySelector("#share-link").value = link;
  }

  function setupShare(app) {
    var input = app.querySelector("#share-link");
    var copy = app.querySelector(".copy-link");
    copy.addEventListener("click", function () {
      var done = function () {
        announce(copy.getAttribute("data-msg-copied"));
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(done, function () {
          input.select();
          if (document.execCommand("copy")) done();
        });
      } else {
        input.select();
        if (document.execCommand("copy")) done();
      }
    });
    var native = app.querySelector(".native-share");
    if (navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: native.getAttribute("data-title"), url: input.value }).catch(function () {
          /* the visitor closed the share sheet */
        });
      });
    }
  }

  function loadOwnList(app) {
    var ids = window.Aanbod.readList();
    var list = app.querySelector("#shortlist-items");
    setupShare(app);
    refresh(app);
    if (!ids.length) return;
    var base = app.getAttribute("data-api");
    var lang = app.getAttribute("data-lang");
    Promise.all(
      ids.map(function (id) {
        return fetch(base + encodeURIComponent(id) + "?lang=" + encodeURIComponent(lang), {
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            if (response.status === 404) return { gone: id };
            return response.ok ? response.json() : null;
          })
          .catch(function () {
            return null;
          });
      })
    ).then(function (offers) {
      var gone = [];
      offers.forEach(function (offer) {
        if (!offer) return;
        if (offer.gone) gone.push(offer.gone);
        else list.appendChild(renderItem(app, offer));
      });
      if (gone.length) {
        // Offers that are no longer published leave the list, and the visitor is told.
        window.Aanbod.writeList(window.Aanbod.readList().filter(function (id) {
          return gone.indexOf(id) === -1;
        }));
        announce(app.getAttribute("data-label-gone"));
      }
      refresh(app);
    });
  }

  function setupSaveAll() {
    var button = document.querySelector(".save-all");
    if (!button || !window.Aanbod.hasStorage) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var ids = window.Aanbod.readList();
      button.getAttribute("data-ids").split(",").forEach(function (id) {
        if (id && ids.indexOf(id) === -1) ids.push(id);
      });
      window.Aanbod.writeList(ids);
      var status = document.getElementById("save-all-status");
      if (status) status.textContent = button.getAttribute("data-msg-done");
    });
  }

  function init() {
    if (!window.Aanbod) return;
    var app = document.getElementById("shortlist-app");
    if (app) {
      if (!window.Aanbod.hasStorage) return;
      loadOwnList(app);
    }
    setupSaveAll();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
