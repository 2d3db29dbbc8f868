// Builds the portal into dist/web, which the server serves at `/` (with an SPA fallback to index.html).
// `npx vite --config web/vite.config.ts` runs a dev server that proxies the API to a local `paved server`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.PAVED_URL ?? 'http://127.0.0.1:7007';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // The shell is small; admin and later capability pages are split into their own chunks by route.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
