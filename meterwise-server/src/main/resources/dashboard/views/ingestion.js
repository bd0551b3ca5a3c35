import {call} from '../api.js';
import {el, errorBox, loading, note, table} from '../dom.js';
import {dateTimeSeconds, number, utc} from '../format.js';

const PAGE = 25;
/** The most reasons the API keeps per batch (ADR 0048): a batch with that many may have had more. */
const KEPT_REASONS = 5;

/**
 * Operator: ingestion status, the log of usage batches (GET /providers/Meterwise/usageBatches), newest first, a page at
 * a time: when each arrived, what it named, how many records were stored, already there or refused, and why.
 */
export async function renderIngestion(root, state) {
  root.append(loading());
  const names = new Map(state.subscriptions.map(s => [s.subscriptionId, s.displayName]));
  const first = await call('/providers/Meterwise/usageBatches?$top=' + PAGE);
  const batches = [...(first.value || [])];
  let next = first.nextLink;
  const list = el('section', {id: 'ingestion-batches', 'aria-live': 'polite'});
  const more = el('button', {type: 'button', class: 'secondary', id: 'older-batches'}, 'Show older batches');
  const status = el('div', {});
  const counts = el('div', {});
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const page = await call(next);
      batches.push(...(page.value || []));
      next = page.nextLink;
      draw();
    } catch (e) {
      status.replaceChildren(errorBox(e));
    } finally {
      more.disabled = false;
    }
  });
  const draw = () => {
    list.replaceChildren(batchLog(batches, names));
    counts.replaceChildren(...[summary(batches)].filter(Boolean));
    more.hidden = !next;
  };
  draw();
  root.replaceChildren(...[
    el('p', {class: 'lead'}, 'Every batch of usage sent to Meterwise, newest first. A batch is stored whole or not at all: '
      + 'a rejected batch stored no record.'),
    counts, list, more, status].filter(Boolean));
}

function summary(batches) {
  if (!batches.length) {
    return null;
  }
  const rejected = batches.filter(b => b.status === 'Rejected').length;
  const accepted = batches.reduce((sum, b) => sum + b.accepted, 0);
  return el('p', {id: 'ingestion-summary'}, 'Last ' + number(batches.length, 0) + ' batches: '
    + number(rejected, 0) + ' rejected, ' + number(accepted, 0) + ' records stored.');
}

function batchLog(batches, names) {
  if (!batches.length) {
    return note('No batch has been ingested yet.');
  }
  const subscriptions = b => {
    const shown = b.subscriptionIds.map(id => names.get(id) || id);
    const rest = b.subscriptionCount - shown.length;
    return shown.join(', ') + (rest > 0 ? ' and ' + number(rest, 0) + ' more' : '');
  };
  return el('div', {},
    table('Usage batches, newest first', [
      {label: 'Received (UTC)', value: b => dateTimeSeconds(utc(b.receivedAt))},
      {label: 'Status', value: b => el('span', {class: 'batch-status status-' + b.status.toLowerCase()}, b.status)},
      {label: 'Subscriptions', value: b => subscriptions(b)},
      {label: 'Records', numeric: true, value: b => number(b.records, 0)},
      {label: 'Stored', numeric: true, value: b => number(b.accepted, 0)},
      {label: 'Duplicates', numeric: true, value: b => number(b.duplicates, 0)},
      {label: 'Rejected', numeric: true, value: b => number(b.rejected, 0)},
      {label: 'Batch id', value: b => el('span', {class: 'mono'}, b.batchId)}],
    batches, {id: 'ingestion-table'}),
    batches.filter(b => b.errors.length).map(b => el('details', {class: 'batch-errors', 'data-batch': b.batchId},
      el('summary', {}, 'Why batch ' + b.batchId.slice(0, 8) + '… of ' + dateTimeSeconds(utc(b.receivedAt))
        + ' was rejected' + (b.errors.length >= KEPT_REASONS ? ' (the first ' + KEPT_REASONS + ' reasons)' : '')),
      table('Reasons', [
        {label: 'Line', numeric: true, value: e => String(e.line)},
        {label: 'Field', value: e => e.field || '–'},
        {label: 'Reason', value: e => e.reason}], b.errors))));
}
