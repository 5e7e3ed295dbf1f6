import { useGraphiQL } from '@graphiql/react';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { StrictMode, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { API_EXAMPLES } from '../shared/apiExamples';
import { loadDevPartners, type DevPartner } from '../shared/devPartners';
import { explorerFetcher } from './fetcher';
import { DevPartnerPicker, pickedHeaders, TokenPrompt, type PickedHeaders } from './HeaderPicker';
import { memoryStorage } from './memoryStorage';
import './explorer.css';

// Monaco's workers, bundled beside this script (scripts/buildPages.ts) and loaded from our
// own origin: the page's policy allows `worker-src 'self'` and nothing else.
const WORKERS: Record<string, string> = { json: 'json.worker.js', graphql: 'graphql.worker.js' };
(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker: (_id: string, label: string) => new Worker(`/assets/explorer/${WORKERS[label] ?? 'editor.worker.js'}`),
};

/**
 * One tab per example, titled by its operation name; the comment names its purpose and,
 * for a presented code, how development mints one (the variables say where it goes).
 */
const EXAMPLE_TABS = API_EXAMPLES.map((e) => ({
  query: `# X-Purpose: ${e.purpose}\n${e.presents ? `# The holder presents a code: npm run -s code -- ${e.presents} --purpose ${e.purpose}\n` : ''}${e.query}`,
  variables: e.variables ? JSON.stringify(e.variables, null, 2) : undefined,
}));

// Nothing of a session outlives the page (memoryStorage.ts).
const STORAGE = memoryStorage();

/** Why the schema is not shown, in both languages; null when it is. */
function schemaNotice(code: string | null): string | null {
  if (code === null) return null;
  if (code === 'UNAUTHENTICATED') return '请输入合作方令牌以加载接口模式 — Enter a partner token to load the schema.';
  if (code === 'SCOPE_NOT_GRANTED') {
    return '此令牌未授予 schema:explore 权限，接口模式（文档、补全）不予显示；查询仍可执行 — This token lacks the schema:explore scope: the schema (docs, completion) is not shown. Queries still run.';
  }
  return `无法加载接口模式 — The schema could not be loaded (${code}).`;
}

/**
 * Shows a pick in the headers editor, where the developer sees and edits it: written into
 * the active tab at each new pick, and into a tab opened later whose headers are empty.
 */
function HeaderSync({ headers }: { headers: Record<string, string> | null }) {
  const editor = useGraphiQL((s) => s.headerEditor);
  const tab = useGraphiQL((s) => s.activeTabIndex);
  const written = useRef<Record<string, string> | null>(null);
  useEffect(() => {
    if (!editor || !headers) return;
    if (written.current !== headers || editor.getValue().trim() === '') editor.setValue(JSON.stringify(headers, null, 2));
    written.current = headers;
  }, [editor, headers, tab]);
  return null;
}

function Explorer() {
  /** `undefined` while asking, `null` in production (the route answers 404). */
  const [partners, setPartners] = useState<DevPartner[] | null | undefined>(undefined);
  const [picked, setPicked] = useState<PickedHeaders | null>(null);
  const [token, setToken] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => {
    loadDevPartners().then(setPartners, () => setPartners(null));
  }, []);
  const headers = useMemo(() => (picked ? pickedHeaders(picked) : token ? { Authorization: `Bearer ${token}` } : null), [picked, token]);
  // A new fetcher makes GraphiQL introspect again, now with the new token.
  const fetcher = useMemo(() => explorerFetcher(headers ?? {}, setRefusal), [headers]);
  if (partners === undefined) return null;
  const notice = schemaNotice(refusal);
  return (
    <div className="yrd-explorer">
      {partners ? <DevPartnerPicker partners={partners} onPick={setPicked} /> : <TokenPrompt onToken={setToken} />}
      {notice && (
        <p className="yrd-notice" role="alert">
          {notice}
        </p>
      )}
      <GraphiQL
        fetcher={fetcher}
        storage={STORAGE}
        shouldPersistHeaders={false}
        showPersistHeadersSettings={false}
        defaultTabs={EXAMPLE_TABS}
        defaultEditorToolsVisibility="headers"
      >
        <GraphiQL.Logo>YRD</GraphiQL.Logo>
        <GraphiQL.Footer>
          <HeaderSync headers={headers} />
        </GraphiQL.Footer>
      </GraphiQL>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
