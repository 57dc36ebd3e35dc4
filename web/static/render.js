/* Turning the bot's plain text into readable, safe DOM: paragraphs, lists and claim tables.
 *
 * Nothing here uses innerHTML: every piece of bot text reaches the page through textContent.
 * Exposed as window.MspRender (used by chat.js and by the browser tests).
 */
(function () {
  "use strict";

  var MASK = /\*{3,}/g;
  var PHONE = /\b1-\d{3}-\d{3}-\d{4}\b/g;
  var NUMBERED = /^\s*(\d+)\.\s+(.*)$/;
  var BULLET = /^\s*[-\u2022*]\s+(.*)$/;
  // "06/01/2024, $1,250.40, provider: Mercy Hospital, diagnosis codes: ****** (claim 1024170000101)"
  var CLAIM = /^(\d{2}\/\d{2}\/\d{4}(?:\s*(?:to|-|\u2013)\s*\d{2}\/\d{2}\/\d{4})?),\s+(-?\$[\d,]+(?:\.\d{2})?),\s+(.*?)(?:\s+\(claim\s+([^)]+)\))?$/;
  var LABELLED = /^([A-Za-z][A-Za-z ]{0,40}):\s+(.*)$/;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.appendChild(inline(text));
    return node;
  }

  function capitalise(label) {
    return label.charAt(0).toUpperCase() + label.slice(1);
  }

  /* Text with masked values read out as "masked" and BCRC phone numbers as tap-to-call links. */
  function inline(text) {
    var fragment = document.createDocumentFragment();
    var pattern = new RegExp(MASK.source + "|" + PHONE.source, "g");
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
      if (match[0].charAt(0) === "*") {
        var masked = el("span", "masked");
        var stars = document.createElement("span");
        stars.setAttribute("aria-hidden", "true");
        stars.textContent = match[0];
        var spoken = el("span", "visually-hidden");
        spoken.textContent = "masked";
        masked.appendChild(stars);
        masked.appendChild(spoken);
        fragment.appendChild(masked);
      } else {
        var link = document.createElement("a");
        link.href = "tel:" + match[0].replace(/-/g, "");
        link.textContent = match[0];
        fragment.appendChild(link);
      }
      last = match.index + match[0].length;
    }
    if (last < text.length) fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  /* Lines grouped into paragraphs, numbered lists and bullet lists. */
  function blocks(text) {
    var result = [];
    String(text || "").split(/\n/).forEach(function (line) {
      var numbered = NUMBERED.exec(line);
      var bullet = BULLET.exec(line);
      var type = numbered ? "ol" : bullet ? "ul" : "p";
      var content = numbered ? numbered[2] : bullet ? bullet[1] : line.trim();
      if (!content) return;
      var previous = result[result.length - 1];
      if (type !== "p" && previous && previous.type === type) {
        previous.items.push(content);
      } else if (type === "p") {
        result.push({ type: "p", text: content });
      } else {
        result.push({ type: type, items: [content], start: numbered ? Number(numbered[1]) : 1 });
      }
    });
    return result;
  }

  /* A claim line as [label, value] pairs, or null when the line is not a claim. */
  function claimFields(item) {
    var match = CLAIM.exec(item);
    if (!match) return null;
    var fields = [["Service date", match[1]], ["Amount Medicare paid", match[2]]];
    var rest = match[3].split(/,\s+(?=[A-Za-z][A-Za-z ]{0,40}:\s)/);
    for (var i = 0; i < rest.length; i++) {
      var labelled = LABELLED.exec(rest[i]);
      if (!labelled) return null;
      fields.push([capitalise(labelled[1]), labelled[2]]);
    }
    if (match[4]) fields.push(["Claim number", match[4]]);
    return fields;
  }

  /* A numbered list whose every line is a claim with the same fields becomes a table. */
  function claimsTable(items) {
    var rows = items.map(claimFields);
    if (rows.some(function (row) { return row === null; })) return null;
    var header = rows[0].map(function (field) { return field[0]; });
    var sameColumns = rows.every(function (row) {
      return row.length === header.length && row.every(function (field, i) { return field[0] === header[i]; });
    });
    if (!sameColumns) return null;
    var wrapper = el("div", "table-wrap");
    var table = el("table", "claims");
    var thead = document.createElement("thead");
    var headRow = document.createElement("tr");
    ["No."].concat(header).forEach(function (label) {
      var th = el("th", null, label);
      th.scope = "col";
      headRow.appendChild(th);
    });
    thead.appendChild(headRow);
    table.appendChild(thead);
    var tbody = document.createElement("tbody");
    rows.forEach(function (row, index) {
      var tr = document.createElement("tr");
      var number = el("th", null, String(index + 1));
      number.scope = "row";
      number.setAttribute("data-label", "No.");
      tr.appendChild(number);
      row.forEach(function (field) {
        var td = el("td", /^-?\$/.test(field[1]) ? "money" : null, field[1]);
        td.setAttribute("data-label", field[0]);
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    wrapper.appendChild(table);
    return wrapper;
  }

  function list(block) {
    var node = el(block.type, "bot-list");
    if (block.type === "ol" && block.start !== 1) node.start = block.start;
    block.items.forEach(function (item) { node.appendChild(el("li", null, item)); });
    return node;
  }

  /* The bot's text as DOM nodes. */
  function botText(text) {
    var fragment = document.createDocumentFragment();
    blocks(text).forEach(function (block) {
      if (block.type === "p") {
        fragment.appendChild(el("p", null, block.text));
      } else {
        fragment.appendChild((block.type === "ol" && block.items.length > 1 && claimsTable(block.items)) || list(block));
      }
    });
    return fragment;
  }

  /* Plain text: what the user said (never interpreted). */
  function plainText(text) {
    var fragment = document.createDocumentFragment();
    String(text || "").split(/\n/).forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      fragment.appendChild(p);
    });
    return fragment;
  }

  function formatBytes(bytes) {
    if (bytes >= 1024 * 1024) return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "") + " MB";
    if (bytes >= 1024) return Math.max(1, Math.round(bytes / 1024)) + " KB";
    return bytes + " bytes";
  }

  window.MspRender = {
    blocks: blocks,
    botText: botText,
    plainText: plainText,
    claimFields: claimFields,
    formatBytes: formatBytes,
  };
})();
