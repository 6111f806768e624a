/** Which spec "Show the run report" is about, from plain URIs (no VS Code API here, so a test can ask it). */

/**
 * An open report page asks for its own spec; else the active text editor when it shows a file; else the active
 * tab of an editor group. The active text editor alone is not enough: with the Output panel focused it is the
 * output channel (`output:...`), and with a webview focused there is none.
 */
export function reportTarget(activeReport: string | undefined, activeEditor: string | undefined, activeTabs: (string | undefined)[]): string | undefined {
  return activeReport ?? [activeEditor, ...activeTabs].find((uri) => uri !== undefined && /^(file|untitled):/.test(uri));
}
