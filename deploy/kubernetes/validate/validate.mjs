// Validates every object of a rendered multi-document YAML file against its schema: the Kubernetes
// API's (kubernetes-models) or the Prometheus Operator's CRDs (@kubernetes-models/prometheus-operator).
// Usage: node validate.mjs rendered.yaml   Prints one line per object; exits 1 on any invalid or unknown kind.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const operatorGroup = "monitoring.coreos.com/";

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const module = apiVersion.startsWith(operatorGroup)
    ? `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`
    : `kubernetes-models/${group ? group + "/" : ""}${version}/${kind}`;
  try {
    return (await import(module))[kind];
  } catch {
    return undefined;
  }
}

let failures = 0;
for (const document of parseAllDocuments(readFileSync(process.argv[2], "utf8"))) {
  const object = document.toJS();
  const name = `${object.kind} ${object.metadata?.name}`;
  const Model = await modelOf(object.apiVersion, object.kind);
  if (!Model) {
    console.log(`UNKNOWN ${name} (${object.apiVersion})`);
    failures++;
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`valid ${name}`);
  } catch (error) {
    console.log(`INVALID ${name}: ${error.message}`);
    failures++;
  }
}
process.exit(failures === 0 ? 0 : 1);
