// paperloom dashboard: live progress of a run (server-sent events). Runs after the report script, which
// renders the mermaid diagrams and wires the Read aloud buttons. No inline script anywhere: the
// Content-Security-Policy allows only scripts served by paperloom itself.
const live = document.querySelector('[data-run-events]');
if (live) {
  const events = new EventSource(live.dataset.runEvents);
  const bar = live.querySelector('progress');
  const text = live.querySelector('.count');
  events.addEventListener('progress', (event) => {
    const p = JSON.parse(event.data);
    bar.max = Math.max(1, p.total);
    bar.value = p.done;
    text.textContent = `${p.status}: ${p.done} of ${p.total} papers (${p.analysed} analysed, ${p.skipped} reused, ${p.failed} failed)`;
  });
  events.addEventListener('end', () => {
    events.close();
    text.textContent += ' · finished, loading the report';
    location.reload();
  });
}
for (const form of document.querySelectorAll('form[data-confirm]')) {
  form.addEventListener('submit', (event) => {
    if (!confirm(form.dataset.confirm)) event.preventDefault();
  });
}
