import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './style.css';
import {
  type ConsoleConfig,
  can,
  completeOidc,
  loadConfig,
  session,
  signInLocally,
  signInWithOidc,
  signOut,
} from './auth.ts';
import { Drop } from './pages/Drop.tsx';
import { JobDetail } from './pages/JobDetail.tsx';
import { Jobs } from './pages/Jobs.tsx';
import { ListDetail, Lists } from './pages/Lists.tsx';
import { OverviewPage } from './pages/Overview.tsx';
import { Resource } from './pages/Resource.tsx';
import { dataSources, partners, sharedAudiences } from './pages/specs.tsx';

/** Pages by hash route, each shown when the signed-in token has its scope. */
const PAGES = [
  { path: 'overview', label: 'Overview', scope: 'audiences:read' },
  { path: 'jobs', label: 'Drops and jobs', scope: 'audiences:read' },
  { path: 'lists', label: 'Lists', scope: 'audiences:read' },
  { path: 'audiences', label: 'Shared audiences', scope: 'audiences:read' },
  { path: 'data-sources', label: 'Data sources', scope: 'admin' },
  { path: 'partners', label: 'Partners', scope: 'admin' },
  { path: 'drop', label: 'Inspect and drop', scope: 'audiences:read' },
];

function useHash(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const onChange = () => {
      setParts(read());
      document.getElementById('main')?.focus();
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return parts;
}

function Route(props: { parts: string[] }) {
  const [page = 'overview', id] = props.parts;
  if (page === 'jobs' && id) return <JobDetail jobId={id} />;
  if (page === 'lists' && id) return <ListDetail listId={id} />;
  const routes: Record<string, () => preact.JSX.Element> = {
    overview: () => <OverviewPage />,
    jobs: () => <Jobs />,
    lists: () => <Lists />,
    audiences: () => <Resource spec={sharedAudiences} />,
    'data-sources': () => <Resource spec={dataSources} />,
    partners: () => <Resource spec={partners} />,
    drop: () => <Drop />,
  };
  return (routes[page] ?? routes.overview)?.() ?? null;
}

function SignIn(props: { config: ConsoleConfig; onSignedIn: () => void }) {
  const [error, setError] = useState('');
  const local = async () => {
    try {
      await signInLocally();
      props.onSignedIn();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const { oidc } = props.config;
  return (
    <main id="main" class="signin">
      <h1>audience-bridge</h1>
      <p>Sign in to see drops, lists and exports.</p>
      {oidc && (
        <button type="button" onClick={() => void signInWithOidc(oidc)}>
          Sign in with {new URL(oidc.issuer).host}
        </button>
      )}{' '}
      {props.config.localSignIn && (
        <button type="button" onClick={local}>
          Sign in locally (this machine only)
        </button>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}

function App() {
  const [config, setConfig] = useState<ConsoleConfig | undefined>(undefined);
  const [, setSignedIn] = useState(0);
  const [error, setError] = useState('');
  const [menu, setMenu] = useState(false);
  const parts = useHash();
  useEffect(() => {
    loadConfig()
      .then(async (loaded) => {
        if (loaded.oidc && (await completeOidc(loaded.oidc))) setSignedIn((n) => n + 1);
        setConfig(loaded);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  if (error)
    return (
      <main id="main">
        <p class="error" role="alert">
          {error}
        </p>
      </main>
    );
  if (!config) return <main id="main">Loading…</main>;
  const current = session();
  if (!current) return <SignIn config={config} onSignedIn={() => setSignedIn((n) => n + 1)} />;
  const active = parts[0] || 'overview';
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">audience-bridge</span>
        <button
          type="button"
          class="menu"
          aria-expanded={menu}
          aria-controls="nav"
          onClick={() => setMenu(!menu)}
        >
          Menu
        </button>
        <span class="who">
          {current.subject}{' '}
          <button
            type="button"
            onClick={() => {
              signOut();
              setSignedIn((n) => n + 1);
            }}
          >
            Sign out
          </button>
        </span>
      </header>
      <nav id="nav" class={menu ? 'open' : ''} aria-label="Pages">
        <ul>
          {PAGES.filter((p) => can(p.scope)).map((p) => (
            <li key={p.path}>
              <a
                href={`#/${p.path}`}
                aria-current={active === p.path ? 'page' : undefined}
                onClick={() => setMenu(false)}
              >
                {p.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Route parts={parts} />
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
