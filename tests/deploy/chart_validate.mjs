// Validates rendered manifests (helm template output, many YAML documents) against the
// Kubernetes schemas (npm kubernetes-models), the Istio CRD schemas (@kubernetes-models/istio)
// and the Prometheus Operator's (@kubernetes-models/prometheus-operator), offline: each object's apiVersion/kind picks its model class,
// whose validate() runs the JSON schema. A kind neither package knows is an error, as are a
// duplicate YAML key, an object without metadata.name, and two objects with one kind and name.
//   node chart_validate.mjs FILE.yaml [--expect KIND=COUNT ...]
// Prints one line per kind with its count, then "N objects, E errors"; exit 1 on any error.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error("usage: node chart_validate.mjs FILE.yaml [--expect KIND=COUNT ...]");
  process.exit(2);
}
const expected = {};
for (let i = 0; i < rest.length; i++) {
  if (rest[i] !== "--expect" || !rest[i + 1]?.includes("=")) {
    console.error(`chart_validate: bad argument '${rest[i]}'`);
    process.exit(2);
  }
  const [kind, count] = rest[++i].split("=");
  expected[kind] = Number(count);
}

// apiVersion -> the folder of its models: "apps/v1" -> kubernetes-models/apps/v1,
// "v1" -> kubernetes-models/v1, "networking.istio.io/v1" -> @kubernetes-models/istio/...,
// "monitoring.coreos.com/v1" -> @kubernetes-models/prometheus-operator/...
function modelFolder(apiVersion) {
  if (!apiVersion.includes("/")) return join(modules, "kubernetes-models", apiVersion);
  const group = apiVersion.split("/")[0];
  let pkg = "kubernetes-models";
  if (group.endsWith(".istio.io")) pkg = "@kubernetes-models/istio";
  else if (group === "monitoring.coreos.com") pkg = "@kubernetes-models/prometheus-operator";
  return join(modules, pkg, apiVersion);
}

const errors = [];
const counts = new Map();
const names = new Set();
const docs = parseAllDocuments(readFileSync(file, "utf8"), { uniqueKeys: true, prettyErrors: true });
let objects = 0;
for (const [index, doc] of docs.entries()) {
  for (const e of doc.errors) errors.push(`document ${index}: YAML: ${e.message}`);
  if (doc.errors.length) continue;
  const obj = doc.toJS();
  if (obj === null || obj === undefined) continue;  // an empty document (a template rendered nothing)
  objects++;
  const where = `${obj.kind ?? "?"} ${obj.metadata?.name ?? "?"}`;
  if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") {
    errors.push(`document ${index}: no apiVersion or kind`);
    continue;
  }
  if (!obj.metadata?.name) errors.push(`${where}: no metadata.name`);
  const key = `${obj.apiVersion}/${obj.kind}/${obj.metadata?.name}`;
  if (names.has(key)) errors.push(`${where}: rendered twice`);
  names.add(key);
  counts.set(obj.kind, (counts.get(obj.kind) ?? 0) + 1);
  let Model;
  try {
    Model = (await import(pathToFileURL(join(modelFolder(obj.apiVersion), `${obj.kind}.js`))))[obj.kind];
  } catch {
    Model = undefined;
  }
  if (typeof Model !== "function") {
    errors.push(`${where}: unknown kind ${obj.apiVersion} ${obj.kind} (no schema to validate it)`);
    continue;
  }
  try {
    new Model(obj).validate();
  } catch (e) {
    errors.push(`${where}: ${e.message}`);
  }
}
for (const [kind, n] of [...counts].sort()) console.log(`${kind}\t${n}`);
for (const [kind, n] of Object.entries(expected))
  if ((counts.get(kind) ?? 0) !== n) errors.push(`expected ${n} ${kind}, rendered ${counts.get(kind) ?? 0}`);
for (const e of errors) console.log(`ERROR ${e}`);
console.log(`${objects} objects, ${errors.length} errors`);
process.exit(errors.length ? 1 : 0);
