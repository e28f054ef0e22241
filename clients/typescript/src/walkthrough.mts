// A third-party client's walk through the API, written against types generated from the live
// OpenAPI document (`openapi-typescript`) and sent with `openapi-fetch`. scripts/client-test.sh
// regenerates `generated/api.d.ts` from the running server before compiling this file, so a
// change to the document that this code no longer matches fails the compile, and a server that
// answers other than its document says fails an assertion.
//
//   node dist/src/walkthrough.mjs ORIGIN LLM_BASE_URL
import assert from 'node:assert/strict';

import createClient from 'openapi-fetch';

import type { components, paths } from '../generated/api.js';

type Schemas = components['schemas'];
type StreamEvent = Schemas['StreamEvent'];

const [origin, llmBaseUrl] = process.argv.slice(2);
if (!origin || !llmBaseUrl) {
  console.error('usage: walkthrough.mjs ORIGIN LLM_BASE_URL');
  process.exit(2);
}

const RESUME = [
  '# Personal', '', '## Contact Information', '', 'Name: Sam Lee', '', '# Experience', '',
  '## Roles', '', '### Role', '', '#### Basics', '', 'Company: Acme', 'Title: Engineer',
  'Start date: 01/2020', '', '#### Responsibilities', '', '* Built the billing API', '',
  '#### Skills', '', '* Rust',
].join('\n');
const JOB =
  'Senior Platform Engineer at Initech. We need Rust, Kafka and PostgreSQL. You will design event pipelines.';

/** Fails with the status and the error envelope when a call did not succeed. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  assert.ok(
    result.response.ok && result.data !== undefined,
    `${what}: ${result.response.status} ${JSON.stringify(result.error)}`,
  );
  return result.data as T;
}

/** Reads an SSE body to its end and returns the events, each checked against the schema's shape. */
async function readEvents(stream: ReadableStream<Uint8Array>): Promise<StreamEvent[]> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    text += decoder.decode(chunk, { stream: true });
  }
  const events: StreamEvent[] = [];
  for (const block of text.split('\n\n')) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const at = line.indexOf(':');
      if (at > 0) fields.set(line.slice(0, at), line.slice(at + 1).trimStart());
    }
    const id = fields.get('id');
    const event = fields.get('event');
    const data = fields.get('data');
    if (id === undefined || event === undefined || data === undefined) continue;
    assert.match(id, /^[0-9]+$/);
    JSON.parse(data);
    events.push({ id, event, data } as StreamEvent);
  }
  return events;
}

// 1. The administrator signs in once (a session), points their LLM settings at the model
//    server and creates a personal access token: the only time a session is needed.
const anonymous = createClient<paths>({ baseUrl: origin });
const setup = ok(
  await anonymous.POST('/api/v1/setup', {
    body: {
      username: 'client',
      email: 'client@example.com',
      password: 'client password 123',
      session: 'bearer',
    },
  }),
  'setup',
);
assert.ok(setup.access_token, 'a bearer session carries its token');
const session = createClient<paths>({
  baseUrl: origin,
  headers: { Authorization: `Bearer ${setup.access_token}` },
});
ok(
  await session.PUT('/api/v1/settings', {
    body: { llm_endpoint: llmBaseUrl, llm_model: 'fake-model', api_key: 'sk-client-test' },
  }),
  'settings',
);
const created = ok(
  await session.POST('/api/v1/tokens', {
    body: { name: 'generated client', scope: 'read-write', expires_in_days: 1 },
  }),
  'create token',
);
assert.match(created.secret, /^re_pat_[A-Za-z0-9_-]{43}$/);
const scope: Schemas['TokenScope'] = created.token.scope;
assert.equal(scope, 'read-write');

// 2. Everything else with the token.
const api = createClient<paths>({
  baseUrl: origin,
  headers: { Authorization: `Bearer ${created.secret}` },
});
const refused = await api.POST('/api/v1/tokens', { body: { name: 'more', scope: 'read' } });
assert.equal(refused.response.status, 403);
assert.equal(refused.error?.error.code, 'session_required');

