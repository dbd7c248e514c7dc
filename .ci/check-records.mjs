// Validates every per-record JSON file of a built site (<kind>/<id>.json,
// beside each record page) against the JSON Schema the site publishes for
// its kind (schemas/<kind>.schema.json), with ajv's draft 2020-12
// validator, as a reuser of the data would. Usage: node check-records.mjs public
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";

const site = process.argv[2] || "public";
const kinds = { campaigns: "campaign", actors: "actor", organizations: "organization",
  sources: "source", techniques: "technique", places: "place" };
const ajv = new Ajv2020({ allErrors: true, strict: false });
const schemaDir = join(site, "schemas");
for (const f of readdirSync(schemaDir)) {
  if (f.endsWith(".json")) ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, f), "utf8")), f);
}
let files = 0, bad = 0;
for (const [dir, kind] of Object.entries(kinds)) {
  const validate = ajv.getSchema(`${kind}.schema.json`);
  if (!validate) { console.error(`no published schema for ${kind}`); process.exit(2); }
  const d = join(site, dir);
  if (!existsSync(d)) continue;
  for (const f of readdirSync(d)) {
    if (!f.endsWith(".json")) continue;
    files++;
    const rec = JSON.parse(readFileSync(join(d, f), "utf8"));
    if (!validate(rec)) {
      bad++;
      if (bad <= 20) console.error(`${dir}/${f}: ${ajv.errorsText(validate.errors)}`);
    }
  }
}
console.log(`ajv: ${files} record files, ${bad} invalid`);
if (files === 0 || bad > 0) process.exit(1);
