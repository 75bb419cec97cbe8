'use strict';
// The trace types timeline/charts draws: scatter (always in plotly.js's core), scattergl, bar.
// Add a trace type here (and rebuild) before a chart uses a new one. Load the bundle at the end
// of <body>: scattergl's text module (to-px) measures document.body as the bundle loads.
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/scattergl'), require('plotly.js/lib/bar')]);

module.exports = Plotly;
