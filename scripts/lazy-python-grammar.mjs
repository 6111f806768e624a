// The CLI bundle's stand-in for @lezer/python (used by scripts/bundle-cli.mjs; test/bundle-cli.test.ts builds with it).
//
// @lezer/python builds its Python grammar (LRParser.deserialize) when its module is evaluated: 4-7 ms of every
// command that imports script reading, a fully cached `run` among them, though such a run reads no script (the
// readings are remembered). engine/python/tree.js, its only importer, uses just `parser`; here that import gets
// a CommonJS stand-in whose `parser` getter requires the real module on first use (esbuild evaluates a required
// ES module lazily), so the grammar is built only by a command that parses Python.
//
// A name imported from a CommonJS module is not checked by esbuild (it would be undefined at run time, silently),
// so the importer's own text is read first: any use of @lezer/python but `import { <LAZY_NAMES> } from
// '@lezer/python'` fails the build, naming the file and the name.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The names the stand-in provides (each a getter of the real module's export). */
export const LAZY_NAMES = ['parser'];

/** Why a module's text cannot be given the stand-in, or undefined when it can. */
export function unsupportedUse(text) {
  const uses = text.split(/['"]@lezer\/python['"]/).length - 1;
  const named = [...text.matchAll(/\bimport\s*\{([^}]*)\}\s*from\s*['"]@lezer\/python['"]/g)];
  if (named.length !== uses) return "it uses the module other than by `import { ... } from '@lezer/python'`";
  for (const [, list] of named) {
    for (const part of list.split(',').map((p) => p.trim()).filter(Boolean)) {
      const name = part.split(/\s+as\s+/)[0].trim();
      if (!LAZY_NAMES.includes(name)) return `it imports \`${name}\`, which the stand-in does not provide (it provides ${LAZY_NAMES.join(', ')})`;
    }
  }
  return undefined;
}

export const lazyPythonGrammar = {
  name: 'lazy-python-grammar',
  setup(b) {
    b.onResolve({ filter: /^@lezer\/python$/ }, async (args) => {
      if (!/[\\/]engine[\\/]python[\\/]tree\.js$/.test(args.importer)) return undefined;
      const why = unsupportedUse(readFileSync(args.importer, 'utf8'));
      if (why) {
        return {
          errors: [{ text: `${args.importer}: ${why}. Add the name to LAZY_NAMES in scripts/lazy-python-grammar.mjs, or import it in another module (which gets the real @lezer/python).` }],
        };
      }
      const real = await b.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir });
      if (real.errors.length) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-python-grammar' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-python-grammar' }, (args) => ({
      contents: `let grammar;\nconst real = () => (grammar ??= require(${JSON.stringify(args.path)}));\nmodule.exports = {${LAZY_NAMES.map((n) => ` get ${n}() { return real().${n}; }`).join(',')} };\n`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};
