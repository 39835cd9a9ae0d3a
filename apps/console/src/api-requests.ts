import { knowledgeRoutes, requestRoutes, type BodyOf, type QueryOf } from '@hotline/contracts';
import { request as call, requestFile } from './api';
import { saveBlob } from './api-registers';

/**
 * The console's calls about the agent desk (坐席工作台) and the registered requests (受理登记): `requestRoutes` of
 * `@hotline/contracts`, plus the knowledge search the desk suggests articles from (`knowledgeRoutes.searchKnowledge`).
 * Same conventions as `api-auth.ts` (the session cookie, `X-CSRF-Token` on writes, a 401 ends the session, refusals
 * are {@link ApiError} with the server's `code`, message and offending `field`). Callers come back masked only.
 */

type R = typeof requestRoutes;

/** Request and desk calls, typed by the contract. */
export const requestsApi = {
  /** `GET /api/desk` (`requests.register`): the current call and the unfinished count; 403 `no_agent_id` without an agent id. */
  desk: () => call(requestRoutes.desk),
  /** `POST /api/requests`: 400 naming the field, 403 `not_your_call`, 409 `call_registered` (one request per call). */
  register: (body: BodyOf<R['registerRequest']>) => call(requestRoutes.registerRequest, { body }),
  /**
   * `PATCH /api/requests/{id}` (the author only): 404 for anyone else's, 409 naming `status` / `outcome`, 409 `stale`
   * when `expectedUpdatedAt` is given and the request changed since.
   */
  update: (id: number, body: BodyOf<R['updateRequest']>) => call(requestRoutes.updateRequest, { params: { id }, body }),
  /** `GET /api/requests/{id}`: one request as it is now (404 `not_found` when the user may not see it). */
  get: (id: number) => call(requestRoutes.request, { params: { id } }),
  /** `GET /api/requests/mine`: the user's own requests, newest first. */
  mine: (query: QueryOf<R['myRequests']>) => call(requestRoutes.myRequests, { query }),
  /** `GET /api/requests` (`requests.read`): everyone's requests, newest first, filtered. */
  list: (query: QueryOf<R['requests']>) => call(requestRoutes.requests, { query }),
  /** `GET /api/knowledge/search` (`knowledge.read`): published articles ranked for the text, the type's first. */
  searchKnowledge: (query: QueryOf<typeof knowledgeRoutes.searchKnowledge>) => call(knowledgeRoutes.searchKnowledge, { query }),
  /**
   * `GET /api/requests/export?month=` (`requests.read`): the month's requests as xlsx, saved by the browser.
   * @returns the file name saved and its size in bytes.
   * @throws ApiError when the API refuses (400 naming `month`, 403; a 401 first ends the session).
   */
  async exportMonth(month: string): Promise<{ fileName: string; bytes: number }> {
    const res = await requestFile(requestRoutes.exportRequests, { query: { month } });
    const blob = await res.blob();
    const fileName = `受理登记-${month}.xlsx`;
    saveBlob(blob, fileName);
    return { fileName, bytes: blob.size };
  },
};
