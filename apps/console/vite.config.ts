import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const api = process.env.HOTLINE_API_URL ?? 'http://127.0.0.1:3000';
const lib = (name: string) => fileURLToPath(new URL(`../../libs/${name}/src/index.ts`, import.meta.url));

// The console imports only types and pure helpers from the shared libs; in development the API is proxied.
export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: {
      ...Object.fromEntries(['kpi', 'events', 'scoring', 'erlang', 'forecast', 'roster', 'contracts'].map((name) => [`@hotline/${name}`, lib(name)])),
      // the events lib's queue_log adapter uses csv-parse's Node build; the browser gets csv-parse's own browser build
      'csv-parse/sync': 'csv-parse/browser/esm/sync',
    },
  },
  server: { proxy: { '/api': api, '/socket.io': { target: api, ws: true } } },
  build: { chunkSizeWarningLimit: 1500 },
});
