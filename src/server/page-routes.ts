import { Hono, type Context } from 'hono';
import { removeSchedule, runNow } from '../queue/schedules.js';
import { formFields, input, userProblem, type ServerParts } from './http.js';
import { askPage, demandPage, libraryPage, paperPage, runPage, runsPage, schedulesPage } from './pages.js';
import { AskSchema, BrowseSchema, DemandSchema, firstIssue, ScheduleSchema, StartRunSchema } from './requests.js';
import { download, runEvents } from './streams.js';
import { PAGE_SIZE } from './views.js';

/** The dashboard's pages. Bad input shows the page again with one line saying what is wrong (HTTP 400). */
export function pageRoutes({ library, launcher, views, schedules, sources }: ServerParts): Hono {
  const app = new Hono();
  const runsList = (extra: { error?: string; form?: Record<string, string> } = {}) =>
    runsPage({ runs: library.runs.list(200).map(views.shown), sources, inProgress: launcher.inProgress, ...extra });

  app.get('/', (c) => {
    const parsed = BrowseSchema.safeParse(c.req.query());
    const filters = parsed.success ? parsed.data : { page: 1 };
    let result: ReturnType<typeof views.browse> = { total: 0, rows: [], searched: false };
    let error = parsed.success ? undefined : firstIssue(parsed.error);
    if (!error) {
      try {
        result = views.browse(filters);
      } catch (e) {
        error = userProblem(e);
      }
    }
    const view = { filters, ...result, pageSize: PAGE_SIZE, categories: views.categories(), skills: views.skills.skills, runs: library.runs.list(100), skillIndex: views.skillIndex(), error };
    return c.html(libraryPage(view), error ? 400 : 200);
  });

  app.get('/papers/:arxivId', (c) => {
    const { card, runs } = views.paperCard(c.req.param('arxivId'));
    return c.html(paperPage(card, runs));
  });

  app.get('/runs', (c) => c.html(runsList()));
  app.post('/runs', async (c) => {
    const form = await formFields(c);
    try {
      const runId = await launcher.start(launcher.request(input(StartRunSchema, form)));
      return c.redirect(`/runs/${encodeURIComponent(runId)}`, 303);
    } catch (error) {
      return c.html(runsList({ error: userProblem(error), form }), 400);
    }
  });

  app.get('/runs/:id', (c) => {
    const pageNo = Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1);
    return c.html(runPage(views.runView(views.getRun(c.req.param('id')), pageNo)));
  });
  app.post('/runs/:id/resume', async (c) => {
    const run = views.getRun(c.req.param('id'));
    try {
      await launcher.resume(run.id);
    } catch (error) {
      return c.html(runPage({ ...views.runView(run, 1), error: userProblem(error) }), 400);
    }
    return c.redirect(`/runs/${encodeURIComponent(run.id)}`, 303);
  });
  app.get('/runs/:id/events', (c) => runEvents(c, library, launcher, views.getRun(c.req.param('id')).id));
  app.get('/runs/:id/download/:file', (c) => download(c, library, views, views.getRun(c.req.param('id')), c.req.param('file')));

  app.get('/demand', (c) => {
    const parsed = DemandSchema.safeParse(c.req.query());
    if (!parsed.success) return c.html(demandPage(DemandSchema.parse({}), null, firstIssue(parsed.error)), 400);
    try {
      return c.html(demandPage(parsed.data, views.demand(parsed.data)));
    } catch (error) {
      return c.html(demandPage(parsed.data, null, userProblem(error)), 400);
    }
  });

  app.get('/ask', (c) => c.html(askPage({}, null)));
  app.post('/ask', async (c) => {
    const form = await formFields(c);
    const shown = { question: form.question, k: Number(form.k) || 5, since: form.since, category: form.category };
    try {
      return c.html(askPage(shown, await views.answer(input(AskSchema, form))));
    } catch (error) {
      return c.html(askPage(shown, null, userProblem(error)), 400);
    }
  });

  // Schedules: each change redirects to the list with a line saying what was done.
  app.get('/schedules', async (c) => c.html(schedulesPage({ ...(await schedules.list()), sources, message: c.req.query('done') })));
  const change = (c: Context, done: string) => c.redirect(`/schedules?done=${encodeURIComponent(done)}`, 303);
  const failed = async (error: unknown) => schedulesPage({ ...(await schedules.list()), sources, error: userProblem(error) });
  app.post('/schedules', async (c) => {
    const form = await formFields(c);
    try {
      const { result } = await schedules.add(input(ScheduleSchema, form));
      return change(c, `schedule ${form.name} ${result}`);
    } catch (error) {
      return c.html(await failed(error), 400);
    }
  });
  app.post('/schedules/:name/remove', async (c) => {
    const name = c.req.param('name');
    try {
      await schedules.withRunsQueue((queue) => removeSchedule(library, queue, name));
      return change(c, `schedule ${name} removed`);
    } catch (error) {
      return c.html(await failed(error), 400);
    }
  });
  app.post('/schedules/:name/run-now', async (c) => {
    const name = c.req.param('name');
    try {
      const jobId = await schedules.withRunsQueue((queue) => runNow(library, queue, name));
      return change(c, `run of ${name} queued (job ${jobId}); a worker with this library runs it`);
    } catch (error) {
      return c.html(await failed(error), 400);
    }
  });
  return app;
}