const empty = ok(await api.GET('/api/v1/resumes', { params: { query: { sort: '-updated' } } }), 'list');
assert.equal(empty.total, 0);

const resume = ok(
  await api.POST('/api/v1/resumes', { body: { name: 'Base', content: RESUME } }),
  'create',
);
assert.equal(resume.version, 1);
assert.equal(resume.kind, 'base');
const path = { params: { path: { id: resume.id } } };

const renamed = ok(
  await api.PUT('/api/v1/resumes/{id}', { ...path, body: { name: 'Base (renamed)', version: 1 } }),
  'update',
);
assert.equal(renamed.version, 2);
assert.equal(renamed.name, 'Base (renamed)');

const stale = await api.PUT('/api/v1/resumes/{id}', { ...path, body: { name: 'Lost', version: 1 } });
assert.equal(stale.response.status, 409);
assert.equal(stale.error?.error.code, 'version_conflict');

const listed = ok(await api.GET('/api/v1/resumes'), 'list again');
assert.deepEqual(
  listed.items.map((item) => [item.id, item.name]),
  [[resume.id, 'Base (renamed)']],
);

// 3. Documents, as bytes of their media types.
const pdf = await api.GET('/api/v1/resumes/{id}/export', {
  params: { path: { id: resume.id }, query: { format: 'pdf', template: 'modern' } },
  parseAs: 'arrayBuffer',
});
assert.equal(pdf.response.status, 200);
assert.equal(pdf.response.headers.get('content-type'), 'application/pdf');
assert.equal(Buffer.from(ok(pdf, 'pdf')).subarray(0, 5).toString('latin1'), '%PDF-');
const docx = await api.GET('/api/v1/resumes/{id}/export', {
  params: { path: { id: resume.id }, query: { format: 'docx', template: 'original-ats' } },
  parseAs: 'arrayBuffer',
});
assert.equal(
  docx.response.headers.get('content-type'),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
);
assert.deepEqual([...Buffer.from(ok(docx, 'docx')).subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04]);

// 4. A refinement against the model server, its events, and applying it.
const started = ok(
  await api.POST('/api/v1/resumes/{id}/refinements', {
    ...path,
    body: { job_description: JOB, company: 'Initech' },
  }),
  'start refinement',
);
const stream = await api.GET('/api/v1/refinements/{id}/events', {
  params: { path: { id: started.id } },
  parseAs: 'stream',
});
assert.equal(stream.response.headers.get('content-type'), 'text/event-stream');
const body = stream.response.body;
assert.ok(body, 'the stream has a body');
const events = await readEvents(body);
const kinds = events.map((event) => event.event);
assert.ok(kinds.includes('progress'), kinds.join(','));
assert.ok(kinds.includes('role'), kinds.join(','));
const done = events.at(-1);
assert.ok(done && done.event === 'done', kinds.join(','));
const finished: Schemas['DoneEvent'] = JSON.parse(done.data);
assert.equal(finished.status, 'succeeded');

const state = ok(
  await api.GET('/api/v1/refinements/{id}', { params: { path: { id: started.id } } }),
  'refinement',
);
assert.equal(state.status, 'succeeded');
const tailored = ok(
  await api.POST('/api/v1/refinements/{id}/apply', {
    params: { path: { id: started.id } },
    body: { mode: 'new', accepted_roles: [0] },
  }),
  'apply',
);
assert.equal(tailored.kind, 'tailored');
assert.equal(tailored.parent?.id, resume.id);
assert.equal(tailored.company, 'Initech');

console.log(
  `generated client: ${events.length} events, PDF ${pdf.data?.byteLength} bytes, DOCX ${docx.data?.byteLength} bytes, tailored resume ${tailored.id}`,
);
