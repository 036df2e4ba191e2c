import type { ProgramLanguage } from '@reasonrl/sandbox';
import type { ProposalState } from './proposer.js';

/** The task as HW3 states it, for the model. */
export const KISSING_PROBLEM = [
  'Find a large set C of integer vectors in Z^11 such that 0 is not in C and',
  'min over x != y in C of ||x - y|| >= max over x in C of ||x||.',
  'Then unit spheres centred at 2x/||x|| (x in C) all touch the central unit sphere without overlapping,',
  'so the kissing number in dimension 11 is at least |C|. Known: 593 <= tau_11 <= 870.',
  'A simple valid start: the 220 vectors with two entries +-1 and the rest 0 (norm^2 2, distances^2 >= 2).',
].join('\n');

const FORMAT: Record<ProgramLanguage, string> = {
  javascript:
    'Answer with one JavaScript program in a ```javascript block. It runs with no file system, network or modules, ' +
    'and must print the points with console.log(JSON.stringify(points)), where points is an array of arrays of 11 ' +
    'integers (use strings for integers beyond 2^53).',
  python:
    'Or answer with one Python 3 program in a ```python block (standard library only, no files or network) that ' +
    'prints json.dumps(points), points being a list of lists of 11 integers.',
};

/**
 * The prompt for one round: problem, output format, the best valid result so far (its program when
 * short enough) and the verifier's messages on the last round's candidates.
 */
export function kissingPrompt(
  state: ProposalState,
  options: { languages: readonly ProgramLanguage[]; maxProgramChars: number },
): string {
  const parts = [KISSING_PROBLEM, '', ...options.languages.map((l) => FORMAT[l])];
  if (state.best) {
    parts.push('', `Best valid set so far: ${state.best.score} points.`);
    const program = state.best.program;
    if (program && program.source.length <= options.maxProgramChars) {
      parts.push(
        `It was printed by this program:\n\`\`\`${program.language}\n${program.source.trimEnd()}\n\`\`\``,
      );
    }
    parts.push('Improve on it: output a valid set with more points.');
  }
  if (state.lastFeedback.length) {
    parts.push('', 'The verifier on your last attempts:');
    for (const [i, f] of state.lastFeedback.entries()) parts.push(`${i + 1}. ${f}`);
  }
  return parts.join('\n');
}
