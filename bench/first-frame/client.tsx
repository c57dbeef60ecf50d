import { hydrateRoot } from 'react-dom/client';
import { FirstFrameApp, type FirstFrameProps } from './app.tsx';

// The server wrote the props it rendered with; hydrating with the same props keeps its markup.
const props = JSON.parse(document.getElementById('props')!.textContent!) as FirstFrameProps;
hydrateRoot(document.getElementById('root')!, <FirstFrameApp {...props} />);
