import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };

/** `/` opens the dashboard, so `npm start` prints one URL that works. */
const openDemoAtRoot: Plugin = {
  name: 'citykit-demo-root',
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      const [path, query] = (req.url ?? '').split('?');
      if (path === '/' || path === '/index.html') {
        res.statusCode = 302;
        // Keep the query: `/?lang=en&theme=dark` and a scope link (`?unit=…`) open as asked.
        res.setHeader('Location', query === undefined ? '/demo/' : `/demo/?${query}`);
        res.end();
        return;
      }
      next();
    });
  },
};

/** The demo dashboard (`npm start`): demo/ on the bundled data-samples/. */
export default defineConfig({
  publicDir: false,
  plugins: [openDemoAtRoot],
  define: { 'process.env.NODE_ENV': JSON.stringify('development'), __CITYKIT_VERSION__: JSON.stringify(pkg.version) },
  resolve: { conditions: [...defaultClientConditions, 'visgl:webgl-only'] },
  server: { host: '127.0.0.1', port: 5173 },
  worker: { format: 'es' },
  build: { outDir: 'dist-demo', rollupOptions: { input: 'demo/index.html' } },
});
