import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// A few large, long-lived vendor chunks instead of dozens of small ones: on a slow mobile link
// each extra request costs a round trip (~0.5 s on 3G), and the vendor files stay cached across
// releases. The login page needs only `react`; the rest loads after it (bench/first-load.ts).
const VENDOR_GROUPS = [
  {
    name: 'react',
    test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack|dayjs)[\\/]/,
  },
  { name: 'charts', test: /node_modules[\\/](echarts|echarts-for-react|zrender|tslib)[\\/]/ },
  {
    name: 'antd',
    test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[\w-]+|@babel[\\/]runtime|classnames|@emotion)[\\/]/,
  },
  { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
];

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 2500,
    rolldownOptions: { output: { advancedChunks: { groups: VENDOR_GROUPS } } },
  },
});
