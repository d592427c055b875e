/* The staff pages without signal (issue 18): the service worker, pages kept for offline use
 * and visits logged offline, sent once the connection returns.
 *
 * Contract with the pages:
 * - <body data-user-key="…">: the signed-in person ("" when nobody is). Kept pages and unsent
 *   visits belong to that person: another person (or nobody) on the same browser clears the
 *   kept pages, and a visit is only ever sent under the person who logged it.
 * - [data-offline-pack]: keeps this page and every a[data-offline] inside it for offline use
 *   (on opening it, or with data-offline-pack="manual" on a click of its [data-offline-store]
 *   button), then says «Disponible sin conexión» with the time.
 * - form[data-offline-form] (data-offline-label names the visit): sent by this script; kept
 *   on the phone when there is no connection and sent on the `online` event and on every page
 *   opened while signed in. Its hidden client_key makes a repeated send record one visit.
 * - form[data-offline-logout]: the kept pages are deleted before signing out.
 */
(function () {
  "use strict";

  var PAGES_CACHE = "omil-pages";
  var PAGES_META = "omil-offline-pages";
  var OWNER = "omil-offline-user";
  var USED_KEYS = "omil-offline-used-keys";
  var MAX_PACK = 60;
  var MAX_USED_KEYS = 500;
  var body = document.body;
  var userAttr = body.getAttribute("data-user-key");
  // The «sin conexión» page has no user: it shows what the last person kept on this phone.
  var userKey = userAttr === null ? read(OWNER, "") : userAttr;
  var sentNow = [];
  var problem = "";

  function read(name, fallback) {
    try {
      var value = window.localStorage.getItem(name);
      return value === null ? fallback : JSON.parse(value);
    } catch (error) {
      return fallback;
    }
  }

  function write(name, value) {
    try {
      if (value === null) window.localStorage.removeItem(name);
      else window.localStorage.setItem(name, JSON.stringify(value));
    } catch (error) {
      /* storage full or refused: offline use degrades, the page still works */
    }
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function clock(time) {
    return new Date(time).toLocaleTimeString("es-CL", { hour: "2-digit", minute: "2-digit" });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Kept pages ------------------------------------------------------------------------------

  function forgetKeptPages() {
    write(PAGES_META, null);
    return window.caches ? caches.delete(PAGES_CACHE).catch(function () {}) : Promise.resolve();
  }

  function checkOwner() {
    if (userAttr === null) return Promise.resolve();
    var owner = read(OWNER, "");
    write(OWNER, userAttr || null);
    return owner === userAttr ? Promise.resolve() : forgetKeptPages();
  }

  function assetsOf(doc) {
    var found = [];
    doc.querySelectorAll("link[rel=stylesheet][href], script[src], link[rel=icon][href]").forEach(function (node) {
      var url = new URL(node.getAttribute("href") || node.getAttribute("src"), location.href);
      if (url.origin === location.origin) found.push(url.pathname + url.search);
    });
    return found;
  }

  function packUrls(pack) {
    var urls = [location.pathname + location.search];
    pack.querySelectorAll("a[data-offline][href]").forEach(function (link) {
      var url = new URL(link.getAttribute("href"), location.href);
      if (url.origin === location.origin && urls.indexOf(url.pathname + url.search) < 0) {
        urls.push(url.pathname + url.search);
      }
    });
    return urls.slice(0, MAX_PACK);
  }

  async function keepPage(cache, url, assets) {
    var response = await fetch(url, { credentials: "same-origin" });
    var type = response.headers.get("Content-Type") || "";
    // A signed-out answer is the login page, reached by a redirect: never keep it as the page.
    if (!response.ok || response.redirected || type.indexOf("text/html") < 0) return null;
    var doc = new DOMParser().parseFromString(await response.clone().text(), "text/html");
    assetsOf(doc).forEach(function (asset) { assets.add(asset); });
    await cache.put(url, response);
    return doc.title;
  }

  async function storePack(pack) {
    if (!window.caches || !userAttr || !navigator.onLine) return;
    var status = packStatus(pack);
    status.className = "small text-body-secondary mb-2";
    status.textContent = "Guardando para usar sin conexión…";
    var cache = await caches.open(PAGES_CACHE);
    var meta = read(PAGES_META, {});
    var assets = new Set(assetsOf(document));
    var urls = packUrls(pack);
    var missed = 0;
    for (var i = 0; i < urls.length; i++) {
      try {
        var title = await keepPage(cache, urls[i], assets);
        if (title === null) missed++;
        else meta[urls[i]] = { title: title, storedAt: Date.now() };
      } catch (error) {
        missed++;
      }
    }
    for (var asset of assets) {
      try {
        if (!(await cache.match(asset))) {
          var response = await fetch(asset);
          if (response.ok) await cache.put(asset, response);
        }
      } catch (error) {
        /* the page still shows, maybe without this style or script */
      }
    }
    write(PAGES_META, meta);
    if ("serviceWorker" in navigator) await navigator.serviceWorker.ready;
    showStored(pack, missed);
  }

  function packStatus(pack) {
    var status = pack.querySelector("[data-offline-status]");
    if (!status) {
      status = el("p");
      status.setAttribute("data-offline-status", "");
      status.setAttribute("role", "status");
      pack.insertBefore(status, pack.firstChild);
    }
    status.setAttribute("data-testid", "offline-pack-status");
    return status;
  }

  function showStored(pack, missed) {
    var kept = read(PAGES_META, {})[location.pathname + location.search];
    if (!kept) return;
    var status = packStatus(pack);
    status.className = "small text-success mb-2";
    status.textContent = "Disponible sin conexión · guardado a las " + clock(kept.storedAt) + ".";
    if (missed) {
      status.className = "small text-warning-emphasis mb-2";
      status.textContent += " No se pudieron guardar " + missed + " página(s); vuelva a abrir esta página con conexión.";
    }
  }

  function setupPacks() {
    document.querySelectorAll("[data-offline-pack]").forEach(function (pack) {
      if (!navigator.onLine) {
        showStored(pack, 0);
      } else if (pack.getAttribute("data-offline-pack") === "manual") {
        showStored(pack, 0);
        pack.querySelectorAll("[data-offline-store]").forEach(function (button) {
          button.addEventListener("click", function () { storePack(pack); });
        });
      } else {
        storePack(pack);
      }
    });
  }

  function listKeptPages() {
    var list = document.querySelector("[data-testid=offline-stored-pages]");
    if (!list) return;
    var meta = read(PAGES_META, {});
    Object.keys(meta).forEach(function (url) {
      var item = el("li");
      var link = el("a", "", meta[url].title || url);
      link.href = url;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" · guardada a las " + clock(meta[url].storedAt)));
      list.appendChild(item);
    });
    if (list.children.length) list.parentElement.hidden = false;
  }

  // Visits kept on the phone (IndexedDB) ------------------------------------------------------

  var database = null;

  function db() {
    if (!database) {
      database = new Promise(function (resolve, reject) {
        var opening = indexedDB.open("omil-offline", 1);
        opening.onupgradeneeded = function () {
          opening.result.createObjectStore("visits", { keyPath: "key" });
        };
        opening.onsuccess = function () { resolve(opening.result); };
        opening.onerror = function () { reject(opening.error); };
      });
    }
    return database;
  }

  async function run(mode, action) {
    var store = (await db()).transaction("visits", mode).objectStore("visits");
    var request = action(store);
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  async function myVisits() {
    if (!window.indexedDB || !userKey) return [];
    var all = await run("readonly", function (store) { return store.getAll(); });
    return all
      .filter(function (item) { return item.user === userKey; })
      .sort(function (a, b) { return a.createdAt - b.createdAt; });
  }

  function putVisit(item) { return run("readwrite", function (store) { return store.put(item); }); }
  function dropVisit(key) { return run("readwrite", function (store) { return store.delete(key); }); }

  function markUsed(key) {
    var keys = read(USED_KEYS, []).filter(function (k) { return k !== key; });
    keys.push(key);
    write(USED_KEYS, keys.slice(-MAX_USED_KEYS));
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function send(action, fields, replay) {
    var data = new URLSearchParams();
    fields.forEach(function (pair) {
      // The token of a page kept since the morning may be stale: the current one goes as a header.
      if (pair[0] !== "csrfmiddlewaretoken") data.append(pair[0], pair[1]);
    });
    var headers = { Accept: "application/json", "X-CSRFToken": csrfToken() };
    if (replay) headers["X-Offline-Replay"] = "1";
    return fetch(action, { method: "POST", body: data, headers: headers, credentials: "same-origin" });
  }

  async function answerOf(response) {
    var type = response.headers.get("Content-Type") || "";
    if (response.redirected || type.indexOf("application/json") < 0) return null;
    try {
      return await response.json();
    } catch (error) {
      return null;
    }
  }

  function keyField(fields) {
    for (var i = 0; i < fields.length; i++) {
      if (/(^|-)client_key$/.test(fields[i][0])) return fields[i];
    }
    return null;
  }

  async function keep(form, fields) {
    var field = keyField(fields);
    if (!field) {
      field = ["client_key", ""];
      fields.push(field);
    }
    // The page kept for offline use carries one key: a second visit logged from it needs its own.
    if (!field[1] || read(USED_KEYS, []).indexOf(field[1]) >= 0) field[1] = newKey();
    await putVisit({
      key: field[1],
      user: userKey,
      action: form.action,
      fields: fields,
      label: form.getAttribute("data-offline-label") || "Visita",
      createdAt: Date.now(),
      state: "pending",
      message: "",
      logUrl: "",
    });
    markUsed(field[1]);
    form.reset();
    var input = form.querySelector("input[name$=client_key]");
    if (input) input.value = newKey();
    setNow(form);
    await render();
    var queue = document.querySelector("[data-offline-queue]");
    if (queue) queue.scrollIntoView({ block: "start" });
  }

  async function submitForm(form, submitter) {
    var fields = Array.from(new FormData(form, submitter)).filter(function (pair) {
      return typeof pair[1] === "string";
    });
    if (!navigator.onLine) return keep(form, fields);
    var response;
    try {
      response = await send(form.action, fields, false);
    } catch (error) {
      return keep(form, fields);
    }
    var answer = await answerOf(response);
    if (answer && answer.ok) {
      location.assign(answer.redirect);
    } else if (answer && answer.conflict) {
      showFormConflict(form, answer, fields);
    } else {
      // Errors shown next to each field, a session that ended…: the browser sends it as usual.
      form.setAttribute("data-offline-native", "");
      form.requestSubmit(submitter || null);
    }
  }

  function showFormConflict(form, answer, fields) {
    var box = form.querySelector("[data-offline-form-conflict]") || el("div");
    box.setAttribute("data-offline-form-conflict", "");
    box.className = "alert alert-danger";
    box.setAttribute("role", "alert");
    box.replaceChildren(el("p", "mb-2", answer.message));
    box.appendChild(logAsNewButton(answer.log_url, fields, function (reply) {
      location.assign(reply.redirect);
    }));
    form.insertBefore(box, form.firstChild);
    box.scrollIntoView({ block: "start" });
  }

  function logAsNewButton(logUrl, fields, done) {
    var button = el("button", "btn btn-sm btn-primary me-2", "Registrar como contacto nuevo");
    button.type = "button";
    button.addEventListener("click", async function () {
      button.disabled = true;
      var asNew = fields.filter(function (pair) { return !/plan_version$/.test(pair[0]); });
      try {
        var reply = await answerOf(await send(logUrl, asNew, false));
        if (reply && reply.ok) return done(reply);
        window.alert(reply ? reply.message : "No se pudo registrar; inténtelo de nuevo.");
      } catch (error) {
        window.alert("Sin conexión: inténtelo cuando vuelva la señal.");
      }
      button.disabled = false;
    });
    return button;
  }

  function setNow(form) {
    var now = new Date();
    now.setSeconds(0, 0);
    var local = new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    form.querySelectorAll("input[type=datetime-local][data-offline-now]").forEach(function (input) {
      input.value = local;
    });
  }

  function setupForms() {
    document.querySelectorAll("form[data-offline-form]").forEach(function (form) {
      // A form kept since the morning would otherwise say the visit happened then.
      if (!navigator.onLine) setNow(form);
      form.addEventListener("submit", function (event) {
        if (form.hasAttribute("data-offline-native")) return;
        event.preventDefault();
        submitForm(form, event.submitter);
      });
    });
    document.querySelectorAll("form[data-offline-logout]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        write(OWNER, null);
        forgetKeptPages().then(function () { form.submit(); });
      });
    });
  }

  var syncing = false;

  async function sync() {
    if (syncing || !userAttr || !navigator.onLine || !window.indexedDB) return;
    syncing = true;
    problem = "";
    try {
      var items = (await myVisits()).filter(function (item) { return item.state === "pending"; });
      for (var i = 0; i < items.length; i++) {
        var item = items[i];
        var response;
        try {
          response = await send(item.action, item.fields, true);
        } catch (error) {
          break; /* still no connection: the next `online` event tries again */
        }
        var answer = await answerOf(response);
        if (answer && answer.ok) {
          await dropVisit(item.key);
          sentNow.push(item.label);
        } else if (answer && (response.status === 409 || response.status === 400)) {
          item.state = "conflict";
          item.message = answer.message;
          item.logUrl = answer.log_url || "";
          await putVisit(item);
        } else if (response.status === 404) {
          item.state = "conflict";
          item.message = "La empresa o la visita ya no existe en el sistema; no se registró.";
          await putVisit(item);
        } else if (response.status === 403 || response.redirected) {
          problem = "Las visitas pendientes no se enviaron: vuelva a ingresar al sistema y se enviarán solas.";
          break;
        } else {
          problem = "El servidor no recibió las visitas pendientes; se volverá a intentar.";
          break;
        }
      }
    } finally {
      syncing = false;
      await render();
    }
  }

  // The list on every page ------------------------------------------------------------------

  var TEXT_FIELDS = { summary: "Resumen", needs_detected: "Necesidades detectadas", next_step: "Próximo paso" };

  function sentText(item) {
    return item.fields
      .filter(function (pair) { return TEXT_FIELDS[pair[0]] && pair[1]; })
      .map(function (pair) { return TEXT_FIELDS[pair[0]] + ": " + pair[1]; })
      .join("\n");
  }

  function conflictBox(item) {
    var box = el("div", "alert alert-danger");
    box.setAttribute("data-testid", "offline-conflict");
    box.appendChild(el("p", "fw-semibold mb-1", "No se registró: " + item.label + " · " + clock(item.createdAt)));
    box.appendChild(el("p", "mb-2", item.message));
    var text = el("textarea", "form-control form-control-sm mb-2");
    text.readOnly = true;
    text.rows = 4;
    text.value = sentText(item);
    text.setAttribute("aria-label", "Texto enviado (puede copiarlo)");
    box.appendChild(text);
    if (item.logUrl) {
      box.appendChild(logAsNewButton(item.logUrl, item.fields, async function () {
        await dropVisit(item.key);
        sentNow.push(item.label);
        await render();
      }));
    }
    var discard = el("button", "btn btn-sm btn-outline-secondary", "Descartar");
    discard.type = "button";
    discard.addEventListener("click", async function () {
      if (!window.confirm("¿Descartar este registro? Copie antes el texto si lo necesita.")) return;
      await dropVisit(item.key);
      await render();
    });
    box.appendChild(discard);
    return box;
  }

  async function render() {
    var place = document.querySelector("[data-offline-queue]");
    if (!place) return;
    var items = [];
    try {
      items = await myVisits();
    } catch (error) {
      /* no IndexedDB (private window): nothing kept to show */
    }
    var pending = items.filter(function (item) { return item.state === "pending"; });
    var parts = [];
    if (pending.length) {
      var box = el("div", "alert alert-warning");
      box.setAttribute("data-testid", "offline-pending");
      box.setAttribute("role", "status");
      box.appendChild(el("p", "fw-semibold mb-1", "Pendiente de enviar (" + pending.length + ")"));
      var list = el("ul", "mb-1");
      pending.forEach(function (item) { list.appendChild(el("li", "", item.label + " · " + clock(item.createdAt))); });
      box.appendChild(list);
      box.appendChild(el("p", "small mb-0", problem || "Guardado en este teléfono; se enviará solo al volver la conexión."));
      parts.push(box);
    }
    items.filter(function (item) { return item.state === "conflict"; }).forEach(function (item) {
      parts.push(conflictBox(item));
    });
    if (sentNow.length) {
      var sent = el("div", "alert alert-success", "Enviado: " + sentNow.join("; ") + ".");
      sent.setAttribute("data-testid", "offline-sent");
      sent.setAttribute("role", "status");
      parts.push(sent);
    }
    place.replaceChildren.apply(place, parts);
  }

  // Start -----------------------------------------------------------------------------------

  setupForms();
  checkOwner().then(function () {
    if (userAttr && "serviceWorker" in navigator) {
      navigator.serviceWorker.register(body.getAttribute("data-sw-url"), { scope: "/" }).catch(function () {});
    }
    setupPacks();
    listKeptPages();
    return render();
  }).then(sync);
  window.addEventListener("online", sync);
})();
