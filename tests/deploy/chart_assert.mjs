// What each ci/ value set must render, beyond schema validity: the wiring a cluster relies on
// (the app's MODEL_HOST names the api Service, the drain timings agree, the blue-green Service
// selects the active slot, the Job's pods get --shard K/N, Istio's weights and subsets match the
// Deployments' labels, the ServiceMonitor selects the Services, the PrometheusRule holds the
// rules file's groups ...). Node's assert on the objects helm template rendered.
//   node chart_assert.mjs SET FILE.yaml     (SET: default, experiment, istio, bluegreen, scan,
//                                            monitoring)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, parseAllDocuments } from "yaml";

const [set, file] = process.argv.slice(2);
const objs = parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS()).filter(Boolean);
const all = (kind) => objs.filter((o) => o.kind === kind);
const one = (kind, name) => {
  const found = objs.filter((o) => o.kind === kind && o.metadata.name === name);
  assert.equal(found.length, 1, `one ${kind} ${name}`);
  return found[0];
};
const env = (c, name) => c.env?.find((e) => e.name === name);
const matches = (selector, labels) => Object.entries(selector).every(([k, v]) => labels[k] === v);
// A LabelSelector with matchExpressions (In, NotIn, Exists, DoesNotExist), as the API server reads it.
const selects = (sel, labels) =>
  matches(sel.matchLabels ?? {}, labels) &&
  (sel.matchExpressions ?? []).every(({ key, operator, values }) => {
    if (operator === "In") return values.includes(labels[key]);
    if (operator === "NotIn") return !values.includes(labels[key]);
    if (operator === "Exists") return key in labels;
    if (operator === "DoesNotExist") return !(key in labels);
    throw new Error(`unknown selector operator ${operator}`);
  });
const podsOf = (svc) =>
  all("Deployment").filter((d) => matches(svc.spec.selector, d.spec.template.metadata.labels));
let checks = 0;
const check = (what, fn) => {
  fn();
  checks++;
  console.log(`ok: ${set}: ${what}`);
};

// Every server Deployment: hardening, probes, drain, config and the cache emptyDir.
function server(d) {
  const pod = d.spec.template.spec;
  const c = pod.containers[0];
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.equal(typeof pod.securityContext.runAsUser, "number");
  assert.equal(pod.securityContext.seccompProfile.type, "RuntimeDefault");
  assert.equal(c.securityContext.readOnlyRootFilesystem, true);
  assert.equal(c.securityContext.allowPrivilegeEscalation, false);
  assert.deepEqual(c.securityContext.capabilities.drop, ["ALL"]);
  assert.equal(c.readinessProbe.httpGet.path, "/readyz");
  assert.equal(c.startupProbe.httpGet.path, "/readyz");
  assert.equal(c.livenessProbe.httpGet.path, "/healthz");
  const cm = one("ConfigMap", c.envFrom[0].configMapRef.name);
  const drainS = Math.ceil(Number(cm.data.DRAIN_DELAY_MS) / 1000);
  assert.equal(c.lifecycle.preStop.sleep.seconds, drainS, "preStop sleep = DRAIN_DELAY_MS");
  assert.ok(pod.terminationGracePeriodSeconds >= 2 * drainS + 1, "grace covers preStop + drain");
  assert.equal(String(c.ports[0].containerPort), cm.data.PORT);
  const cache = c.volumeMounts.find((m) => m.mountPath === env(c, "URLSCAN_CACHE_DIR").value);
  assert.ok(pod.volumes.find((v) => v.name === cache.name).emptyDir, "cache dir on an emptyDir");
  const ann = d.spec.template.metadata.annotations;
  assert.equal(ann["prometheus.io/scrape"], "true");
  assert.equal(ann["prometheus.io/path"], "/metrics");
  assert.equal(ann["prometheus.io/port"], cm.data.PORT);
  return { pod, c, cm };
}

const fullname = "t-urlscan";
const api = one("Service", `${fullname}-api`);
const appSvc = one("Service", `${fullname}-app`);
for (const d of all("Deployment")) server(d);

check("the app's MODEL_HOST is the api Service, which selects model-API pods only", () => {
  const cm = one("ConfigMap", `${fullname}-app`);
  assert.equal(cm.data.MODEL_HOST, `${api.metadata.name}:${api.spec.ports[0].port}`);
  assert.equal(cm.data.ROLE, "app");
  assert.equal(one("ConfigMap", `${fullname}-api`).data.ROLE, "api");
  assert.equal(one("ConfigMap", `${fullname}-api`).data.MODEL_HOST, undefined, "no MODEL_HOST for api");
  const pods = podsOf(api);
  assert.ok(pods.length >= 1);
  for (const d of pods) assert.equal(d.spec.template.metadata.labels["app.kubernetes.io/component"], "api");
  for (const d of podsOf(appSvc)) assert.equal(d.spec.template.metadata.labels["app.kubernetes.io/component"], "app");
});
check("every Deployment has a PDB and (with autoscaling) an HPA over its pods", () => {
  for (const d of all("Deployment")) {
    const labels = d.spec.template.metadata.labels;
    assert.ok(all("PodDisruptionBudget").some((p) => matches(p.spec.selector.matchLabels, labels)), d.metadata.name);
    if (d.spec.replicas === undefined)
      assert.ok(all("HorizontalPodAutoscaler").some((h) => h.spec.scaleTargetRef.name === d.metadata.name));
  }
});

