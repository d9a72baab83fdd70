// Copies NHS.UK frontend's images, favicon and JavaScript into static_build/ for Django to serve.
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nhsuk = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const out = join(root, "static_build", "nhsuk");

mkdirSync(out, { recursive: true });
cpSync(join(nhsuk, "assets"), join(out, "assets"), { recursive: true });
// The source map is copied too: the minified file names it, and the manifest storage
// resolves every sourceMappingURL when it hashes files with DEBUG off.
for (const name of ["nhsuk-frontend.min.js", "nhsuk-frontend.min.js.map"]) {
  cpSync(join(nhsuk, name), join(out, name));
}
