/** `npm run generate`: writes grammar/generated/{cst.d.ts,syntax-diagrams.html} from the grammar. */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { grammarArtifacts } from '../grammar/artifacts.js';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'grammar', 'generated');
mkdirSync(outDir, { recursive: true });
for (const [file, text] of Object.entries(grammarArtifacts())) {
  writeFileSync(join(outDir, file), text);
  console.log(`wrote grammar/generated/${file}`);
}
