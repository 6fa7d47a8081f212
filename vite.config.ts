import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The renderer: built once, served by Electron (file) and by the browser host (127.0.0.1). */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../out/renderer', emptyOutDir: true, sourcemap: true },
});
