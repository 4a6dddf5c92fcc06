import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { API_CACHE } from './src/offline/caches.ts';

/**
 * Reference lists the offline forms need (who I am, towns and villages, the product catalogue,
 * entities in scope): network first, the cached copy only when the network fails or stalls.
 * Network first, not stale-while-revalidate, because these answers are scoped to the signed-in
 * user: online the page must never show the last user's copy; offline the last good one is all
 * there is. Cleared at sign-out (offline/caches.ts).
 */

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
  plugins: [
    react(),
    VitePWA({
      // A new version waits until the user agrees (a half-filled form is not reloaded under them).
      registerType: 'prompt',
      injectRegister: null,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: '农安 · 农产品质量安全监管平台',
        short_name: '农安',
        description: '铜梁区农产品质量安全监管：快检、入市查验、巡查，离线可用',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#2e7d32',
        background_color: '#ffffff',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell: every hashed chunk, so any page opens offline once installed.
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        navigateFallback: 'index.html',
        // The server answers these itself: the API, Swagger UI and the public scan page /t/<code>.
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/[tT]\//],
        runtimeCaching: [
          {
            // Written out here: workbox copies this function's text into the service worker.
            urlPattern: ({ url, request, sameOrigin }) =>
              sameOrigin &&
              request.method === 'GET' &&
              /^\/api\/(auth\/me|divisions|sampling\/catalog|entities)$/.test(url.pathname),
            handler: 'NetworkFirst',
            options: {
              cacheName: API_CACHE,
              networkTimeoutSeconds: 6,
              expiration: { maxEntries: 300, maxAgeSeconds: 14 * 86_400 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
  ],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 2500,
    rolldownOptions: { output: { advancedChunks: { groups: VENDOR_GROUPS } } },
  },
});