const sets = {
  default() {
    check("one api and one app Deployment, Ingress to the app Service, admin Secret", () => {
      assert.equal(all("Deployment").length, 2);
      const ing = all("Ingress")[0];
      assert.equal(ing.spec.rules[0].http.paths[0].backend.service.name, appSvc.metadata.name);
      const c = one("Deployment", `${fullname}-api`).spec.template.spec.containers[0];
      const ref = env(c, "ADMIN_TOKEN").valueFrom.secretKeyRef;
      assert.ok(one("Secret", ref.name).data[ref.key].length > 20);
      assert.equal(one("ConfigMap", `${fullname}-api`).data.MAX_BODY_BYTES, "1048576");
      assert.equal(objs.filter((o) => o.apiVersion.startsWith("monitoring.coreos.com/")).length, 0,
        "no Prometheus Operator objects by default (they need its CRDs)");
    });
  },
  monitoring() {
    const sm = one("ServiceMonitor", fullname);
    const rule = one("PrometheusRule", fullname);
    check("the ServiceMonitor selects the api and app Services by their labels and port name", () => {
      const selected = all("Service").filter((s) => selects(sm.spec.selector, s.metadata.labels));
      assert.deepEqual(selected.map((s) => s.metadata.name).sort(), [api.metadata.name, appSvc.metadata.name].sort());
      assert.deepEqual(sm.spec.namespaceSelector.matchNames, ["default"], "the release's namespace");
      assert.equal(sm.spec.endpoints.length, 1);
      const ep = sm.spec.endpoints[0];
      for (const s of selected) {
        const port = s.spec.ports.find((p) => p.name === ep.port);
        assert.ok(port, `${s.metadata.name} has a port named ${ep.port}`);
        assert.ok(s.metadata.labels[sm.spec.jobLabel], `${s.metadata.name} has the jobLabel ${sm.spec.jobLabel}`);
        for (const d of podsOf(s)) {
          const c = d.spec.template.spec.containers[0];
          assert.ok(c.ports.some((p) => p.name === port.targetPort), `${d.metadata.name} has port ${port.targetPort}`);
          assert.equal(d.spec.template.metadata.annotations["prometheus.io/path"], ep.path);
        }
      }
      assert.deepEqual([ep.interval, ep.scrapeTimeout], ["15s", "5s"]);
      assert.equal(sm.metadata.labels.release, "prometheus");
    });
    check("the PrometheusRule's groups are files/urlscan.rules.yml's groups", () => {
      const here = dirname(fileURLToPath(import.meta.url));
      const file = parse(readFileSync(join(here, "../../deploy/helm/urlscan/files/urlscan.rules.yml"), "utf8"));
      assert.ok(file.groups.length >= 1 && file.groups.every((g) => g.rules.length >= 1));
      assert.deepEqual(rule.spec.groups, file.groups);
      assert.equal(rule.metadata.labels.release, "prometheus");
    });
  },
  experiment() {
    check("one app Deployment per variant with its VARIANT; replicas per variant", () => {
      const b = one("Deployment", `${fullname}-app-binary`);
      const p = one("Deployment", `${fullname}-app-probability`);
      assert.equal(env(b.spec.template.spec.containers[0], "VARIANT").value, "binary");
      assert.equal(env(p.spec.template.spec.containers[0], "VARIANT").value, "probability");
      assert.equal(p.spec.replicas, 3);
      assert.equal(b.spec.replicas, 2);
      assert.equal(podsOf(appSvc).length, 2, "the app Service spans both variants");
    });
  },
  istio() {
    const vs = one("VirtualService", `${fullname}-app`);
    const dr = one("DestinationRule", `${fullname}-app`);
    check("weights 90/10 over subsets that select each variant's Deployment; sticky cookie routes", () => {
      const assign = vs.spec.http.find((r) => r.name === "assign");
      assert.deepEqual(assign.route.map((r) => [r.destination.subset, r.weight]), [["stable", 90], ["canary", 10]]);
      for (const r of assign.route)
        assert.match(r.headers.response.add["set-cookie"], new RegExp(`^urlscan-variant=${r.destination.subset};`));
      for (const s of dr.spec.subsets) {
        const deps = all("Deployment").filter((d) => matches(s.labels, d.spec.template.metadata.labels));
        assert.equal(deps.length, 1, `subset ${s.name} selects one Deployment`);
        const sticky = vs.spec.http.find((r) => r.name === `sticky-${s.name}`);
        const re = new RegExp(sticky.match[0].headers.cookie.regex);
        assert.ok(re.test(`a=1; urlscan-variant=${s.name}; b=2`) && !re.test(`urlscan-variant=${s.name}x`));
      }
      assert.equal(dr.spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.name, "urlscan-session");
      const canary = one("Deployment", `${fullname}-app-canary`).spec.template.spec.containers[0];
      assert.match(canary.image, /:0\.2\.0-rc\.1$/);
    });
    check("rate limit, REGISTRY_ONLY, ServiceEntry, mTLS STRICT, authorization", () => {
      const ef = all("EnvoyFilter")[0];
      const tb = ef.spec.configPatches[0].patch.value.typed_config.value.token_bucket;
      assert.deepEqual(tb, { max_tokens: 500, tokens_per_fill: 250, fill_interval: "1s" });
      assert.ok(matches(ef.spec.workloadSelector.labels, one("Deployment", `${fullname}-api`).spec.template.metadata.labels));
      assert.equal(all("Sidecar")[0].spec.outboundTrafficPolicy.mode, "REGISTRY_ONLY");
      assert.deepEqual(all("ServiceEntry").map((s) => s.spec.hosts[0]), ["openphish.com"]);
      assert.equal(all("PeerAuthentication")[0].spec.mtls.mode, "STRICT");
      const allow = one("AuthorizationPolicy", `${fullname}-api-allow`);
      const appSa = one("Deployment", `${fullname}-app-stable`).spec.template.spec.serviceAccountName;
      assert.equal(allow.spec.rules[0].from[0].source.principals[0], `cluster.local/ns/default/sa/${appSa}`);
      assert.deepEqual(allow.spec.rules[0].to[0].operation.notPaths, ["/admin/*"]);
      const deny = one("AuthorizationPolicy", `${fullname}-admin-deny`);
      assert.equal(deny.spec.action, "DENY");
      assert.deepEqual(deny.spec.rules[0].from[0].source.notNamespaces, ["urlscan-operators"]);
      assert.equal(all("Ingress").length, 0, "the Gateway replaces the Ingress");
      assert.equal(all("Gateway").length, 2, "ingress and egress gateways");
    });
  },
  bluegreen() {
    check("blue and green Deployments; the api Service selects blue only; slot Services", () => {
      const blue = one("Deployment", `${fullname}-api-blue`);
      const green = one("Deployment", `${fullname}-api-green`);
      assert.deepEqual(podsOf(api).map((d) => d.metadata.name), [blue.metadata.name]);
      assert.deepEqual(podsOf(one("Service", `${fullname}-api-green`)).map((d) => d.metadata.name), [green.metadata.name]);
      assert.match(green.spec.template.spec.containers[0].image, /:0\.2\.0$/);
      assert.equal(env(green.spec.template.spec.containers[0], "GATE_MIN_AUC").value, "0.95");
      assert.equal(one("ConfigMap", `${fullname}-api`).data.MODEL_PATH, "/models/current.model");
      const vol = blue.spec.template.spec.volumes.find((v) => v.name === "models");
      assert.equal(vol.persistentVolumeClaim.claimName, "urlscan-models");
      assert.equal(env(blue.spec.template.spec.containers[0], "ADMIN_TOKEN").valueFrom.secretKeyRef.name, "urlscan-admin");
      assert.equal(all("Secret").length, 0, "existingSecret: no Secret rendered");
    });
  },
  scan() {
    check("Indexed Job and CronJob: N completions, --shard $(JOB_COMPLETION_INDEX)/N, report per shard", () => {
      const specs = [all("Job")[0].spec, all("CronJob")[0].spec.jobTemplate.spec];
      for (const s of specs) {
        assert.equal(s.completionMode, "Indexed");
        assert.equal(s.completions, 8);
        assert.equal(s.parallelism, 4);
        const pod = s.template.spec;
        const args = pod.containers[0].args;
        assert.equal(args[args.indexOf("--shard") + 1], "$(JOB_COMPLETION_INDEX)/8");
        assert.match(args[args.indexOf("--output") + 1], /^\/reports\/\$\(JOB_NAME\)\.shard-\$\(JOB_COMPLETION_INDEX\)-of-8\.jsonl$/);
        assert.deepEqual(args.slice(-2), ["/input/access.log.1", "/input/access.log.2.gz"]);
        assert.equal(pod.restartPolicy, "Never");
        assert.ok(args.includes("--exit-zero"), "a shard that flags URLs must not exit 1 (a Job failure)");
        assert.deepEqual(s.podFailurePolicy.rules[0].onExitCodes.values, [2]);
        assert.equal(pod.containers[0].securityContext.readOnlyRootFilesystem, true);
        assert.equal(pod.volumes.find((v) => v.name === "reports").persistentVolumeClaim.claimName, "scan-reports");
      }
      assert.equal(all("CronJob")[0].spec.concurrencyPolicy, "Forbid");
      const vol = one("Deployment", `${fullname}-api`).spec.template.spec.volumes.find((v) => v.name === "models");
      assert.equal(vol.image.reference, "ghcr.io/urlscan/models:2026-12-01");
    });
  },
};
assert.ok(sets[set], `unknown value set ${set}`);
sets[set]();
console.log(`${set}: ${checks} checks passed`);
