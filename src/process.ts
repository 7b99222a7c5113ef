/** Whether a process with this id exists (a zombie or another user's process counts as existing). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A run's status as people should read it: a running run whose process is gone was interrupted (killed, crashed). */
export function shownStatus(run: { status: string; pid: number | null }): string {
  return run.status === 'running' && run.pid !== null && !isProcessAlive(run.pid) ? 'interrupted (resume it)' : run.status;
}
