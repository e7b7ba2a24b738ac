import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
// Each entry defines its tags: <city-map> + <city-grid-layer>, and <city-closure-funnel>.
import 'citykit/grid';
import 'citykit/funnel';

async function loadJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** The widgets. React 19 sets `data` as a property (the elements define it) and binds
 *  custom events with `on<event-name>`. */
function Dashboard({ grids, cases, onSelect }) {
  return (
    <>
      <city-map>
        <city-grid-layer data={grids} level="community" metric="events" oncity-grid-select={(event) => onSelect(event.detail.id)} />
      </city-map>
      <city-closure-funnel preset="city-management" data={cases} />
    </>
  );
}

function App() {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [selected, setSelected] = useState(null);
  const [shown, setShown] = useState(true);

  useEffect(() => {
    let live = true;
    Promise.all([loadJson('./data/grids.geojson'), loadJson('./data/cases-city-management.json')])
      .then(([grids, cases]) => live && setData({ grids, cases }))
      .catch((e) => live && setError(String(e.message)));
    return () => {
      live = false;
    };
  }, []);

  return (
    <main>
      <h1>CityKit in React</h1>
      <div className="toolbar">
        <output id="selected">Selected: {selected ?? 'none'}</output>
        {shown && (
          <button id="unmount" type="button" onClick={() => setShown(false)}>
            Remove the widgets
          </button>
        )}
      </div>
      {error && <p role="alert">{error}</p>}
      {shown && data && <Dashboard grids={data.grids} cases={data.cases} onSelect={setSelected} />}
    </main>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
