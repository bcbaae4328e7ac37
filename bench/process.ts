/** What the benchmarks read of processes: their command line's options and their CPU time. */
import { readFileSync } from 'node:fs';

/** The value after `--name` on this process's command line; undefined when absent. */
export function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** CPU seconds (user + system) a Linux process has used so far (/proc/<pid>/stat, clock ticks of 10 ms). */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
