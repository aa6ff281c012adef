// Called by ./solc: argv[2] is the output file, the rest are solc's flags.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('./node_modules/solc');

const [out, ...args] = process.argv.slice(2);
const write = (text) => fs.writeFileSync(out, text);

if (args.includes('--version') || args.includes('-v')) {
  // forge parses "Version: 0.8.x+commit..."
  write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version().replace('.Emscripten.clang', '')}\n`);
  process.exit(0);
}
if (!args.includes('--standard-json')) {
  process.stderr.write('solc wrapper: only --version and --standard-json are supported\n');
  process.exit(1);
}

// Paths forge allows imports from; used to resolve imports that are not
// already in the input's sources.
const roots = [process.cwd()];
for (let i = 0; i < args.length; i++) {
  if (['--allow-paths', '--base-path', '--include-path'].includes(args[i]) && args[i + 1]) {
    roots.push(...args[i + 1].split(','));
    i++;
  }
}
const findImports = (p) => {
  for (const root of [''].concat(roots)) {
    const full = root ? path.resolve(root, p) : path.resolve(p);
    if (fs.existsSync(full)) return { contents: fs.readFileSync(full, 'utf8') };
  }
  return { error: `File not found: ${p}` };
};

const input = fs.readFileSync(0, 'utf8');
write(solc.compile(input, { import: findImports }));
