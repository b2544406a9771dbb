import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The analyst's page: built into web/dist, which the service serves at `/` (src/plugins/webPage.ts). */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
});
