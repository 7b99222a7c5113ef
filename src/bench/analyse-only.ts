/**
 * The per-paper analysis alone, in this thread, over the first N corpus papers: nothing else runs, so
 * its instruction count is what the analysis costs. Seconds on this machine move by 20% between runs of
 * the same code; instructions counted by valgrind with V8 single-threaded (no background compiler or
 * collector) moved by under 1% (without --single-threaded, by up to 13%). Count a run with N papers and one
 * with 0 (start-up: tsx, the corpus reader, the NLP model, the background statistics) and divide the
 * difference:
 *
 *   valgrind --tool=callgrind --callgrind-out-file=/dev/null node --single-threaded --import tsx src/bench/analyse-only.ts 1000
 *   valgrind --tool=callgrind --callgrind-out-file=/dev/null node --single-threaded --import tsx src/bench/analyse-only.ts 0
 *
 * (A few minutes each. "I refs" is the count.)
 */
import { analysePaper } from '../../agents/analyst/analyse-paper.js';
import { corpusFile, loadCorpus } from './common.js';

const papers = await loadCorpus(corpusFile(), Number(process.argv[2] ?? 1000));
// One paper even for N = 0, so that both runs load the model and the background statistics.
analysePaper(papers[0] ?? (await loadCorpus(corpusFile(), 1))[0]!);
for (const paper of papers) analysePaper(paper);
