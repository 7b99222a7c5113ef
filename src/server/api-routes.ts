import { Hono } from 'hono';
import { ANALYSER_VERSION } from '../../agents/analyst/analyse-paper.js';
import { paperCards, selectReport } from '../../agents/reporter/build-report.js';
import { jsonChunks } from '../../agents/reporter/json.js';
import { UsageError } from '../errors.js';
import { listSchedules, removeSchedule, runNow } from '../queue/schedules.js';
import { input, jsonBody, type ServerParts } from './http.js';
import { AskSchema, BrowseSchema, DemandSchema, ScheduleSchema, StartRunSchema } from './requests.js';
import { download, runEvents, streamChunks } from './streams.js';
import { PAGE_SIZE } from './views.js';

/** The JSON API under /api/: what the CLI's --json prints for the same operation. Errors: {"error": one line}. */
export function apiRoutes({ library, launcher, views, schedules }: ServerParts): Hono {
  const api = new Hono();
  api.get('/papers', (c) => {
    const filters = input(BrowseSchema, c.req.query());
    const { total, rows } = views.browse(filters);
    return c.json({ total, page: filters.page, pageSize: PAGE_SIZE, papers: rows });
  });
  // = paperloom show <id> --json
  api.get('/papers/:arxivId', (c) => {
    const { paper } = views.paperCard(c.req.param('arxivId'));
    const { id: _id, ...fields } = paper;
    return c.json({ ...fields, analysis: library.analyses.get(paper.id, ANALYSER_VERSION) ?? library.analyses.latest(paper.id) });
  });
  // = paperloom runs --json
  api.get('/runs', (c) => c.json(library.runs.list(Math.min(1000, Math.max(1, Number(c.req.query('limit')) || 50)))));
  api.post('/runs', async (c) => {
    const runId = await launcher.start(launcher.request(input(StartRunSchema, await jsonBody(c))));
    return c.json({ runId, progress: launcher.progress(runId) }, 202);
  });
  api.get('/runs/:id', (c) => {
    const run = views.getRun(c.req.param('id'));
    return c.json({ run, progress: launcher.progress(run.id) });
  });
  api.post('/runs/:id/resume', async (c) => {
    const run = views.getRun(c.req.param('id'));
    await launcher.resume(run.id);
    return c.json({ runId: run.id, progress: launcher.progress(run.id) }, 202);
  });
  api.get('/runs/:id/events', (c) => runEvents(c, library, launcher, views.getRun(c.req.param('id')).id));
  // = paperloom report <id> --format json
  api.get('/runs/:id/report', (c) => {
    const run = views.getRun(c.req.param('id'));
    if (!views.hasReport(run)) throw new UsageError(`run ${run.id} is still in progress; its report comes when it ends`);
    c.header('Content-Type', 'application/json; charset=utf-8');
    return streamChunks(c, jsonChunks(views.runHeader(run), paperCards(library, selectReport(library, { kind: 'run', runId: run.id }))));
  });
  api.get('/runs/:id/download/:file', (c) => download(c, library, views, views.getRun(c.req.param('id')), c.req.param('file')));
  // = paperloom demand --json
  api.get('/demand', (c) => c.json(views.demand(input(DemandSchema, c.req.query()))));
  // = paperloom ask --json
  api.post('/ask', async (c) => c.json(await views.answer(input(AskSchema, await jsonBody(c)))));
  // = paperloom schedule list | add | remove | run-now --json
  api.get('/schedules', async (c) => c.json(await schedules.withRunsQueue((queue) => listSchedules(library, queue))));
  api.post('/schedules', async (c) => c.json(await schedules.add(input(ScheduleSchema, await jsonBody(c)))));
  api.delete('/schedules/:name', async (c) => {
    await schedules.withRunsQueue((queue) => removeSchedule(library, queue, c.req.param('name')));
    return c.json({ removed: c.req.param('name') });
  });
  api.post('/schedules/:name/run-now', async (c) => {
    const jobId = await schedules.withRunsQueue((queue) => runNow(library, queue, c.req.param('name')));
    return c.json({ queued: c.req.param('name'), jobId });
  });
  return api;
}
