/**
 * What the host (the CLI, the language server) puts around each synchronous run of the yaml package, if anything:
 * the engine itself reaches nothing of the process it runs in. workspace/yaml-env.ts gives the wrapper the CLI and
 * the server install (a cheap process.env while the package reads it once per token).
 */

/** Runs `parse` (synchronous) and returns what it returns; whatever it sets up for `parse`, it undoes before returning. */
export type AroundYamlParse = <T>(parse: () => T) => T;

const plain: AroundYamlParse = (parse) => parse();
let around: AroundYamlParse = plain;

/** Installs the host's wrapper (undefined: none). */
export function setAroundYamlParse(wrap: AroundYamlParse | undefined): void {
  around = wrap ?? plain;
}

/** Runs `parse` inside the host's wrapper. */
export function aroundYamlParse<T>(parse: () => T): T {
  return around(parse);
}
