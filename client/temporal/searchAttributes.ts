/**
 * The project's search attributes (workflows/searchAttributes.ts) on a Temporal server:
 * registered on a namespace that lacks them, and spelled for the dev server's flags.
 */
import { isGrpcServiceError, type Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { CASE_SEARCH_ATTRIBUTES as SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';
import { errorText, TemporalSearchAttributeError } from './errors';

const GRPC_ALREADY_EXISTS = 6;

// Spelled the way `temporal server start-dev --search-attribute Name=Type` wants them.
export const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/**
 * Registers the project's search attributes on a namespace unless they are there
 * already; returns the names it added. A same-named attribute of another type is an
 * error, since queries on it would silently match nothing.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes;
  const missing: Record<string, number> = {};
  for (const key of SEARCH_ATTRIBUTES) {
    const wanted = encodeSearchAttributeIndexedValueType(key.type);
    if (wanted === undefined) throw new TemporalSearchAttributeError(`unknown search attribute type ${key.type}`);
    const have = existing[key.name];
    if (have === undefined) {
      missing[key.name] = wanted;
    } else if (have !== wanted) {
      throw new TemporalSearchAttributeError(
        `Search attribute ${key.name} exists on namespace ${namespace} with another type (${String(have)}); cadreflow needs ${CLI_TYPE_NAMES[key.type]}`,
      );
    }
  }
  const names = Object.keys(missing);
  if (names.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  } catch (err) {
    // Another process registering at the same moment is fine: the attribute is there.
    if (isGrpcServiceError(err) && err.code === GRPC_ALREADY_EXISTS) return [];
    const how = names
      .map((n) => `temporal operator search-attribute create --namespace ${namespace} --name ${n} --type Keyword`)
      .join('; ');
    throw new TemporalSearchAttributeError(
      `Could not register search attributes ${names.join(', ')} on namespace ${namespace}: ${errorText(err)}; register them yourself: ${how}`,
    );
  }
  return names;
}
