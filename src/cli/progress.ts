// A progress line for long work, on a terminal only: never in a pipe or a CI log. It appears
// once the work has taken a second, is redrawn at most ten times a second, and is erased
// when the work ends, so the output that follows is as it would be without it.

import type { Context } from './context.js';
import { thousands } from '../diagnostics/words.js';

export class Progress {
  private readonly start = Date.now();
  private lastDraw = 0;
  private drawn = false;
  /** Set once the work reports how far it is: the time-only line then gives way. */
  private counting = false;

  constructor(
    private readonly ctx: Context,
    private readonly label: string,
  ) {}

  get enabled(): boolean {
    return this.ctx.io.stderrIsTTY;
  }

  /** `done` of `total` units (rows, epochs, ...) done; `unit` names them. */
  update(done: number, total: number, unit: string): void {
    if (!this.enabled) return;
    this.counting = true;
    const now = Date.now();
    if (now - this.start < 1000 || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const seconds = (now - this.start) / 1000;
    const rate = done / seconds;
    const left = rate > 0 && total > done ? (total - done) / rate : undefined;
    const percent = total > 0 ? Math.min(100, (100 * done) / total).toFixed(total >= 1e4 ? 1 : 0) : '?';
    const text = `${this.label}: ${percent}% (${count(done)} of ${count(total)} ${unit}, ${count(rate)}/s${left === undefined ? '' : `, ${duration(left)} left`})`;
    this.ctx.io.stderr.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  /** Work that cannot say how far it is (a SAT solver): the time spent so far. */
  elapsed(): void {
    if (!this.enabled || this.counting) return;
    const now = Date.now();
    if (now - this.start < 1000 || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.ctx.io.stderr.write(`\r\x1b[2K${this.label}: ${duration((now - this.start) / 1000)} so far`);
    this.drawn = true;
  }

  /** Erases the line, if it was drawn. */
  end(): void {
    if (this.drawn) this.ctx.io.stderr.write('\r\x1b[2K');
    this.drawn = false;
  }
}

function count(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  return thousands(Math.round(n));
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}
