// Bundles the console into console/dist: index.html, console.js, console.css.
// One ES2022 bundle, minified, no source maps; nothing is fetched at run time
// (the gateway serves it with a Content-Security-Policy of 'self' only).
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist, { recursive: true });
esbuild.buildSync({
  entryPoints: { console: path.join(root, 'src/main.tsx') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: dist,
  logLevel: 'warning',
});
fs.copyFileSync(path.join(root, 'src/index.html'), path.join(dist, 'index.html'));
fs.copyFileSync(path.join(root, 'src/console.css'), path.join(dist, 'console.css'));
console.log(`console built into ${path.relative(process.cwd(), dist) || '.'}`);
