// Boots the real Pyodide runtime (npm package, offline) with the engine's .py files copied into
// its file system exactly as the site ships them. Shared by the parity runners.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const home = "/home/pyodide";
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function bootEngine() {
  const pyodideDir = path.join(root, "node_modules", "pyodide") + path.sep;
  const engineDir = path.join(root, "generator", "engine");
  const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
  // Python's own output goes to stderr, keeping stdout for the JSON the tests read.
  const toStderr = (line) => process.stderr.write(line + "\n");
  const pyodide = await loadPyodide({ indexURL: pyodideDir, stdout: toStderr, stderr: toStderr });
  pyodide.FS.mkdirTree(`${home}/generator/engine`);
  pyodide.FS.writeFile(`${home}/generator/__init__.py`, "");  // only the engine ships, not the generator
  for (const name of readdirSync(engineDir).filter((n) => n.endsWith(".py"))) {
    pyodide.FS.writeFile(`${home}/generator/engine/${name}`, readFileSync(path.join(engineDir, name), "utf8"));
  }
  return pyodide;
}
