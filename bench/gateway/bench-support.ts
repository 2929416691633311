/** Small pieces the gateway benches share: numeric flags and medians. */

/** `--<name> <number>` from the command line, or `fallback`. */
export function numberFlag(name: string, fallback: number, args: readonly string[] = process.argv.slice(2)): number {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(args[index + 1]);
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
