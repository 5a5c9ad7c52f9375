/**
 * What Bedrock's List* control-plane operations (ListModelCustomizationJobs, ListCustomModels,
 * ListProvisionedModelThroughputs) have in common: a creation-time window, an optional status, a
 * name substring, sorting by creation time, and offset pages.
 */
import { type Constraints, type Page, paginate } from './request-checks.js';

export interface ListFilters {
  after: number | undefined;
  before: number | undefined;
  statusEquals: string | undefined;
  nameContains: string | undefined;
  maxResults: number | undefined;
  sortOrder: string | undefined;
  nextToken: string | null;
}

/** What the creation-time window is called: `creationTimeAfter` in most lists, `createdAfter` in some. */
export interface WindowNames {
  after: string;
  before: string;
}
const CREATION_TIME: WindowNames = { after: 'creationTimeAfter', before: 'creationTimeBefore' };

/**
 * Reads the shared query members into `checks`, in the order Bedrock reports their violations;
 * `statuses` is given only by operations that take `statusEquals`. The caller adds its own members
 * and calls `checks.check()`, so every violation comes back in one ValidationException.
 */
export function readListFilters(
  checks: Constraints,
  query: URLSearchParams,
  statuses?: readonly string[],
  window: WindowNames = CREATION_TIME,
): ListFilters {
  const after = checks.timestamp(window.after, query.get(window.after));
  const before = checks.timestamp(window.before, query.get(window.before));
  const statusEquals = statuses
    ? checks.string('statusEquals', query.get('statusEquals'), { values: statuses })
    : undefined;
  const nameContains = checks.string('nameContains', query.get('nameContains'), { min: 1, max: 63 });
  const maxResults = checks.integer('maxResults', query.get('maxResults'), { min: 1, max: 1000 });
  checks.string('sortBy', query.get('sortBy'), { values: ['CreationTime'] });
  const sortOrder = checks.string('sortOrder', query.get('sortOrder'), {
    values: ['Ascending', 'Descending'],
  });
  return {
    after,
    before,
    statusEquals,
    nameContains,
    maxResults,
    sortOrder,
    nextToken: query.get('nextToken'),
  };
}

export interface Listable {
  region: string;
  creationTime: number;
}

/** How one kind of record answers the shared filters, and any filter of its own operation. */
export interface ListFields<T> {
  name(record: T): string;
  status?(record: T): string;
  matches?(record: T): boolean;
}

/** The caller's region's records that pass the filters, newest first unless Ascending, one page of them. */
export function selectPage<T extends Listable>(
  records: readonly T[],
  region: string,
  filters: ListFilters,
  fields: ListFields<T>,
): Page<T> {
  const { after, before, statusEquals, nameContains, sortOrder } = filters;
  const selected = records
    .filter((record) => record.region === region)
    .filter((record) => after === undefined || record.creationTime > after)
    .filter((record) => before === undefined || record.creationTime < before)
    .filter((record) => statusEquals === undefined || fields.status?.(record) === statusEquals)
    .filter((record) => nameContains === undefined || fields.name(record).includes(nameContains))
    .filter((record) => fields.matches?.(record) ?? true)
    .sort((left, right) =>
      sortOrder === 'Ascending'
        ? left.creationTime - right.creationTime
        : right.creationTime - left.creationTime,
    );
  return paginate(selected, filters.maxResults, filters.nextToken);
}
