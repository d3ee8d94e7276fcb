"""Checks of a rendered Kubernetes overlay that its schemas cannot express.

    python kubernetes-checks.py RENDERED.yaml OUT_DIR

Run by .ci/run (step "deployment artefacts") with the Python of its linters' virtualenv,
after kubernetes-validate passed on the same file. It

- writes every custom resource (ServiceMonitor) to OUT_DIR as JSON, one file each, for
  check-jsonschema against the schemas in deploy/kubernetes/schemas/ (kubernetes-validate
  only warns about kinds it has no schema for); any other kind without a built-in schema
  is an error here;
- checks the rules between objects: a Deployment scaled by a HorizontalPodAutoscaler has
  no `replicas` (the HPA owns the count), one without an HPA has one; every container
  reads its configuration from the generated ConfigMap that the overlay holds, and only
  from Secrets by reference; every pod runs as non-root with a read-only root filesystem.
"""

import json
import pathlib
import sys

import yaml

CUSTOM_KINDS = {("monitoring.coreos.com/v1", "ServiceMonitor")}
BUILTIN_GROUPS = {"v1", "apps/v1", "batch/v1", "networking.k8s.io/v1", "policy/v1",
                  "autoscaling/v2"}


def fail(msg: str) -> None:
    print(f"ERROR {msg}")
    global failed
    failed = True


def pod_spec(doc: dict) -> dict | None:
    if doc["kind"] in ("Deployment", "Job"):
        return doc["spec"]["template"]["spec"]
    return None


failed = False
rendered, out_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out_dir.mkdir(parents=True, exist_ok=True)
docs = [d for d in yaml.safe_load_all(rendered.read_text()) if d]
name = lambda d: f"{d['kind']}/{d['metadata']['name']}"  # noqa: E731

custom = 0
for doc in docs:
    key = (doc["apiVersion"], doc["kind"])
    if key in CUSTOM_KINDS:
        custom += 1
        target = out_dir / f"{doc['kind'].lower()}-{doc['metadata']['name']}.json"
        target.write_text(json.dumps(doc, indent=2))
    elif doc["apiVersion"] not in BUILTIN_GROUPS:
        fail(f"{name(doc)}: {doc['apiVersion']} has no schema here; add one to "
             "deploy/kubernetes/schemas/ and to CUSTOM_KINDS")

scaled = {d["spec"]["scaleTargetRef"]["name"] for d in docs
          if d["kind"] == "HorizontalPodAutoscaler"}
configmaps = {d["metadata"]["name"] for d in docs if d["kind"] == "ConfigMap"}
for doc in docs:
    if doc["kind"] == "Deployment":
        has_replicas = "replicas" in doc["spec"]
        if doc["metadata"]["name"] in scaled and has_replicas:
            fail(f"{name(doc)} sets replicas although a HorizontalPodAutoscaler scales it")
        if doc["metadata"]["name"] not in scaled and not has_replicas:
            fail(f"{name(doc)} has neither replicas nor a HorizontalPodAutoscaler")
    spec = pod_spec(doc)
    if spec is None:
        continue
    psc = spec.get("securityContext", {})
    if psc.get("runAsNonRoot") is not True or not psc.get("runAsUser"):
        fail(f"{name(doc)}: the pod must run as a numeric non-root user")
    for c in spec["containers"]:
        sc = c.get("securityContext", {})
        if (sc.get("readOnlyRootFilesystem") is not True
                or sc.get("allowPrivilegeEscalation") is not False
                or sc.get("capabilities", {}).get("drop") != ["ALL"]):
            fail(f"{name(doc)}/{c['name']}: read-only root, no privilege escalation and "
                 "all capabilities dropped are required")
        if any("value" in e and "SECRET" in e["name"] for e in c.get("env", [])):
            fail(f"{name(doc)}/{c['name']}: a secret given as a value")
        refs = [e["configMapRef"]["name"] for e in c.get("envFrom", []) if "configMapRef" in e]
        if not refs or any(r not in configmaps for r in refs):
            fail(f"{name(doc)}/{c['name']}: must read the overlay's generated ConfigMap "
                 f"(has {refs}, the overlay holds {sorted(configmaps)})")

print(f"{rendered.name}: {len(docs)} objects, {custom} custom resources written to {out_dir}, "
      f"autoscaled: {sorted(scaled) or 'none'}")
sys.exit(1 if failed else 0)
