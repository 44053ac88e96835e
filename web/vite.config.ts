import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Where `npm start` serves the API; `vite` (dev) forwards API calls there so the session cookie stays same-origin. */
const api = process.env.CADREFLOW_API_URL ?? 'http://127.0.0.1:8080';
const API_PREFIXES = [
  '/auth',
  '/cases',
  '/tasks',
  '/registry',
  '/audit',
  '/dashboard',
  '/evaluation',
  '/rectification',
  '/ballot-sessions',
  '/health',
  '/docs',
  // The voter's routes (the voting page and the published result, web/src/vote/).
  '/ballots',
  '/ballot-sessions',
];

export default defineConfig({
  root,
  // Relative asset URLs: the built app works wherever index.html is served from.
  base: './',
  // The dev server's dependency cache goes with the root's node_modules, not into web/.
  cacheDir: fileURLToPath(new URL('../node_modules/.vite/web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is one large vendor chunk by nature; the warning would only repeat that.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: Object.fromEntries(API_PREFIXES.map((p) => [p, { target: api, changeOrigin: false }])),
    // The UI imports the domain's pure rules from ../domain.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
