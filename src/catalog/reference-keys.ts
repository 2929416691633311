/**
 * Normalised keys for the bundled reference tables: GPU names as written by price lists and benchmark pages,
 * and model names as written by catalogs ("meta/llama-3.1-8b-instruct", "Meta-Llama-3-8B-Instruct",
 * "qwen2-5-vl-72b-instruct"). The importer and the decide layer both use these, so a key written at import
 * matches a key computed at run time.
 */

/** GPU classes we recognise, most specific first (`gh200` before `h200`, `a100` before `a10`). */
const GPU_CLASSES = ['gh200', 'b200', 'h200', 'h100', 'a100', 'a6000', 'a10', 'v100', 'l40s', 'l4'] as const;

/**
 * `H100 SXM5 80GB` → `h100`, `H100 PCIe 80GB` → `h100-pcie`, `A100 SXM4 80GB` → `a100-80gb`,
 * `RTX A6000 48GB` → `a6000`. Returns null when the text names no GPU or compares two (`H100 vs A100`).
 * SXM is the default form of H100/H200/B200, so `H100 80GB` and `H100 SXM 80GB` share the key `h100`.
 */
export function gpuKey(text: string): string | null {
  const lower = text.toLowerCase();
  if (/\bvs\.?\b/.test(lower) || lower.includes('see source')) return null;
  const compact = lower.replace(/[\s_-]+/g, '');
  const found = GPU_CLASSES.find((name) => compact.includes(name));
  if (found === undefined) return null;
  if (compact.includes('pcie')) return `${found}-pcie`;
  if (found === 'a100') {
    if (compact.includes('40gb')) return 'a100-40gb';
    return 'a100-80gb'; // every A100 row in the reference table is the 80 GB part; 40 GB must say so
  }
  return found;
}

/**
 * A model name reduced to a comparable key: lab prefix (`meta/`) dropped, lower case, `.`/`_`/spaces as `-`,
 * a leading `meta-` dropped, a release tag after a chat suffix (`-instruct-v0.1`) and chat suffixes (`-instruct`, `-chat`, `-it`)
 * removed. `meta/llama-3.1-8b-instruct` and `Meta-Llama-3.1-8B-Instruct` both become `llama-3-1-8b`;
 * `mistral/mixtral-8x7b-instruct-v0.1` becomes `mixtral-8x7b` (a fine-tune release serves at its
 * architecture's throughput, which is what the tables keyed this way hold).
 */
export function modelKey(nameOrId: string): string {
  const slash = nameOrId.lastIndexOf('/');
  let key = (slash >= 0 ? nameOrId.slice(slash + 1) : nameOrId).toLowerCase();
  key = key.replace(/[._\s:]+/g, '-').replace(/-+/g, '-');
  key = key.replace(/^meta-(?=llama)/, '');
  key = key.replace(/(-instruct|-chat|-it)-v\d+(-\d+)*$/, '$1'); // `-instruct-v0.1`, not `deepseek-v3`
  key = key.replace(/(-instruct|-chat|-it|-hf)+$/, '');
  return key;
}

/** Like {@link modelKey} but keeps the chat suffix, for license patterns that must see the whole name. */
export function licenseKey(nameOrId: string): string {
  const slash = nameOrId.lastIndexOf('/');
  const key = (slash >= 0 ? nameOrId.slice(slash + 1) : nameOrId).toLowerCase();
  return key.replace(/[._\s:]+/g, '-').replace(/-+/g, '-');
}

/**
 * Parameter count in billions written in a name: `Llama-3.1-70B` → 70, `Qwen2.5-1.5B` → 1.5,
 * `qwen3-30b-a3b` → 30. Only a dot is read as a decimal point, so `qwen2-5-7b` → 7. Mixture-of-experts
 * names like `8x7B` return null (the total is not 8 × 7).
 */
export function parametersFromName(nameOrId: string): number | null {
  const lower = nameOrId.toLowerCase();
  if (/\d+x\d+(?:\.\d+)?b/.test(lower)) return null;
  const match = /(?:^|[-_/\s])(\d+(?:\.\d+)?)b(?![a-z0-9])/.exec(lower);
  return match?.[1] === undefined ? null : Number(match[1]);
}
