// Turns the chart's rendered manifests into what podman 4.3's `kube play` runs, changing as
// little as possible, and says what it changed:
//  - keeps ConfigMap, Secret, Service and Deployment; drops the kinds podman has no use for
//    (Ingress, HPA, PDB, ServiceAccount: cluster machinery with nothing to run);
//  - removes containers[].ports: podman 4.3 publishes every containerPort, which it refuses
//    with hostNetwork ("PortMappings can only be used with Bridge or slirp4netns networking");
//    with host networking the servers listen on their PORT (from the ConfigMap) anyway;
//  - writes each Secret's data to SECRETS_DIR/NAME.json instead of playing it: podman 4.3
//    stores a played Secret in a form its own secretKeyRef cannot read back ("is not valid
//    JSON"), so the test creates the podman secret from this file (the same keys and bytes).
//   node kubeplay_manifest.mjs IN.yaml OUT.yaml SECRETS_DIR
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";

const [input, output, secretsDir] = process.argv.slice(2);
const objs = parseAllDocuments(readFileSync(input, "utf8")).map((d) => d.toJS()).filter(Boolean);
const played = [];
const dropped = {};
for (const o of objs) {
  if (o.kind === "Secret") {
    writeFileSync(join(secretsDir, `${o.metadata.name}.json`), JSON.stringify(o.data));
    console.log(`secret ${o.metadata.name}: keys ${Object.keys(o.data).join(",")}`);
  } else if (["ConfigMap", "Service", "Deployment"].includes(o.kind)) {
    if (o.kind === "Deployment") for (const c of o.spec.template.spec.containers) delete c.ports;
    played.push(o);
  } else {
    dropped[o.kind] = (dropped[o.kind] ?? 0) + 1;
  }
}
writeFileSync(output, played.map((o) => stringify(o)).join("---\n"));
console.log(`played: ${played.map((o) => `${o.kind}/${o.metadata.name}`).join(" ")}`);
console.log(`not played: ${Object.entries(dropped).map(([k, n]) => `${k} x${n}`).join(", ")}`);
