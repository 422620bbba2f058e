/* graphsvc person page: joins the connection map (in the frame) to the list of ties.
   Clicking someone on the map opens their tie in the list; opening a tie in the list (mouse
   or keyboard: Tab to it, Enter) highlights them on the map. Without this script the list
   still works: every tie is a <details> element. */
(function () {
  "use strict";
  var frame = document.getElementById("map-frame");
  var status = document.getElementById("map-status");
  var ties = Array.prototype.slice.call(document.querySelectorAll("details.tie"));

  function tieFor(node) {
    for (var i = 0; i < ties.length; i += 1) {
      if (ties[i].getAttribute("data-node") === node) { return ties[i]; }
    }
    return null;
  }
  function say(text) { if (status) { status.textContent = text; } }
  function nameOf(tie) { return tie.querySelector(".tie-name").textContent; }

  function map() {
    try {
      var win = frame && frame.contentWindow;
      return win && win.graphsvcMap ? win.graphsvcMap : null;
    } catch (e) {
      return null; // not the same site: the map still works on its own
    }
  }

  function show(node) {
    var tie = tieFor(node);
    var m = map();
    if (!tie) {
      var item = m && m.nodes.get(node);
      var label = item && item.label ? item.label : "This";
      say(node === (m && m.centre) ? label + " is in the middle of the map."
        : label + " is not someone we can score: closeness is worked out for people only.");
      return;
    }
    tie.open = true;
    say("Showing how close you are to " + nameOf(tie) + ".");
    tie.scrollIntoView({ block: "nearest" });
    tie.querySelector("summary").focus({ preventScroll: true });
  }

  ties.forEach(function (tie) {
    tie.addEventListener("toggle", function () {
      var m = map();
      if (tie.open && m && m.nodes.get(tie.getAttribute("data-node"))) {
        m.network.selectNodes([tie.getAttribute("data-node")]);
      }
    });
  });

  function fitFrame() {
    try {
      var doc = frame.contentDocument;
      if (doc && doc.documentElement) {
        frame.style.height = (doc.documentElement.scrollHeight + 4) + "px";
      }
    } catch (e) { /* keep the height the stylesheet gives */ }
  }

  var hooked = false;
  function hook() {
    var m = map();
    if (!m || hooked) { return; }
    hooked = true;
    m.network.on("click", function (params) {
      if (params.nodes && params.nodes.length) { show(String(params.nodes[0])); }
    });
    fitFrame();
    document.documentElement.setAttribute("data-map-linked", "true");
  }
  if (frame) {
    frame.addEventListener("load", hook);
    if (frame.contentDocument && frame.contentDocument.readyState === "complete" && map()) {
      hook();
    }
  }
})();
