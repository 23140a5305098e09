// The chart's values reference, generated from values.schema.json (types, limits,
// descriptions) and values.yaml (defaults): a Markdown table with one row per value.
//   node chart_values_doc.mjs                 print the table
//   node chart_values_doc.mjs --check README  exit 1 unless README holds exactly this table
//                                             between <!-- values:begin --> and <!-- values:end -->
// Every schema property must have a description, and every value in values.yaml a schema entry.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const chart = join(dirname(fileURLToPath(import.meta.url)), "../../deploy/helm/urlscan");
const schema = JSON.parse(readFileSync(join(chart, "values.schema.json"), "utf8"));
const defaults = parse(readFileSync(join(chart, "values.yaml"), "utf8"));
const problems = [];
const rows = [];

const typeOf = (s) => {
  if (s.oneOf) return s.oneOf.map(typeOf).join(" or ");
  const types = [s.type].flat().filter(Boolean);
  let t = types.length === 4 && types.includes("null") ? "string, number or null" : types.join(" or ") || "any";
  if (s.enum) t = s.enum.map((e) => `\`${e}\``).join(", ");
  const limits = [];
  if (s.minimum !== undefined) limits.push(`>= ${s.minimum}`);
  if (s.maximum !== undefined) limits.push(`<= ${s.maximum}`);
  if (s.pattern) limits.push(`pattern \`${s.pattern.replaceAll("|", "\\|")}\``);
  if (s.minItems !== undefined) limits.push(`${s.minItems}..${s.maxItems ?? ""} items`);
  return limits.length ? `${t} (${limits.join(", ")})` : t;
};
const show = (v) => (v === undefined ? "" : `\`${JSON.stringify(v).replaceAll("|", "\\|")}\``);
const at = (obj, path) => path.reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), obj);

function walk(s, path) {
  const name = path.join(".");
  if (path.length && !s.description) problems.push(`${name}: no description in values.schema.json`);
  const props = s.properties && Object.keys(s.properties).length ? s.properties : null;
  // A leaf: a scalar, a list, or a free-form map (its known keys, if any, get rows of their own).
  if (!props || s.additionalProperties !== false) {
    const value = props ? "(below)" : show(at(defaults, path));  // a map's known keys have rows
    if (path.length) rows.push(`| \`${name}\` | ${typeOf(s)} | ${value} | ${s.description ?? ""} |`);
  }
  if (props) for (const [k, sub] of Object.entries(props)) walk(sub, [...path, k]);
  if (s.items?.properties) walk(s.items, [...path, "[]"]);
}
walk(schema, []);

// Every value in values.yaml has a schema entry (the schema also refuses unknown keys).
function known(s, path) {
  let node = schema;
  for (const k of path) {
    if (k === "[]") node = node.items;
    else node = node?.properties?.[k] ?? (typeof node?.additionalProperties === "object" ? node.additionalProperties : undefined);
    if (!node) return false;
  }
  return true;
}
function values(v, path) {
  if (!known(schema, path)) problems.push(`${path.join(".")}: in values.yaml, not in values.schema.json`);
  if (Array.isArray(v)) v.forEach((x) => x && typeof x === "object" && values(x, [...path, "[]"]));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) values(x, [...path, k]);
}
values(defaults, []);

const table = ["| Value | Type | Default | Description |", "|---|---|---|---|", ...rows].join("\n");
for (const p of problems) console.error(`chart_values_doc: ${p}`);
if (process.argv[2] === "--check") {
  const text = readFileSync(process.argv[3], "utf8");
  const m = text.match(/<!-- values:begin -->\n([\s\S]*?)\n<!-- values:end -->/);
  if (!m) {
    console.error(`chart_values_doc: ${process.argv[3]} has no <!-- values:begin --> ... <!-- values:end --> section`);
    process.exit(1);
  }
  if (m[1] !== table) {
    console.error(`chart_values_doc: the values table in ${process.argv[3]} is stale: regenerate it with`);
    console.error("  node tests/deploy/chart_values_doc.mjs   (and paste it between the markers)");
    process.exit(1);
  }
  console.log(`${rows.length} values documented, in step with values.schema.json`);
} else {
  console.log(table);
}
process.exit(problems.length ? 1 : 0);
