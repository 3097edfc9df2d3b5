import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Vendor groups: React and the router change rarely; antd and its rc-components are the bulk. */
const VENDOR_GROUPS: { name: string; test: RegExp }[] = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
  { name: 'antd-icons', test: /node_modules[\\/]@ant-design[\\/]icons/ },
  { name: 'rc-components', test: /node_modules[\\/](@rc-component|rc-[\w-]+|dayjs)[\\/]/ },
  { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@emotion|stylis)[\\/]/ },
  // ECharts and zrender load with the cockpit only, not with every page
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
  { name: 'vendor', test: /node_modules[\\/]/ },
];

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd on its own is ~600 kB minified (~180 kB gzip), cached across releases in its own chunk.
    chunkSizeWarningLimit: 650,
    rolldownOptions: {
      // Two entries: the staff app (index.html) and the residents' mobile portal (h5.html, served at /h5).
      input: { main: 'index.html', h5: 'h5.html' },
      output: {
        codeSplitting: { groups: VENDOR_GROUPS },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.JINGUO_API_URL ?? 'http://localhost:3000', changeOrigin: false } },
  },
});
