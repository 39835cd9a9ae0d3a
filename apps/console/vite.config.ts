import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const api = process.env.HOTLINE_API_URL ?? 'http://127.0.0.1:3000';
const lib = (name: string) => fileURLToPath(new URL(`../../libs/${name}/src/index.ts`, import.meta.url));

// The console imports only types and pure helpers from the shared libs; in development the API is proxied.
export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@hotline/kpi': lib('kpi'), '@hotline/events': lib('events'), '@hotline/scoring': lib('scoring') } },
  server: { proxy: { '/api': api, '/socket.io': { target: api, ws: true } } },
  build: { chunkSizeWarningLimit: 1500 },
});
