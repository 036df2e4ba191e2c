import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiscoveryResult } from './discovery-loop.js';
import { type ReportContext, renderReport } from './report.js';

/** A JavaScript program that prints the given point set (so the best set is reproducible through the sandbox). */
export function programFromPoints(pointsText: string): string {
  return `// Prints a kissing configuration found by the reasonrl discovery loop.\nconst points = ${pointsText};\nconsole.log(JSON.stringify(points));\n`;
}

/**
 * Write `conversation_log.json` (every candidate's prompt, answer, run, verdict and score),
 * `points.json` and `program.js` of the best valid set, and `report.md`. Returns the file names.
 */
export async function writeDiscoveryArtifacts(
  outDir: string,
  result: DiscoveryResult,
  ctx: ReportContext,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  const write = async (name: string, text: string) => {
    await writeFile(join(outDir, name), text);
    files.push(name);
  };
  const log = {
    problem: 'kissing-11',
    settings: ctx,
    stopReason: result.stopReason,
    elapsedSeconds: result.elapsedSeconds,
    rounds: result.rounds,
    best: result.best && {
      score: result.best.score,
      round: result.best.round,
      index: result.best.index,
      feedback: result.best.feedback,
    },
    entries: result.records,
  };
  await write('conversation_log.json', `${JSON.stringify(log, null, 2)}\n`);
  if (result.best) {
    await write('points.json', `${result.best.pointsText}\n`);
    const program =
      result.best.program?.language === 'javascript'
        ? result.best.program.source
        : programFromPoints(result.best.pointsText);
    await write('program.js', program);
    if (result.best.program?.language === 'python') await write('program.py', result.best.program.source);
  }
  await write('report.md', renderReport(result, ctx));
  return files;
}
