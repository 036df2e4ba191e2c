import type { Progress, ProgressBar } from '@reasonrl/core';
import { SingleBar } from 'cli-progress';

/**
 * Progress for a terminal: a live bar with ETA on a TTY; on a pipe or in CI, one line at every
 * 10% (and at the end) so logs stay readable.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, quiet = false): Progress {
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  return {
    info(message: string) {
      if (!quiet) stream.write(`${message}\n`);
    },
    start(label: string, total: number): ProgressBar {
      if (quiet) return { update() {}, stop() {} };
      const t0 = Date.now();
      if (tty) {
        const bar = new SingleBar(
          {
            format: `${label} [{bar}] {value}/{total} {percentage}% | ETA {eta_formatted} | {extra}`,
            stream,
            hideCursor: true,
          },
          undefined,
        );
        bar.start(total, 0, { extra: '' });
        return {
          update(done, extra) {
            bar.update(done, { extra: extra ? formatExtra(extra) : '' });
          },
          stop() {
            bar.stop();
          },
        };
      }
      let lastDecile = -1;
      return {
        update(done, extra) {
          const decile = total > 0 ? Math.floor((10 * done) / total) : 10;
          if (decile === lastDecile) return;
          lastDecile = decile;
          const s = (Date.now() - t0) / 1000;
          const eta = done > 0 ? ((total - done) * s) / done : Number.NaN;
          stream.write(
            `${label}: ${done}/${total} (${Math.round((100 * done) / Math.max(total, 1))}%) ${s.toFixed(1)}s elapsed` +
              `${Number.isFinite(eta) && done < total ? `, ETA ${eta.toFixed(0)}s` : ''}${extra ? ` | ${formatExtra(extra)}` : ''}\n`,
          );
        },
        stop() {},
      };
    },
  };
}

function formatExtra(extra: Record<string, string | number>): string {
  return Object.entries(extra)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? (Number.isInteger(v) ? v : v.toFixed(4)) : v}`)
    .join(' ');
}
