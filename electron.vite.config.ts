import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/** The desktop build: main and the backend (a utility process), the preload, and the same renderer as the browser host. */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: 'main/index.ts', backend: 'backend/electron-entry.ts' } },
    },
  },
  preload: {
    // A sandboxed preload must be CommonJS.
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { preload: 'main/preload.ts' }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: { outDir: 'out/renderer', rollupOptions: { input: 'renderer/index.html' } },
  },
});
