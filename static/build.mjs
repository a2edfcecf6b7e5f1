// Builds static/src entries into static/dist (one ES module per page). `node static/build.mjs [outdir]`
import { build } from "esbuild";
import { readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = process.argv[2] || join(here, "dist");
const entries = readdirSync(join(here, "src"))
  .filter((name) => name.endsWith(".js"))
  .map((name) => join(here, "src", name));

// Start empty, so chunks of an earlier build never linger
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: entries.sort(),
  outdir,
  bundle: true,
  format: "esm",
  target: ["es2020"],
  minify: true,
  legalComments: "none",
  sourcemap: false,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
