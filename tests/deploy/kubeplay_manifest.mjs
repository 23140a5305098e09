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
//  - with CLAIMS_DIR: turns each Indexed Job into its pods, as the Job controller and the kubelet
//    would (podman 4.3 runs no Jobs): pod K gets JOB_COMPLETION_INDEX=K, fieldRef env gets the
//    value the API server would fill in, $(VAR) references in args are expanded (podman does not),
//    and each PersistentVolumeClaim becomes the host folder CLAIMS_DIR/<claim name>.
//   node kubeplay_manifest.mjs IN.yaml OUT.yaml SECRETS_DIR [CLAIMS_DIR]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";

const [input, output, secretsDir, claimsDir] = process.argv.slice(2);

// The pods of an Indexed Job, one per completion index.
function jobPods(job) {
  const pods = [];
  for (let k = 0; k < job.spec.completions; k++) {
    const spec = structuredClone(job.spec.template.spec);
    const labels = { ...job.spec.template.metadata.labels, "batch.kubernetes.io/job-name": job.metadata.name };
    for (const c of spec.containers) {
      const env = { JOB_COMPLETION_INDEX: String(k) };
      c.env = (c.env ?? []).map((e) => {
        if (e.valueFrom?.fieldRef) {
          const m = e.valueFrom.fieldRef.fieldPath.match(/^metadata\.labels\['(.+)'\]$/);
          if (!m || labels[m[1]] === undefined) throw new Error(`cannot fill in ${e.valueFrom.fieldRef.fieldPath}`);
          return { name: e.name, value: labels[m[1]] };
        }
        return e;
      });
      c.env.push({ name: "JOB_COMPLETION_INDEX", value: String(k) });
      for (const e of c.env) env[e.name] = e.value;
      c.args = (c.args ?? []).map((a) => a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, v) => env[v] ?? all));
    }
    for (const v of spec.volumes ?? [])
      if (v.persistentVolumeClaim) {
        v.hostPath = { path: join(claimsDir, v.persistentVolumeClaim.claimName), type: "Directory" };
        delete v.persistentVolumeClaim;
      }
    pods.push({ apiVersion: "v1", kind: "Pod", metadata: { name: `${job.metadata.name}-${k}`, labels }, spec });
  }
  return pods;
}
const objs = parseAllDocuments(readFileSync(input, "utf8")).map((d) => d.toJS()).filter(Boolean);
const played = [];
const dropped = {};
for (const o of objs) {
  if (o.kind === "Secret") {
    writeFileSync(join(secretsDir, `${o.metadata.name}.json`), JSON.stringify(o.data));
    console.log(`secret ${o.metadata.name}: keys ${Object.keys(o.data).join(",")}`);
  } else if (o.kind === "Job" && claimsDir) {
    played.push(...jobPods(o));
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
