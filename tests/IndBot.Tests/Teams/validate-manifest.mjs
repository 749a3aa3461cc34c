// Validates a Teams app manifest against Microsoft's own schema for its manifestVersion, as shipped (offline) by the
// npm package @microsoft/app-manifest. Usage: node validate-manifest.mjs <manifest.json>
// Prints one error per line and exits 1 when the manifest is invalid (or its schema is unknown), 0 when it is valid.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(join(process.cwd(), 'package.json'));
const { AppManifestUtils } = require('@microsoft/app-manifest');
const packageRoot = dirname(require.resolve('@microsoft/app-manifest/package.json'));

const manifest = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const schemaPath = join(packageRoot, 'build', 'json-schemas', 'teams', `v${manifest.manifestVersion}`, 'MicrosoftTeams.schema.json');
if (!existsSync(schemaPath)) {
  console.log(`/manifestVersion ${manifest.manifestVersion} has no schema in @microsoft/app-manifest`);
  process.exit(1);
}

const errors = await AppManifestUtils.validateAgainstSchema(manifest, JSON.parse(readFileSync(schemaPath, 'utf8')));
for (const error of errors) {
  console.log(error);
}
process.exit(errors.length ? 1 : 0);
