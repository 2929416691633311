/** The page frame: skip link, navigation, the current page, and where the data comes from. */
import { useEffect, useRef } from 'preact/hooks';
import type { MetaResponse } from '../../src/dashboard/api/types.js';
import { ApiError, useApi } from './api.js';
import { CatalogPage } from './pages/catalog.js';
import { ConvergencePage } from './pages/convergence.js';
import { CostPage } from './pages/cost.js';
import { GatewayPage } from './pages/gateway.js';
import { LicensePage } from './pages/license.js';
import { ModelPage } from './pages/model.js';
import { RoutingPage } from './pages/routing.js';
import { RunPage } from './pages/run.js';
import { RunsPage } from './pages/runs.js';
import { SignInPage } from './pages/sign-in.js';
import { useRoute, type Route } from './router.js';

const NAV = [
  { path: 'convergence', label: 'Convergence' },
  { path: 'catalog', label: 'Catalog' },
  { path: 'evals', label: 'Evaluations' },
  { path: 'routing', label: 'Routing' },
  { path: 'gateway', label: 'Gateway' },
  { path: 'cost', label: 'Cost' },
  { path: 'license', label: 'Licence' },
] as const;

function Page({ route, meta }: { route: Route; meta: MetaResponse | undefined }) {
  const [section = 'convergence', id] = route.segments;
  switch (section) {
    case 'catalog':
      return id === undefined ? <CatalogPage /> : <ModelPage id={id} />;
    case 'evals':
      return id === undefined ? <RunsPage /> : <RunPage runId={id} caseId={route.query.get('case')} />;
    case 'routing':
      return <RoutingPage />;
    case 'gateway':
      return <GatewayPage />;
    case 'cost':
      return <CostPage />;
    case 'license':
      return <LicensePage />;
    case 'convergence':
      return <ConvergencePage meta={meta} />;
    default:
      return (
        <section>
          <h1 tabIndex={-1}>Not found</h1>
          <p>
            There is no page “{section}”. <a href="#/convergence">Go to Convergence</a>.
          </p>
        </section>
      );
  }
}

export function App() {
  const route = useRoute();
  const meta = useApi<MetaResponse>('/api/meta');
  const main = useRef<HTMLElement>(null);
  const section = route.segments[0] ?? 'convergence';
  const pageKey = route.segments.join('/');
  const first = useRef(true);

  useEffect(() => {
    const label = NAV.find((item) => item.path === section)?.label ?? 'parity';
    document.title = `${label} · parity`;
    if (first.current) {
      first.current = false;
      return;
    }
    // after navigating, put keyboard and screen-reader focus on the new page's heading
    const timer = setTimeout(() => main.current?.querySelector<HTMLElement>('h1')?.focus(), 0);
    return () => clearTimeout(timer);
  }, [pageKey, section]);

  return (
    <>
      <a class="skip" href="#main" onClick={(event) => {
        event.preventDefault();
        main.current?.querySelector<HTMLElement>('h1')?.focus();
      }}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="#/convergence">
          parity
        </a>
        <nav aria-label="Sections">
          <ul>
            {NAV.map((item) => (
              <li key={item.path}>
                <a href={`#/${item.path}`} aria-current={item.path === section ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main}>
        {meta.error instanceof ApiError && meta.error.status === 401 ? (
          <SignInPage message={meta.error.message} />
        ) : (
          <Page route={route} meta={meta.data} />
        )}
      </main>
      <footer class="bottom">
        {meta.data === undefined ? (
          <span>parity dashboard</span>
        ) : (
          <span>
            parity {meta.data.version} · catalog: {meta.data.catalog.models.toLocaleString('en-US')} models ({meta.data.catalog.openModels} open),{' '}
            {meta.data.catalog.results.toLocaleString('en-US')} results up to {meta.data.catalog.latestResult ?? '—'} · store: {meta.data.store.kind}{' '}
            <code>{meta.data.store.location}</code>
          </span>
        )}
      </footer>
    </>
  );
}
