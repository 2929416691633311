/** The part of jStat (https://github.com/jstat/jstat, MIT; no type declarations of its own) that parity uses. */
declare module 'jstat' {
  interface NormalDistribution {
    /** Quantile (inverse CDF) at probability `p`. */
    inv(p: number, mean: number, sd: number): number;
    cdf(x: number, mean: number, sd: number): number;
  }
  interface StudentTDistribution {
    /** Quantile (inverse CDF) at probability `p` with `dof` degrees of freedom. */
    inv(p: number, dof: number): number;
  }
  const jStat: { normal: NormalDistribution; studentt: StudentTDistribution };
  export default jStat;
}
