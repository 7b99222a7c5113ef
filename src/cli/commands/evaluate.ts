import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../../agents/reporter/node.js';
import { AnalyzeInputSchema, KeyphraseDocSchema, readAll, readJsonLines, TldrDocSchema } from '../../eval/datasets.js';
import { analyseForOutput, evaluateKeyphrases, evaluateTldr, type KeyphraseScores, type TldrScores } from '../../eval/evaluate.js';
import { UsageError } from '../../errors.js';
import type { GlobalOptions } from '../context.js';
import { printJson, printLine, printTable } from '../output.js';

const f1 = (x: number) => x.toFixed(1);

function printKeyphrases(file: string, docs: number, scores: KeyphraseScores[]): void {
  printLine(`${path.basename(file)}: key phrases, ${docs} documents (Porter-stemmed exact match, all gold phrases)`);
  printTable(['METHOD', 'F1@5', 'F1@10', 'P@10', 'R@10'], scores.map((s) => [s.method, f1(s.f1at5), f1(s.f1at10), f1(s.p10), f1(s.r10)]));
  printLine();
}

function printTldr(file: string, docs: number, scores: TldrScores[]): void {
  printLine(`${path.basename(file)}: TLDR, ${docs} abstracts (ROUGE F on stemmed tokens, best over gold targets)`);
  printTable(['METHOD', 'ROUGE-1', 'ROUGE-2', 'ROUGE-L'], scores.map((s) => [s.method, f1(s.rouge1), f1(s.rouge2), f1(s.rougeL)]));
  printLine();
}

async function runKeyphrases(file: string) {
  const started = performance.now();
  const docs = await readAll(file, KeyphraseDocSchema);
  return { file: path.basename(file), task: 'keyphrases' as const, documents: docs.length, scores: evaluateKeyphrases(docs), seconds: (performance.now() - started) / 1000 };
}

async function runTldr(file: string) {
  const started = performance.now();
  const docs = await readAll(file, TldrDocSchema);
  return { file: path.basename(file), task: 'tldr' as const, documents: docs.length, scores: evaluateTldr(docs), seconds: (performance.now() - started) / 1000 };
}

/** `analyze` and `eval`: the pipeline's agents on arbitrary texts, and their scores on gold sets. */
export function registerEvalCommands(program: Command): void {
  program
    .command('analyze')
    .description('key phrases, TLDR and summary for each {id, title?, text | abstract} line, with the pipeline\'s own agents')
    .requiredOption('--data <file>', 'input JSON Lines (.gz accepted)')
    .requiredOption('--out <file>', 'output JSON Lines: {id, keyphrases, tldr, summary}')
    .action(async (flags: { data: string; out: string }) => {
      const rows: string[] = [];
      for await (const doc of readJsonLines(flags.data, AnalyzeInputSchema)) {
        rows.push(`${JSON.stringify(analyseForOutput(doc.id, doc.title, doc.text ?? doc.abstract ?? ''))}\n`);
      }
      writeFileAtomic(flags.out, rows);
      process.stderr.write(`paperloom: analysed ${rows.length} documents into ${flags.out}\n`);
    });

  const evaluate = program.command('eval').description('score the agents on development sets with gold answers');

  evaluate
    .command('keyphrases')
    .description('F1@5 and F1@10 of key phrases, beside TF-IDF, first-phrase and YAKE baselines')
    .requiredOption('--data <file>', 'JSON Lines {id, title, text, keyphrases}')
    .action(async (flags: { data: string }, command: Command) => {
      const result = await runKeyphrases(flags.data);
      if (command.optsWithGlobals<GlobalOptions>().json) printJson(result);
      else printKeyphrases(flags.data, result.documents, result.scores);
    });

  evaluate
    .command('tldr')
    .description('ROUGE-1/2/L of the TLDR, beside the first-sentence baseline and the best-sentence oracle')
    .requiredOption('--data <file>', 'JSON Lines {id, title, abstract, targets}')
    .action(async (flags: { data: string }, command: Command) => {
      const result = await runTldr(flags.data);
      if (command.optsWithGlobals<GlobalOptions>().json) printJson(result);
      else printTldr(flags.data, result.documents, result.scores);
    });

  evaluate
    .command('all')
    .description('every development set in a folder: keyphrases-*.jsonl and tldr-*.jsonl')
    .option('--dir <folder>', 'folder of evaluation sets', '../shared/data/eval')
    .action(async (flags: { dir: string }, command: Command) => {
      if (!fs.existsSync(flags.dir)) throw new UsageError(`evaluation folder not found: ${flags.dir}`);
      const files = fs.readdirSync(flags.dir).filter((f) => /^(keyphrases|tldr)-.*\.jsonl(\.gz)?$/.test(f)).sort();
      if (files.length === 0) throw new UsageError(`no keyphrases-*.jsonl or tldr-*.jsonl in ${flags.dir}`);
      const json = command.optsWithGlobals<GlobalOptions>().json;
      const results = [];
      for (const f of files) {
        const file = path.join(flags.dir, f);
        const result = f.startsWith('tldr-') ? await runTldr(file) : await runKeyphrases(file);
        results.push(result);
        if (!json) {
          if (result.task === 'tldr') printTldr(file, result.documents, result.scores);
          else printKeyphrases(file, result.documents, result.scores);
        }
      }
      if (json) printJson(results);
    });
}
