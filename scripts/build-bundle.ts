// Writes the workflow bundle the worker loads when WORKFLOW_BUNDLE names it (part of the build step).
//   npm run build:bundle            → dist/workflow-bundle.js
//   npm run build:bundle -- out.js  → another path
import { DEFAULT_BUNDLE_PATH, writeWorkflowBundle } from '../src/temporal/workflow-bundle.ts';

const file = process.argv[2] ?? DEFAULT_BUNDLE_PATH;
const bytes = await writeWorkflowBundle(file);
console.log(`wrote ${file} (${Math.round(bytes / 1024)} KiB); start workers with WORKFLOW_BUNDLE=${file}`);
