// @ts-check
/**
 * parity's folder boundaries, as one ESLint rule (`parity/boundaries`) over relative imports in src/: imports
 * between top-level folders point down the layers (ARCHITECTURE.md), and go through a folder's public surface —
 * its index.ts, or one of the few other entries `surfaces` names for it. The paths listed in `roots` still import
 * only layers below them, but may name any module there: the CLI, a composition root whose commands load, when
 * they run, only the modules they need (a folder's index.ts loads the whole folder, and `parity --help` or
 * `parity track` must not pay for the gateway); and the dashboard's api/ files, which the browser bundle also
 * imports (an index would pull Node-only modules into it). Each import is resolved
 * against the importing file's own path, so a subfolder that shares a name with a top-level folder
 * (src/track/report vs src/report) is never mistaken for it. No resolver is needed: parity's relative imports
 * name their target file (`.js` for `.ts`).
 */
import path from 'node:path';

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports between src/ folders point down the layers and go through a folder’s public surface' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
          surfaces: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
          roots: { type: 'array', items: { type: 'string' } },
        },
        required: ['root', 'layers', 'surfaces'],
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { root, layers, surfaces, roots = [] } = context.options[0];
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    if (!file.startsWith('src/')) return {};
    const folderOf = (/** @type {string} */ relative) => {
      if (!relative.startsWith('src/')) return undefined; // test helpers, data, package.json
      const parts = relative.split('/');
      return parts.length > 2 ? parts[1] : undefined; // src/<folder>/…; src/errors.ts and src/index.ts belong to none
    };
    const from = folderOf(file);
    /** @param {import('estree').Node} node @param {unknown} source */
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), source));
      const to = folderOf(target);
      if (to === undefined || to === from) return;
      if (from !== undefined && !(layers[from] ?? []).includes(to)) {
        context.report({ node, message: `src/${from} may not import src/${to} (layers point down; see ARCHITECTURE.md)` });
        return;
      }
      const entries = surfaces[to];
      if (entries === undefined || roots.some((prefix) => file.startsWith(prefix))) return;
      const inside = target.slice(`src/${to}/`.length).replace(/\.js$/, '.ts');
      if (!entries.includes(inside)) {
        context.report({ node, message: `import src/${to} through its public surface (${entries.map((entry) => `src/${to}/${entry}`).join(' or ')}), not src/${to}/${inside}` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => check(node, node.source?.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source.value : undefined),
    };
  },
};

export default { rules: { boundaries: rule } };
