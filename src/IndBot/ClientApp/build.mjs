// Builds src/IndBot/wwwroot/dist/ from ClientApp/ and the prebuilt Web Chat bundle.
// No bundler: Web Chat ships a self-contained UMD bundle (React included); the widget loader is plain ES5-style JS.
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'wwwroot', 'dist');
// The package's exports map hides dist/, so read it from the repo root's node_modules directly.
const webChatDist = join(here, '..', '..', '..', 'node_modules', 'botframework-webchat', 'dist');

mkdirSync(out, { recursive: true });

const webChat = readFileSync(join(webChatDist, 'webchat.js'));
const webChatVersion = createHash('sha256').update(webChat).digest('hex').slice(0, 12);
writeFileSync(join(out, 'webchat.js'), webChat);
// 3.9 MB → about 0.8 MB on the wire; the host serves the .br copy to browsers that accept Brotli.
writeFileSync(join(out, 'webchat.js.br'), brotliCompressSync(webChat, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } }));
if (existsSync(join(webChatDist, 'webchat.js.LICENSE.txt'))) {
  copyFileSync(join(webChatDist, 'webchat.js.LICENSE.txt'), join(out, 'webchat.js.LICENSE.txt'));
}

// The loader asks for webchat.js?v=<hash> so browsers may cache the 4 MB bundle until it changes.
const widget = readFileSync(join(here, 'widget.js'), 'utf8').replace('__WEBCHAT_VERSION__', webChatVersion);
writeFileSync(join(out, 'widget.js'), widget);

for (const file of ['widget.css', 'site.css', 'index.html']) {
  copyFileSync(join(here, file), join(out, file));
}

console.log(`ClientApp built to ${out} (webchat.js ${webChatVersion})`);
