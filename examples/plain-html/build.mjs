// No bundler: copies the page and the package's single-file bundle (`citykit/bundle`) into dist/.
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

mkdirSync('dist', { recursive: true });
copyFileSync(fileURLToPath(import.meta.resolve('citykit/bundle')), 'dist/citykit.bundle.js');
for (const file of ['index.html', 'app.js', 'app.css']) copyFileSync(file, `dist/${file}`);
