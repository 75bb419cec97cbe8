// plotly.js's own esbuild settings (its esbuild-config.js, used by `npm run custom-bundle`),
// with the entry above: node build.mjs OUTFILE
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const { environmentPlugin } = require('esbuild-plugin-environment');
const { glsl } = require('esbuild-plugin-glsl');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const { version } = require('plotly.js/package.json');

await build({
  entryPoints: ['./entry.js'],
  outfile: process.argv[2],
  format: 'iife',
  globalName: 'Plotly',
  bundle: true,
  minify: true,
  sourcemap: false,
  plugins: [InlineCSSPlugin(), glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false })],
  alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
  define: { global: 'window', 'define.amd': 'false' },
  target: 'es2016',
  legalComments: 'none',
  banner: {
    js: `/*! plotly.js v${version}, partial bundle (scatter, scattergl, bar) | MIT License, ` +
      'Copyright Plotly Technologies Inc. | LICENSE-plotly.js.txt beside this file */',
  },
  logLevel: 'info',
});
