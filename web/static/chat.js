/* The chat page: a socket.io conversation with Rasa (same origin, long-polling), sign-in, uploads, print.
 *
 * Storage: the conversation id and its transcript in localStorage (a reload continues the same
 * conversation and shows it again); the sign-in token in sessionStorage (gone with the tab).
 */
(function () {
  "use strict";

  var R = window.MspRender;
  var KEYS = { session: "msp.sessionId", transcript: "msp.transcript.", token: "msp.token", who: "msp.who" };
  var MAX_STORED_ENTRIES = 400;

  var transcriptList = document.getElementById("transcript");
  var announcer = document.getElementById("announcer");
  var typing = document.getElementById("typing");
  var connection = document.getElementById("connection");
  var composer = document.getElementById("composer");
  var messageInput = document.getElementById("message");
  var sendButton = document.getElementById("send");
  var signInPanel = document.getElementById("sign-in-panel");
  var signInForm = document.getElementById("sign-in-form");
  var signInError = document.getElementById("sign-in-error");
  var signedInAs = document.getElementById("signed-in-as");
  var signOutButton = document.getElementById("sign-out");

  var sessionId = null;
  var entries = [];
  var socket = null;
  var typingTimer = null;
  var uploadCounter = 0;

  // --- storage ------------------------------------------------------------------------------------

  function read(storage, key) {
    try { return storage.getItem(key); } catch (e) { return null; }
  }

  function write(storage, key, value) {
    try {
      if (value === null) storage.removeItem(key); else storage.setItem(key, value);
    } catch (e) { /* private mode or full: the page still works, it just forgets on reload */ }
  }

  function saveTranscript() {
    if (!sessionId) return;
    write(localStorage, KEYS.transcript + sessionId, JSON.stringify(entries.slice(-MAX_STORED_ENTRIES)));
  }

  function loadTranscript(id) {
    try { return JSON.parse(read(localStorage, KEYS.transcript + id) || "[]"); } catch (e) { return []; }
  }

  function signedIn() {
    var who = null;
    try { who = JSON.parse(read(sessionStorage, KEYS.who) || "null"); } catch (e) { who = null; }
    var token = read(sessionStorage, KEYS.token);
    if (!token || !who) return null;
    if (who.expires && Date.now() > who.expires) {
      forgetSignIn();
      showSignedIn();
      status("Your sign-in has expired. Please sign in again.");
      return null;
    }
    return { token: token, name: who.name, role: who.role };
  }

  function forgetSignIn() {
    write(sessionStorage, KEYS.token, null);
    write(sessionStorage, KEYS.who, null);
  }

  // --- announcing and status ----------------------------------------------------------------------

  function announce(text) {
    var line = document.createElement("p");
    line.textContent = text;
    announcer.appendChild(line);
    while (announcer.childNodes.length > 5) announcer.removeChild(announcer.firstChild);
  }

  function status(text) {
    connection.textContent = text;
  }

  function setTyping(on) {
    clearTimeout(typingTimer);
    typing.hidden = !on;
    if (on) typingTimer = setTimeout(function () { typing.hidden = true; }, 30000);
  }

  function timeOf(entry) {
    var when = new Date(entry.time || Date.now());
    return when.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
  }

  // --- rendering ----------------------------------------------------------------------------------

  function render(entry, index) {
    var item = document.createElement("li");
    item.className = "msg " + entry.who;
    var label = document.createElement("p");
    label.className = "speaker";
    label.textContent = (entry.who === "user" ? "You" : entry.who === "bot" ? "Assistant" : "Notice") + ", " + timeOf(entry);
    item.appendChild(label);
    var body = document.createElement("div");
    body.className = "body";
    if (entry.who === "bot" && entry.text) body.appendChild(R.botText(entry.text));
    else if (entry.text) body.appendChild(R.plainText(entry.text));
    if (entry.quick_replies && entry.quick_replies.length) body.appendChild(quickReplies(entry));
    if (entry.upload) body.appendChild(uploadControl(entry));
    item.appendChild(body);
    item.setAttribute("data-index", String(index));
    transcriptList.appendChild(item);
    return item;
  }

  function renderAll() {
    transcriptList.textContent = "";
    entries.forEach(render);
    refreshQuickReplies();
  }

  function scrollToEnd(item) {
    if (item && item.scrollIntoView) item.scrollIntoView({ block: "nearest" });
  }

  function add(entry) {
    entry.time = entry.time || Date.now();
    entries.push(entry);
    saveTranscript();
    var item = render(entry, entries.length - 1);
    refreshQuickReplies();
    scrollToEnd(item);
    return item;
  }

  // --- quick replies (the bot's buttons) ----------------------------------------------------------

  function quickReplies(entry) {
    var group = document.createElement("div");
    group.className = "quick-replies";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Answers you can choose");
    entry.quick_replies.forEach(function (reply) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "quick-reply";
      button.textContent = reply.title;
      button.addEventListener("click", function () {
        send(reply.payload || reply.title, reply.title);
        messageInput.focus();
      });
      group.appendChild(button);
    });
    return group;
  }

  /* Only the latest message's buttons answer the current question; older ones are disabled. */
  function refreshQuickReplies() {
    var groups = transcriptList.querySelectorAll(".quick-replies");
    var last = transcriptList.lastElementChild;
    Array.prototype.forEach.call(groups, function (group) {
      var current = last && last.contains(group);
      Array.prototype.forEach.call(group.querySelectorAll("button"), function (button) {
        button.disabled = !current;
      });
    });
  }

  // --- uploads ------------------------------------------------------------------------------------

  function humanPurpose(purpose) {
    var words = String(purpose || "document").replace(/_/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function caseNumber(caseId) {
    return String(caseId).replace(/^(\d{5})(\d{5})(\d{5})$/, "$1 $2 $3");
  }

  function kindsText(accepted) {
    var names = { "application/pdf": "PDF", "image/tiff": "TIFF", "image/jpeg": "JPEG", "image/png": "PNG" };
    var kinds = (accepted || []).map(function (type) { return names[type] || type; });
    return kinds.length > 1 ? kinds.slice(0, -1).join(", ") + " or " + kinds[kinds.length - 1] : kinds.join("");
  }

  function uploadControl(entry) {
    var upload = entry.upload;
    entry.files = entry.files || [];
    var id = "upload-" + (++uploadCounter);
    var box = document.createElement("section");
    box.className = "upload";
    box.setAttribute("aria-labelledby", id + "-title");

    var title = document.createElement("h3");
    title.id = id + "-title";
    title.textContent = "Upload: " + humanPurpose(upload.purpose) + ", case " + caseNumber(upload.case_id);
    box.appendChild(title);

    var rules = document.createElement("p");
    rules.className = "upload-rules";
    rules.id = id + "-rules";
    rules.textContent = "Accepted: " + kindsText(upload.accepted) + " files only, up to " +
      R.formatBytes(upload.max_bytes) + " each.";
    box.appendChild(rules);

    var controls = document.createElement("div");
    controls.className = "upload-controls no-print";
    var label = document.createElement("label");
    label.htmlFor = id + "-file";
    label.textContent = "Choose a file";
    var input = document.createElement("input");
    input.type = "file";
    input.id = id + "-file";
    input.accept = ".pdf,.tif,.tiff,.jpg,.jpeg,.png," + (upload.accepted || []).join(",");
    input.setAttribute("aria-describedby", id + "-rules");
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Upload";
    var feedback = document.createElement("p");
    feedback.className = "upload-feedback";
    feedback.setAttribute("role", "status");
    controls.appendChild(label);
    controls.appendChild(input);
    controls.appendChild(button);
    controls.appendChild(feedback);
    box.appendChild(controls);

    var files = document.createElement("ul");
    files.className = "files";
    files.setAttribute("aria-label", "Files uploaded here");
    box.appendChild(files);

    function showFiles() {
      files.textContent = "";
      entry.files.forEach(function (doc) { files.appendChild(fileItem(entry, doc, feedback, showFiles)); });
    }

    button.addEventListener("click", function () {
      var file = input.files && input.files[0];
      feedback.className = "upload-feedback";
      if (!file) { return fail(feedback, "Choose a file first."); }
      if (file.size > upload.max_bytes) {
        return fail(feedback, file.name + " is larger than " + R.formatBytes(upload.max_bytes) + ". Please choose a smaller file.");
      }
      button.disabled = true;
      feedback.textContent = "Uploading " + file.name + "…";
      var form = new FormData();
      form.append("ticket", upload.ticket);
      form.append("file", file, file.name);
      fetch("/api/documents", { method: "POST", body: form, credentials: "same-origin" })
        .then(answer)
        .then(function (result) {
          if (!result.ok) return fail(feedback, result.body.error || "The upload did not work. Please try again.");
          var doc = result.body.document;
          entry.files.push({ id: doc.id, filename: doc.filename, size: doc.size, kind: doc.kind, deleted: false });
          saveTranscript();
          showFiles();
          input.value = "";
          feedback.textContent = doc.filename + " was uploaded.";
          announce(doc.filename + " was uploaded.");
          send("I uploaded " + doc.filename);
        })
        .catch(function () { fail(feedback, "The upload did not reach the server. Check your connection and try again."); })
        .then(function () { button.disabled = false; });
    });

    showFiles();
    return box;
  }

  function fileItem(entry, doc, feedback, refresh) {
    var item = document.createElement("li");
    item.className = doc.deleted ? "file deleted" : "file";
    var name = document.createElement("span");
    name.className = "file-name";
    name.textContent = doc.filename;
    item.appendChild(name);
    var details = document.createElement("span");
    details.className = "file-details";
    details.textContent = " (" + doc.kind + ", " + R.formatBytes(doc.size) + ")" + (doc.deleted ? ": deleted" : "");
    item.appendChild(details);
    if (!doc.deleted) {
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary delete no-print";
      remove.textContent = "Delete";
      remove.setAttribute("aria-label", "Delete " + doc.filename);
      remove.addEventListener("click", function () {
        remove.disabled = true;
        fetch("/api/documents/" + encodeURIComponent(doc.id), {
          method: "DELETE", headers: { "X-Upload-Ticket": entry.upload.ticket }, credentials: "same-origin",
        })
          .then(answer)
          .then(function (result) {
            if (!result.ok) { remove.disabled = false; return fail(feedback, result.body.error || "The file was not deleted."); }
            doc.deleted = true;
            saveTranscript();
            refresh();
            feedback.className = "upload-feedback";
            feedback.textContent = doc.filename + " was deleted.";
            announce(doc.filename + " was deleted.");
            messageInput.focus();
          })
          .catch(function () { remove.disabled = false; fail(feedback, "The server could not be reached. Please try again."); });
      });
      item.appendChild(remove);
    }
    return item;
  }

  function answer(response) {
    return response.json().catch(function () { return {}; }).then(function (body) {
      return { ok: response.ok, status: response.status, body: body || {} };
    });
  }

  function fail(feedback, text) {
    feedback.className = "upload-feedback error";
    feedback.textContent = text;
    announce(text);
  }

  // --- the conversation ---------------------------------------------------------------------------

  /* A Medicare Number the user types is sent to the bot but shown and stored only by its last 4. */
  var MBI = /\b[1-9][A-Za-z][A-Za-z0-9]\d-?[A-Za-z][A-Za-z0-9]\d-?([A-Za-z]{2}\d{2})\b/g;

  function masked(text) {
    return text.replace(MBI, "*******$1");
  }

  function send(text, shown) {
    text = String(text || "").trim();
    if (!text) return;
    if (!socket || !socket.connected || !sessionId) {
      status("Not connected yet. Your message was not sent; please try again in a moment.");
      return;
    }
    add({ who: "user", text: masked(shown || text) });
    var who = signedIn();
    socket.emit("user_uttered", { message: text, session_id: sessionId, metadata: who ? { token: who.token } : {} });
    setTyping(true);
  }

  function receive(message) {
    if (!message || typeof message !== "object") return;
    setTyping(false);
    var entry = { who: "bot" };
    if (typeof message.text === "string") entry.text = message.text;
    var replies = message.quick_replies || message.buttons;
    if (Array.isArray(replies)) {
      entry.quick_replies = replies.map(function (r) { return { title: String(r.title || ""), payload: String(r.payload || "") }; });
    }
    if (message.upload && typeof message.upload === "object" && message.upload.ticket) {
      var u = message.upload;
      entry.upload = { ticket: String(u.ticket), case_id: String(u.case_id), purpose: String(u.purpose),
        accepted: Array.isArray(u.accepted) ? u.accepted.map(String) : [], max_bytes: Number(u.max_bytes) || 0 };
    }
    if (!entry.text && !entry.quick_replies && !entry.upload) return;
    var last = entries[entries.length - 1];
    if (entry.upload && !entry.text && !entry.quick_replies && last && last.who === "bot" && !last.upload) {
      // The upload offer follows the bot's sentence about it: show the control under that sentence.
      last.upload = entry.upload;
      saveTranscript();
      var item = transcriptList.lastElementChild;
      item.querySelector(".body").appendChild(uploadControl(last));
      scrollToEnd(item);
      announce("You can upload a file below the assistant's last message.");
      return;
    }
    add(entry);
    var spoken = (entry.text || "") + (entry.upload ? " You can upload a file below this message." : "");
    announce("Assistant: " + spoken);
  }

  function startConversation(id) {
    if (id === sessionId) {  // a reconnect to the same conversation: the page already shows it
      status("");
      return;
    }
    var previous = read(localStorage, KEYS.session);
    if (previous && previous !== id) write(localStorage, KEYS.transcript + previous, null);
    sessionId = id;
    write(localStorage, KEYS.session, id);
    entries = loadTranscript(id);
    renderAll();
    if (!entries.length) {
      add({ who: "bot", text: "Hello! Type your question below, for example \"what can you do?\"." });
    }
    scrollToEnd(transcriptList.lastElementChild);
    messageInput.disabled = false;
    sendButton.disabled = false;
    status("");
  }

  function newConversation() {
    var previous = read(localStorage, KEYS.session);
    if (previous) write(localStorage, KEYS.transcript + previous, null);
    write(localStorage, KEYS.session, null);
    sessionId = null;
    entries = [];
    renderAll();
    if (socket && socket.connected) socket.emit("session_request", { session_id: null });
  }

  function connect() {
    if (typeof window.io !== "function") {
      status("The chat could not start (its script is missing). Please tell the site's administrator.");
      return;
    }
    // Rasa's socket.io channel, through this page's origin; long-polling (see socketio_proxy.py).
    socket = window.io({ path: "/socket.io/", transports: ["polling"], upgrade: false });
    socket.on("connect", function () {
      status("");
      socket.emit("session_request", { session_id: read(localStorage, KEYS.session) });
    });
    socket.on("session_confirm", function (id) {
      if (typeof id === "string") startConversation(id);
    });
    socket.on("bot_uttered", receive);
    socket.on("chat_error", function (data) {
      setTyping(false);
      var text = (data && data.message) || "Something went wrong. Please try again.";
      status(text);
      announce(text);
    });
    socket.on("disconnect", function () { status("Connection lost. Reconnecting…"); });
    socket.on("connect_error", function () { status("Cannot reach the assistant. Trying again…"); });
  }

  // --- sign-in ------------------------------------------------------------------------------------

  function showSignedIn() {
    var who = null;
    try { who = JSON.parse(read(sessionStorage, KEYS.who) || "null"); } catch (e) { who = null; }
    var on = Boolean(who && read(sessionStorage, KEYS.token));
    signedInAs.hidden = !on;
    signOutButton.hidden = !on;
    signInPanel.hidden = on;
    signedInAs.textContent = on ? "Signed in as " + who.name + " (" + who.role + ")" : "";
  }

  signInForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var username = signInForm.username.value.trim();
    var password = signInForm.password.value;
    signInError.textContent = "";
    if (!username || !password) { signInError.textContent = "Enter your username and your password."; return; }
    var submit = document.getElementById("sign-in");
    submit.disabled = true;
    fetch("/api/login", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: username, password: password }), credentials: "same-origin",
    })
      .then(answer)
      .then(function (result) {
        if (!result.ok) { signInError.textContent = result.body.error || "Sign-in did not work. Please try again."; return; }
        write(sessionStorage, KEYS.token, result.body.token);
        write(sessionStorage, KEYS.who, JSON.stringify({
          name: result.body.name, role: result.body.role,
          expires: Date.now() + 1000 * (Number(result.body.expires_in) || 3600),
        }));
        signInForm.reset();
        signInPanel.open = false;
        showSignedIn();
        announce("Signed in as " + result.body.name + ".");
        messageInput.focus();
      })
      .catch(function () { signInError.textContent = "The server could not be reached. Please try again."; })
      .then(function () { submit.disabled = false; });
  });

  signOutButton.addEventListener("click", function () {
    forgetSignIn();
    showSignedIn();
    newConversation();
    announce("Signed out. A new conversation has started.");
    messageInput.focus();
  });

  // --- the rest of the page -----------------------------------------------------------------------

  composer.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = messageInput.value;
    if (!text.trim()) return;
    messageInput.value = "";
    send(text);
    messageInput.focus();
  });

  document.getElementById("new-conversation").addEventListener("click", function () {
    newConversation();
    announce("A new conversation has started.");
    messageInput.focus();
  });

  function describePrint() {
    var who = signedIn();
    document.getElementById("print-meta").textContent = "Conversation with the MSP Recovery Assistant, printed " +
      new Date().toLocaleString() + (who ? ", signed in as " + who.name : "") + ".";
  }

  window.addEventListener("beforeprint", describePrint);  // Ctrl+P too, not only the button
  document.getElementById("print").addEventListener("click", function () {
    describePrint();
    window.print();
  });

  messageInput.disabled = true;
  sendButton.disabled = true;
  showSignedIn();
  signedIn();
  connect();

  window.MspChat = { receive: receive, send: send, session: function () { return sessionId; } };
})();
