/* graphsvc connection map: draws the data in #map-data with vis-network.
   Tooltips are built with textContent, so names from user data are only ever text. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);

  function tip(text) {
    var el = document.createElement("div");
    el.className = "map-tip";
    el.textContent = text;
    return el;
  }
  function withTips(items) {
    return items.map(function (item) {
      if (typeof item.title === "string") {
        item.title = tip(item.title);
      }
      return item;
    });
  }

  var nodes = new vis.DataSet(withTips(data.nodes));
  var edges = new vis.DataSet(withTips(data.edges));
  var container = document.getElementById("map");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var state = { network: network, nodes: nodes, edges: edges, centre: data.centre, ready: false };
  window.graphsvcMap = state;

  // Fit everything with a margin for the labels under the outermost shapes, and never zoom
  // a small map in so far that it looks like a different kind of picture.
  function fit() {
    network.fit({ animation: false, maxZoomLevel: 1.2 });
    network.moveTo({ scale: network.getScale() * 0.92, animation: false });
  }

  var done = false;
  function ready() {
    if (done) {
      return;
    }
    done = true;
    // Freeze the settled picture: it stays put for the person and for screenshots.
    network.setOptions({ physics: { enabled: false } });
    fit();
    state.ready = true;
    document.documentElement.setAttribute("data-map-ready", "true");
  }
  if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", ready);
  } else {
    network.once("afterDrawing", ready);
  }

  function zoom(factor) {
    network.moveTo({ scale: network.getScale() * factor, animation: false });
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(0.8); });
  document.getElementById("zoom-fit").addEventListener("click", fit);
})();
